package dev.fedroute.internal.net;

import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that accepts a server only when the normal PKIX check passes and the leaf
 * certificate proves one fixed TLS name (RFC 6125), whatever host or address the connection went
 * to. A DNS name matches a DNS SAN exactly or through one wildcard that is the whole left-most
 * label and covers exactly one label ({@code *.example.org} covers {@code a.example.org}, not
 * {@code example.org} nor {@code a.b.example.org}); an IP TLS name matches only an IP SAN of the
 * same address; a DNS name never matches an IP SAN; the subject CN is never used. Immutable and
 * thread-safe.
 *
 * <p>The PKIX check is the delegate's socket-less variant, so an endpoint identification that a
 * client stack sets on the socket (for the connected IP) is not applied: the name check here
 * replaces it.
 */
public final class PinnedNameTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final TlsName name;

  PinnedNameTrustManager(X509ExtendedTrustManager delegate, TlsName name) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * Pins a TLS name given as text: an IP literal (IPv6 without brackets) or a DNS name.
   *
   * @param delegate the PKIX trust manager
   * @param tlsName the TLS name
   * @return the trust manager
   */
  public static PinnedNameTrustManager of(X509ExtendedTrustManager delegate, String tlsName) {
    return new PinnedNameTrustManager(delegate, TlsName.of(tlsName));
  }

  /**
   * Pins a DNS name.
   *
   * @param delegate the PKIX trust manager
   * @param host the DNS name, any case, without trailing dot
   * @return the trust manager
   */
  public static PinnedNameTrustManager forHost(X509ExtendedTrustManager delegate, String host) {
    return new PinnedNameTrustManager(delegate, TlsName.forHost(host));
  }

  /**
   * Pins an IP address.
   *
   * @param delegate the PKIX trust manager
   * @param address the address
   * @return the trust manager
   */
  public static PinnedNameTrustManager forIp(
      X509ExtendedTrustManager delegate, InetAddress address) {
    return new PinnedNameTrustManager(delegate, TlsName.forIp(address));
  }

  /**
   * Whether the certificate proves the pinned name (no PKIX check).
   *
   * @param leaf the server's certificate
   * @return true when a SAN matches
   */
  public boolean matches(X509Certificate leaf) {
    return name.matches(leaf);
  }

  private void checkName(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0 || !matches(chain[0])) {
      throw new CertificateException("certificate does not match the TLS name " + name);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
    checkName(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
