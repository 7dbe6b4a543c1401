package dev.fedroute.internal.net;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.internal.text.IpAddresses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * An HTTP {@code CONNECT} tunnel through the outbound proxy on a plain socket, for code that speaks
 * TLS on sockets of its own (the CLI's per-address checks). Over an {@code https://} proxy the
 * proxy's own TLS comes first ({@link ProxyTls}). The Basic credentials, when set, are sent with
 * the {@code CONNECT} (to the proxy only); no message repeats them. Stateless.
 */
public final class ProxyTunnel {
  private static final int MAX_HEAD = 16_384;

  private ProxyTunnel() {}

  /**
   * Where a connection to a destination goes first: the proxy, unless a {@code no-proxy} entry
   * exempts the destination.
   *
   * @param proxy the proxy configuration
   * @param host the destination's host name (or IP literal)
   * @param destination the checked address and port
   * @return the proxy's address, or empty to connect directly
   */
  public static Optional<InetSocketAddress> via(
      FedrouteConfig.Proxy proxy, String host, InetSocketAddress destination) {
    return proxy.applies(host, Optional.of(destination.getAddress()))
        ? Optional.of(new InetSocketAddress(proxy.host(), proxy.port()))
        : Optional.empty();
  }

  /**
   * Opens the tunnel on a socket connected to the proxy.
   *
   * @param toProxy the plain socket connected to the proxy
   * @param proxy the proxy configuration
   * @param pkix the PKIX trust for an {@code https://} proxy's certificate
   * @param host the destination's host name, tunnelled to with {@code connect-by=name}
   * @param destination the checked address and port, tunnelled to with {@code connect-by=address}
   * @return the socket to speak to the destination on (TLS to it still to be layered)
   * @throws IOException a {@link ConnectException} naming the proxy when it refuses the tunnel, or
   *     the I/O failure
   */
  public static Socket open(
      Socket toProxy,
      FedrouteConfig.Proxy proxy,
      X509ExtendedTrustManager pkix,
      String host,
      InetSocketAddress destination)
      throws IOException {
    Socket socket = toProxy;
    if ("https".equalsIgnoreCase(proxy.url().orElseThrow().getScheme())) {
      ProxyTls tls = new ProxyTls(proxy.host(), proxy.port(), pkix);
      SSLSocket ssl = (SSLSocket) tls.layer(toProxy, true);
      ssl.startHandshake();
      if (!tls.verify(ssl.getSession())) {
        throw new ConnectException(
            "the proxy " + proxy.display() + " has no certificate for " + proxy.host());
      }
      socket = ssl;
    }
    InetAddress address = destination.getAddress();
    String authority =
        proxy.connectBy() == FedrouteConfig.Proxy.ConnectBy.NAME
            ? IpAddresses.authority(host, destination.getPort())
            : IpAddresses.authority(IpAddresses.toText(address), destination.getPort());
    StringBuilder request =
        new StringBuilder("CONNECT ")
            .append(authority)
            .append(" HTTP/1.1\r\nHost: ")
            .append(authority)
            .append("\r\n");
    if (proxy.username() != null) {
      String pair = proxy.username() + ":" + (proxy.password() == null ? "" : proxy.password());
      request
          .append("Proxy-Authorization: Basic ")
          .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
          .append("\r\n");
    }
    OutputStream out = socket.getOutputStream();
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    int status = status(readHead(socket.getInputStream()));
    if (status / 100 != 2) {
      throw new ConnectException(
          "the proxy "
              + proxy.display()
              + " refused the tunnel to "
              + authority
              + ": HTTP "
              + status);
    }
    return socket;
  }

  /** The response head up to its blank line, read byte by byte: nothing of the tunnel consumed. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; (b = in.read()) >= 0; ) {
      head.write(b);
      matched =
          (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
      if (head.size() > MAX_HEAD) {
        break;
      }
    }
    throw new ConnectException("the proxy closed the connection without answering CONNECT");
  }

  private static int status(String head) throws ConnectException {
    String[] line = head.split("\r\n", 2)[0].split(" ", 3);
    try {
      return line.length >= 2 && line[0].startsWith("HTTP/") ? Integer.parseInt(line[1]) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
