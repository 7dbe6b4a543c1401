package dev.fedroute.internal.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS connection to an {@code https://} outbound proxy, beside the pinned TLS of federation
 * destinations. Client stacks run both handshakes with the one {@code SSLContext} and hostname
 * verifier of a federation client; this tells them apart: the proxy's is the one layered on a plain
 * socket connected to the proxy's address and port (a destination's runs inside the tunnel, over
 * the proxy's TLS socket). The proxy's certificate must pass the PKIX check and prove the proxy's
 * host (SNI and endpoint identification for it), in a context of its own, so that its sessions are
 * recognised by {@link #owns(SSLSession)}. Thread-safe.
 */
public final class ProxyTls {
  private final String host;
  private final int port;
  private final SSLContext context;

  /**
   * TLS to a proxy.
   *
   * @param host the proxy's host: a name or an IP literal (IPv6 without brackets)
   * @param port its port
   * @param pkix the trust manager doing the PKIX check
   */
  public ProxyTls(String host, int port, X509ExtendedTrustManager pkix) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {pkix}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation", e);
    }
  }

  /**
   * Whether a socket about to be layered with TLS is the plain connection to the proxy.
   *
   * @param socket the connected socket
   * @return true for a plain socket connected to the proxy's address and port
   */
  boolean isProxyConnection(Socket socket) {
    if (socket instanceof SSLSocket
        || !(socket.getRemoteSocketAddress() instanceof InetSocketAddress remote)
        || remote.getPort() != port) {
      return false;
    }
    try {
      return Arrays.asList(InetAddress.getAllByName(host)).contains(remote.getAddress());
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Layers TLS to the proxy on its plain connection.
   *
   * @param socket the plain socket connected to the proxy
   * @param autoClose whether closing the TLS socket closes the plain one
   * @return the TLS socket, not yet handshaken
   * @throws IOException when the socket cannot be layered
   */
  Socket layer(Socket socket, boolean autoClose) throws IOException {
    SSLSocket ssl =
        (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, autoClose);
    SSLParameters parameters = ssl.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (TlsName.of(host).ip() == null) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    ssl.setSSLParameters(parameters);
    return ssl;
  }

  /**
   * Whether a TLS session is one with the proxy.
   *
   * @param session a session
   * @return true when it came from this proxy context
   */
  boolean owns(SSLSession session) {
    return session != null && session.getSessionContext() == context.getClientSessionContext();
  }

  /**
   * Whether the proxy's session proves the proxy's host (Fedroute's name rules).
   *
   * @param session a session with the proxy
   * @return true when the leaf certificate matches the proxy's host
   */
  boolean verify(SSLSession session) {
    return RequestedHostVerifier.INSTANCE.verify(host, session);
  }
}
