package dev.fedroute;

import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A validated Matrix server name, {@code host [":" port]} (docs/resolution.md section 1). Immutable
 * and thread-safe; equal when host (compared case-insensitively, IP literals by address) and port
 * are, that is when their {@link #canonical()} forms are.
 *
 * <p>The host is a strict IPv4 dotted quad, an IPv6 address in square brackets, or an ASCII DNS
 * name of 1-255 characters (letters, digits, {@code -}, {@code .}) whose labels have 1-63
 * characters. The port, when present, is 1-5 digits with a value of 1-65535. Parsing never touches
 * the network.
 */
public final class ServerName {
  private static final int NO_PORT = -1;

  private final String text;
  private final String host;
  private final String canonicalHost;
  private final int port;
  private final InetAddress address;
  private final String canonical;

  private ServerName(String text, String host, InetAddress address, int port) {
    this.text = text;
    this.host = host;
    this.address = address;
    this.port = port;
    this.canonicalHost =
        address == null ? host.toLowerCase(Locale.ROOT) : IpAddresses.toText(address);
    boolean bracketed = address != null && address.getAddress().length == 16;
    String hostPart = bracketed ? "[" + canonicalHost + "]" : canonicalHost;
    this.canonical = port == NO_PORT ? hostPart : hostPart + ":" + port;
  }

  /**
   * Parses and validates a server name.
   *
   * @param text the server name, for example {@code example.org:8448} or {@code [2001:db8::1]}
   * @return the server name
   * @throws InvalidServerNameException naming what is wrong (also for {@code null}); for a U-label
   *     host the message gives the A-label form
   */
  public static ServerName parse(String text) {
    if (text == null) {
      throw new InvalidServerNameException("invalid server name (null): must not be null");
    }
    if (text.isEmpty()) {
      throw ServerNameGrammar.invalid(text, "must not be empty");
    }
    ServerNameGrammar.requireAscii(text);
    if (text.charAt(0) == '[') {
      return parseBracketed(text);
    }
    int colon = text.indexOf(':');
    if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
      throw ServerNameGrammar.tooManyColons(text);
    }
    String hostText = colon < 0 ? text : text.substring(0, colon);
    InetAddress address = ServerNameGrammar.checkHost(text, hostText);
    int port = colon < 0 ? NO_PORT : ServerNameGrammar.parsePort(text, text.substring(colon + 1));
    return new ServerName(text, hostText, address, port);
  }

  private static ServerName parseBracketed(String text) {
    int close = text.indexOf(']');
    if (close < 0) {
      throw ServerNameGrammar.invalid(text, "'[' without a closing ']'");
    }
    String inside = text.substring(1, close);
    InetAddress address =
        IpAddresses.parseIpv6(inside)
            .orElseThrow(
                () ->
                    ServerNameGrammar.invalid(
                        text, "\"" + inside + "\" in brackets is not a valid IPv6 address"));
    String rest = text.substring(close + 1);
    if (rest.isEmpty()) {
      return new ServerName(text, inside, address, NO_PORT);
    }
    if (rest.charAt(0) != ':') {
      throw ServerNameGrammar.invalid(text, "only \":port\" may follow the ']'");
    }
    return new ServerName(
        text, inside, address, ServerNameGrammar.parsePort(text, rest.substring(1)));
  }

  /**
   * The server name exactly as given.
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * The host as given, without IPv6 brackets.
   *
   * @return the host
   */
  public String host() {
    return host;
  }

  /**
   * The host in canonical form: lower case for a DNS name, {@link IpAddresses#toText} for an IP.
   * Used for DNS lookups, cache keys and the TLS name.
   *
   * @return the canonical host
   */
  public String canonicalHost() {
    return canonicalHost;
  }

  /**
   * The explicit port, if any.
   *
   * @return the port
   */
  public OptionalInt port() {
    return port == NO_PORT ? OptionalInt.empty() : OptionalInt.of(port);
  }

  /**
   * The address when the host is an IP literal.
   *
   * @return the address, or empty for a DNS name
   */
  public Optional<InetAddress> ipAddress() {
    return Optional.ofNullable(address);
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
    return canonical;
  }

  /** Equal when the {@link #canonical()} forms are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ServerName that && canonical.equals(that.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  /** Returns {@link #text()}. */
  @Override
  public String toString() {
    return text();
  }
}
