package dev.fedroute.internal.net;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A {@link HostnameVerifier} that ignores the host the client connected to (an IP address taken
 * from a resolution) and checks the peer's leaf certificate against one fixed TLS name, with the
 * rules of {@link PinnedNameTrustManager}. It repeats, after the handshake, the name check that the
 * trust manager of {@link PinnedTlsContext} already made during it. Immutable and thread-safe.
 */
public final class TlsNameVerifier implements HostnameVerifier {
  private final String tlsName;
  private final TlsName name;
  private final ProxyTls proxy;

  /**
   * A verifier for one TLS name.
   *
   * @param tlsName the TLS name: a DNS name, or an IP literal (IPv6 without brackets)
   */
  public TlsNameVerifier(String tlsName) {
    this(tlsName, null);
  }

  /**
   * A verifier for one TLS name whose client reaches it through an {@code https://} proxy: a
   * session with the proxy ({@link ProxyTls#owns}) must prove the proxy's host instead.
   *
   * @param tlsName the TLS name: a DNS name, or an IP literal (IPv6 without brackets)
   * @param proxy the TLS to the proxy, or {@code null} for none
   */
  public TlsNameVerifier(String tlsName, ProxyTls proxy) {
    this.tlsName = Objects.requireNonNull(tlsName, "tlsName");
    this.name = TlsName.of(tlsName);
    this.proxy = proxy;
  }

  /**
   * The TLS name this verifier checks.
   *
   * @return the name
   */
  public String tlsName() {
    return tlsName;
  }

  /**
   * Whether the session's peer certificate proves the TLS name; the {@code host} is not used.
   *
   * @param host the host the client connected to (ignored)
   * @param session the TLS session
   * @return true when the leaf certificate matches the TLS name
   */
  @Override
  public boolean verify(String host, SSLSession session) {
    if (proxy != null && proxy.owns(session)) {
      return proxy.verify(session);
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf && name.matches(leaf);
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }

  /**
   * Whether a leaf certificate proves the TLS name (one left-most wildcard label for DNS names, an
   * IP SAN for IP literals).
   *
   * @param leaf the peer's leaf certificate
   * @return true when it matches
   */
  public boolean matches(X509Certificate leaf) {
    return name.matches(leaf);
  }

  @Override
  public String toString() {
    return "TlsNameVerifier[" + tlsName + "]";
  }
}
