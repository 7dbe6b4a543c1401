package dev.fedroute.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client {@link SSLContext}s bound to one TLS name (docs/resolution.md section 2): every socket and
 * engine they make sends SNI for that name (none when it is an IP address), whatever host the
 * client stack connects to, and the peer must pass the PKIX check and prove that name ({@link
 * PinnedNameTrustManager}).
 *
 * <p>Each call makes a new context with its own session cache, so TLS sessions are never shared
 * between TLS names. The contexts are thread-safe; their socket factory is one stable instance (the
 * JDK's keep-alive cache of {@code HttpsURLConnection} is keyed by it).
 */
public final class PinnedTlsContext {
  private PinnedTlsContext() {}

  /**
   * A context for one TLS name on top of a PKIX trust manager.
   *
   * @param tlsName the TLS name: a DNS name, or an IP literal (IPv6 without brackets)
   * @param pkix the trust manager doing the PKIX check
   * @return the context
   * @throws IllegalArgumentException when the name is empty
   */
  public static SSLContext create(String tlsName, X509ExtendedTrustManager pkix) {
    return create(tlsName, pkix, null);
  }

  /**
   * A context for one TLS name, whose sockets reach the destination through an {@code https://}
   * proxy: the TLS layered on the plain connection to the proxy is the proxy's own ({@link
   * ProxyTls}), every other is pinned to the TLS name.
   *
   * @param tlsName the TLS name: a DNS name, or an IP literal (IPv6 without brackets)
   * @param pkix the trust manager doing the PKIX check
   * @param proxy the TLS to an {@code https://} proxy, or {@code null} for none
   * @return the context
   * @throws IllegalArgumentException when the name is empty
   */
  public static SSLContext create(String tlsName, X509ExtendedTrustManager pkix, ProxyTls proxy) {
    Objects.requireNonNull(pkix, "pkix");
    TlsName name = TlsName.of(tlsName);
    PinnedNameTrustManager trust = new PinnedNameTrustManager(pkix, name);
    List<SNIServerName> sni = name.ip() != null ? List.of() : List.of(new SNIHostName(tlsName));
    try {
      SSLContext inner = SSLContext.getInstance("TLS");
      inner.init(null, new TrustManager[] {trust}, null);
      return new Context(new Spi(inner, sni, proxy), inner);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation", e);
    }
  }

  /** Sets the pinned server names on socket or engine parameters. */
  static SSLParameters withServerNames(SSLParameters parameters, List<SNIServerName> sni) {
    parameters.setServerNames(sni);
    return parameters;
  }

  private static final class Context extends SSLContext {
    Context(Spi spi, SSLContext inner) {
      super(spi, inner.getProvider(), inner.getProtocol());
    }
  }

  /** Delegates to a real context and pins SNI on whatever it makes. */
  private static final class Spi extends SSLContextSpi {
    private final SSLContext inner;
    private final List<SNIServerName> sni;
    private final SSLSocketFactory sockets;

    Spi(SSLContext inner, List<SNIServerName> sni, ProxyTls proxy) {
      this.inner = inner;
      this.sni = sni;
      this.sockets = new SniSocketFactory(inner.getSocketFactory(), sni, proxy);
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("a pinned TLS context is initialised when it is made");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return sockets;
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw new UnsupportedOperationException("a pinned TLS context is for clients only");
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return pin(inner.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return pin(inner.createSSLEngine(host, port));
    }

    private SSLEngine pin(SSLEngine engine) {
      engine.setSSLParameters(withServerNames(engine.getSSLParameters(), sni));
      return engine;
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return inner.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return inner.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return withServerNames(inner.getDefaultSSLParameters(), sni);
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return inner.getSupportedSSLParameters();
    }
  }

  /** Sets the pinned server names on every socket it makes. */
  private static final class SniSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final List<SNIServerName> sni;
    private final ProxyTls proxy;

    SniSocketFactory(SSLSocketFactory delegate, List<SNIServerName> sni, ProxyTls proxy) {
      this.delegate = delegate;
      this.sni = sni;
      this.proxy = proxy;
    }

    private Socket pin(Socket socket) {
      if (socket instanceof SSLSocket ssl) {
        ssl.setSSLParameters(withServerNames(ssl.getSSLParameters(), sni));
      }
      return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return pin(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      if (proxy != null && proxy.isProxyConnection(s)) {
        return proxy.layer(s, autoClose);
      }
      return pin(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose)
        throws IOException {
      return pin(delegate.createSocket(s, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return pin(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return pin(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return pin(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return pin(delegate.createSocket(address, port, localAddress, localPort));
    }
  }
}
