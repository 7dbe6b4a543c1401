package dev.fedroute.internal.net;

import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One TLS name, a DNS name or an IP address, and whether a certificate proves it, with the rules of
 * {@link PinnedNameTrustManager}. Immutable and thread-safe.
 *
 * @param dnsName the lower-case DNS name, or {@code null} for an IP address
 * @param ip the IP address, or {@code null} for a DNS name
 */
record TlsName(String dnsName, InetAddress ip) {
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  /**
   * A TLS name given as text: an IP literal (IPv6 without brackets) or a DNS name.
   *
   * @throws NullPointerException when the text is {@code null}
   * @throws IllegalArgumentException when it is empty
   */
  static TlsName of(String tlsName) {
    Objects.requireNonNull(tlsName, "tlsName");
    Optional<InetAddress> address = IpAddresses.parse(tlsName);
    return address.isPresent() ? forIp(address.get()) : forHost(tlsName);
  }

  /** A DNS name, any case, without trailing dot. */
  static TlsName forHost(String host) {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("empty TLS name");
    }
    return new TlsName(host.toLowerCase(Locale.ROOT), null);
  }

  /** An IP address. */
  static TlsName forIp(InetAddress address) {
    return new TlsName(null, Objects.requireNonNull(address, "address"));
  }

  /** Whether a SAN of the certificate matches this name. */
  boolean matches(X509Certificate leaf) {
    Collection<List<?>> sans;
    try {
      sans = leaf.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return false;
    }
    if (sans == null) {
      return false;
    }
    for (List<?> san : sans) {
      int type = (Integer) san.get(0);
      if (ip == null && type == SAN_DNS && dnsMatches((String) san.get(1), dnsName)) {
        return true;
      }
      if (ip != null && type == SAN_IP && ipMatches((String) san.get(1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean dnsMatches(String pattern, String name) {
    String p = pattern.toLowerCase(Locale.ROOT);
    if (!p.contains("*")) {
      return p.equals(name);
    }
    if (!p.startsWith("*.") || p.indexOf('*', 1) >= 0) {
      return false;
    }
    String suffix = p.substring(1);
    if (suffix.indexOf('.', 1) < 0) {
      return false;
    }
    int firstDot = name.indexOf('.');
    return firstDot > 0 && name.substring(firstDot).equals(suffix);
  }

  private boolean ipMatches(String sanText) {
    Optional<InetAddress> san = IpAddresses.parse(sanText);
    return san.isPresent() && san.get().equals(ip);
  }

  /** The DNS name, or the address in RFC 5952 form. */
  @Override
  public String toString() {
    return ip != null ? IpAddresses.toText(ip) : dnsName;
  }
}
