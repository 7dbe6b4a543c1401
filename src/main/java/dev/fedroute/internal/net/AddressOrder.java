package dev.fedroute.internal.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** RFC 8305 address ordering: IPv6 first, then alternating families. Stateless. */
public final class AddressOrder {
  private AddressOrder() {}

  /**
   * Orders addresses for connection attempts (RFC 8305 section 4, a first address family count of
   * one): interleaves the families starting with IPv6, keeping the order within each family; when
   * one family runs out the rest of the other follows. Duplicates are removed, the first occurrence
   * kept. An IPv4-mapped IPv6 address counts as IPv6.
   *
   * @param addresses the addresses
   * @return the ordered addresses, an unmodifiable list: the given one itself when it is
   *     unmodifiable and already so ordered (so that a resolution shares its DNS answer's list)
   * @throws NullPointerException when the list or an element is {@code null}
   */
  public static List<InetAddress> interleave(List<InetAddress> addresses) {
    Set<InetAddress> ipv6 = new LinkedHashSet<>();
    Set<InetAddress> ipv4 = new LinkedHashSet<>();
    for (InetAddress address : addresses) {
      if (address.getAddress().length == 16) {
        ipv6.add(address);
      } else {
        ipv4.add(address);
      }
    }
    List<InetAddress> ordered = new ArrayList<>(ipv6.size() + ipv4.size());
    var sixes = ipv6.iterator();
    var fours = ipv4.iterator();
    while (sixes.hasNext() || fours.hasNext()) {
      if (sixes.hasNext()) {
        ordered.add(sixes.next());
      }
      if (fours.hasNext()) {
        ordered.add(fours.next());
      }
    }
    return List.copyOf(ordered.equals(addresses) ? addresses : ordered);
  }
}
