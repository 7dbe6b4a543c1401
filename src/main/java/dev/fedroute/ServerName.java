package dev.fedroute;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A validated Matrix server name, {@code host [":" port]} (spec-notes section 1). Immutable and
 * thread-safe; equal when host (compared case-insensitively, IP literals by address) and port are.
 */
public final class ServerName {

  private ServerName() {}

  /**
   * Parses and validates a server name.
   *
   * @param text the server name, for example {@code example.org:8448} or {@code [2001:db8::1]}
   * @return the server name
   * @throws InvalidServerNameException naming what is wrong; for a U-label host the message gives
   *     the A-label form
   */
  public static ServerName parse(String text) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The server name exactly as given.
   *
   * @return the text
   */
  public String text() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The host as given, without IPv6 brackets.
   *
   * @return the host
   */
  public String host() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The host in canonical form: lower case for a DNS name, {@link IpAddresses#toText} for an IP.
   * Used for DNS lookups, cache keys and the TLS name.
   *
   * @return the canonical host
   */
  public String canonicalHost() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The explicit port, if any.
   *
   * @return the port
   */
  public OptionalInt port() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The address when the host is an IP literal.
   *
   * @return the address, or empty for a DNS name
   */
  public Optional<InetAddress> ipAddress() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Whether the host is an IP literal.
   *
   * @return true for IPv4 and bracketed IPv6 hosts
   */
  public boolean isIpLiteral() {
    return ipAddress().isPresent();
  }

  /**
   * The canonical form: {@link #canonicalHost()} (IPv6 in brackets) plus {@code :port} if given.
   * Used as a cache key.
   *
   * @return the canonical text
   */
  public String canonical() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Returns {@link #text()}. */
  @Override
  public String toString() {
    return text();
  }
}
