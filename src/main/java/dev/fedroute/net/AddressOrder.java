package dev.fedroute.net;

import java.net.InetAddress;
import java.util.List;

/** RFC 8305 address ordering: IPv6 first, then alternating families. Stateless. */
public final class AddressOrder {
  private AddressOrder() {}

  /**
   * Orders addresses for connection attempts: interleaves the families starting with IPv6, keeping
   * the order within each family; duplicates removed.
   *
   * @param addresses the addresses
   * @return the ordered addresses
   */
  public static List<InetAddress> interleave(List<InetAddress> addresses) {
    throw new UnsupportedOperationException("TODO");
  }
}
