package dev.fedroute;

import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One destination to try: the host it was found under (an SRV target, the delegated host, the
 * server name's host or an IP literal), its port, and its usable addresses in the order they should
 * be tried (RFC 8305, blocked addresses already removed).
 *
 * <p>The host is informational: connections go to {@link #addresses()}, while SNI, the certificate
 * check and the {@code Host} header use the {@link Resolution}'s names, never this host.
 *
 * @param host the name (or IP text) this target was found under, lower case
 * @param port the TCP port, 1-65535
 * @param addresses the addresses to try, in order; never empty
 */
public record Target(String host, int port, List<InetAddress> addresses) {
  /**
   * Validates and copies the arguments.
   *
   * @param host the name (or IP text) this target was found under, lower case
   * @param port the TCP port, 1-65535
   * @param addresses the addresses to try, in order; never empty
   */
  public Target {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    addresses = List.copyOf(addresses);
  }

  /**
   * The target as {@code host:port -> [addresses]}, IPv6 addresses in RFC 5952 form ({@code
   * srv1.example.org:8448 -> [2001:db8::1, 192.0.2.10]}).
   *
   * @return the text form
   */
  @Override
  public String toString() {
    return IpAddresses.authority(host, port)
        + " -> "
        + addresses.stream().map(IpAddresses::toText).collect(Collectors.joining(", ", "[", "]"));
  }
}
