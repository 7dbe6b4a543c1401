package dev.fedroute;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Strict parsing and canonical printing of IP literals, without {@link
 * InetAddress#getByName(String)} (which accepts {@code 127.1}, octal parts and other forms that
 * turn into other addresses). Thread-safe, stateless.
 */
public final class IpAddresses {
  private IpAddresses() {}

  /**
   * Parses a strict dotted quad (four parts 0-255, no leading zeros) or an IPv6 address without
   * brackets (RFC 4291 text forms, including an embedded dotted quad; no zone id).
   *
   * @param text the candidate literal
   * @return the address, or empty when the text is not such a literal
   */
  public static Optional<InetAddress> parse(String text) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Parses a strict dotted quad only.
   *
   * @param text the candidate
   * @return the IPv4 address, or empty
   */
  public static Optional<InetAddress> parseIpv4(String text) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Parses an IPv6 address without brackets only.
   *
   * @param text the candidate
   * @return the IPv6 address (never converted to an IPv4 one), or empty
   */
  public static Optional<InetAddress> parseIpv6(String text) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The canonical text of an address: dotted quad, or RFC 5952 compressed lower-case IPv6 without
   * brackets ({@code 2001:db8::1}).
   *
   * @param address the address
   * @return its text
   */
  public static String toText(InetAddress address) {
    throw new UnsupportedOperationException("TODO");
  }
}
