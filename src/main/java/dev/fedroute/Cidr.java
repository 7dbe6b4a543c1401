package dev.fedroute;

import java.net.InetAddress;
import java.util.List;

/**
 * An IPv4 or IPv6 address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. Immutable.
 *
 * @param network the network address (host bits zero)
 * @param prefixLength the prefix length, 0-32 or 0-128
 */
public record Cidr(InetAddress network, int prefixLength) {

  /**
   * Parses {@code address/prefix}; a bare address is a single-host range.
   *
   * @param text the range
   * @return the range
   * @throws IllegalArgumentException naming the text when it is not a valid range
   */
  public static Cidr parse(String text) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Parses each text.
   *
   * @param texts ranges
   * @return the parsed ranges, in order
   */
  public static List<Cidr> parseAll(List<String> texts) {
    return texts.stream().map(Cidr::parse).toList();
  }

  /**
   * Whether the address is in this range (an IPv4 address is never in an IPv6 range and back).
   *
   * @param address the address
   * @return true when covered
   */
  public boolean contains(InetAddress address) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public String toString() {
    return IpAddresses.toText(network) + "/" + prefixLength;
  }
}
