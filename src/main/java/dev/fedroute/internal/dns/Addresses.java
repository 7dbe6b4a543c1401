package dev.fedroute.internal.dns;

import dev.fedroute.internal.text.IpAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;

/** Turns A and AAAA records into addresses without host names. */
final class Addresses {
  private Addresses() {}

  /**
   * The addresses of the A and AAAA records among the given ones, in order. An AAAA record always
   * gives an {@link Inet6Address}, also for an IPv4-mapped address, so that the blocklist sees what
   * DNS said.
   */
  static List<InetAddress> of(List<Record> records) {
    List<InetAddress> out = new ArrayList<>();
    for (Record r : records) {
      if (r instanceof ARecord a) {
        out.add(IpAddresses.fromBytes(a.getAddress().getAddress()));
      } else if (r instanceof AAAARecord aaaa) {
        out.add(IpAddresses.fromBytes(aaaa.rdataToWireCanonical()));
      }
    }
    return out;
  }
}
