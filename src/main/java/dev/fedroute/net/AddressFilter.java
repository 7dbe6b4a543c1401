package dev.fedroute.net;

import dev.fedroute.Cidr;
import java.net.InetAddress;
import java.util.List;

/**
 * The outbound blocklist and allowlist (spec-notes section 6), judging IPv6 forms that embed an
 * IPv4 address by that address. Immutable and thread-safe.
 */
public final class AddressFilter {

  /**
   * Creates a filter.
   *
   * @param blocklist blocked ranges
   * @param allowlist ranges allowed even when blocked
   */
  public AddressFilter(List<Cidr> blocklist, List<Cidr> allowlist) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Whether no connection may go to this address.
   *
   * @param address the address
   * @return true when blocked
   */
  public boolean isBlocked(InetAddress address) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The addresses that are not blocked, in their order.
   *
   * @param addresses candidates
   * @return the permitted ones
   */
  public List<InetAddress> permitted(List<InetAddress> addresses) {
    return addresses.stream().filter(a -> !isBlocked(a)).toList();
  }
}
