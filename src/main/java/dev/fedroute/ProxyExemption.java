package dev.fedroute;

import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the outbound proxy's {@code no-proxy} list: a destination reached directly, not
 * through the proxy. Three forms: a host name ({@code partner.example.org}: that name only), a
 * suffix ({@code .corp.example}: every name below {@code corp.example}, at any depth, not {@code
 * corp.example} itself), or an address range ({@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code
 * 2001:db8::/32}: every connection to an address in it). Names compare case-insensitively; a name
 * entry never matches an address, nor a range a name. Immutable.
 */
public final class ProxyExemption {
  private final String text;
  private final String name;
  private final boolean suffix;
  private final Cidr range;

  private ProxyExemption(String text, String name, boolean suffix, Cidr range) {
    this.text = text;
    this.name = name;
    this.suffix = suffix;
    this.range = range;
  }

  /**
   * Parses an entry.
   *
   * @param text {@code name}, {@code .suffix}, an IP address or a CIDR range
   * @return the entry
   * @throws IllegalArgumentException naming the text when it is none of these
   */
  public static ProxyExemption parse(String text) {
    Objects.requireNonNull(text, "no-proxy entry");
    String trimmed = text.trim();
    if (trimmed.contains("/") || IpAddresses.parse(trimmed).isPresent()) {
      String cidr =
          trimmed.contains("/") ? trimmed : trimmed + (trimmed.contains(":") ? "/128" : "/32");
      try {
        return new ProxyExemption(trimmed, null, false, Cidr.parse(cidr));
      } catch (IllegalArgumentException e) {
        throw invalid(text, e.getMessage());
      }
    }
    boolean suffix = trimmed.startsWith(".");
    String host = suffix ? trimmed.substring(1) : trimmed;
    ServerName parsed;
    try {
      parsed = ServerName.parse(host);
    } catch (InvalidServerNameException e) {
      throw invalid(text, e.getMessage());
    }
    if (parsed.isIpLiteral()) {
      throw invalid(text, "an address is written bare (192.0.2.7, 2001:db8::1) or as a range");
    }
    if (parsed.port().isPresent()) {
      throw invalid(text, "a name has no port");
    }
    return new ProxyExemption(trimmed, parsed.canonicalHost(), suffix, null);
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException(
        "\""
            + text
            + "\" is not a no-proxy entry (partner.example.org, .example.org or 10.0.0.0/8): "
            + reason);
  }

  /**
   * Whether a connection bypasses the proxy by this entry.
   *
   * @param host the destination host name, or an IP literal (IPv6 without brackets)
   * @param address the address connected to, or empty when the proxy would resolve the name
   * @return true when the entry matches the name (name entries) or the address (range entries; an
   *     IP literal host counts as its address)
   */
  public boolean matches(String host, Optional<InetAddress> address) {
    Optional<InetAddress> literal = IpAddresses.parse(host);
    if (range != null) {
      return literal.or(() -> address).map(range::contains).orElse(false);
    }
    if (literal.isPresent()) {
      return false;
    }
    String candidate = host.toLowerCase(Locale.ROOT);
    if (candidate.endsWith(".")) {
      candidate = candidate.substring(0, candidate.length() - 1);
    }
    return suffix ? ServerPattern.isBelow(candidate, name) : candidate.equals(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxyExemption p
        && p.suffix == suffix
        && Objects.equals(p.name, name)
        && Objects.equals(p.range, range);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, suffix, range);
  }

  /**
   * The entry as written.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return text;
  }
}
