package dev.fedroute;

import java.util.Objects;

/**
 * A pattern of server names in a destination policy: a host ({@code example.org}, {@code
 * 192.0.2.1}, {@code [2001:db8::1]}), which matches that host on any port, or {@code
 * *.example.org}, which matches every name below {@code example.org} (any depth) but not {@code
 * example.org} itself. Hosts compare case-insensitively. Immutable.
 */
public final class ServerPattern {
  private final String text;
  private final String host;
  private final boolean subdomains;

  private ServerPattern(String text, String host, boolean subdomains) {
    this.text = text;
    this.host = host;
    this.subdomains = subdomains;
  }

  /**
   * Parses a pattern.
   *
   * @param text {@code host} or {@code *.domain}
   * @return the pattern
   * @throws IllegalArgumentException naming the text when it is neither a host without a port nor
   *     {@code *.} followed by a DNS name
   */
  public static ServerPattern parse(String text) {
    Objects.requireNonNull(text, "pattern");
    String trimmed = text.trim();
    boolean subdomains = trimmed.startsWith("*.");
    String host = subdomains ? trimmed.substring(2) : trimmed;
    ServerName name;
    try {
      name = ServerName.parse(host);
    } catch (InvalidServerNameException e) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a server name pattern (example.org or *.example.org): "
              + e.getMessage(),
          e);
    }
    if (name.port().isPresent() || (subdomains && name.isIpLiteral())) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a server name pattern (example.org or *.example.org)");
    }
    return new ServerPattern(trimmed, name.canonicalHost(), subdomains);
  }

  /**
   * Whether a server name's host matches.
   *
   * @param name the server name
   * @return true when it matches, whatever its port
   */
  public boolean matches(ServerName name) {
    String candidate = name.canonicalHost();
    return subdomains ? isBelow(candidate, host) : candidate.equals(host);
  }

  /** Whether a lower-case host name is below a lower-case domain (at any depth, not itself). */
  static boolean isBelow(String candidate, String domain) {
    return candidate.length() > domain.length() + 1
        && candidate.endsWith(domain)
        && candidate.charAt(candidate.length() - domain.length() - 1) == '.';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerPattern p && p.subdomains == subdomains && p.host.equals(host);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, subdomains);
  }

  /**
   * The pattern as written.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return text;
  }
}
