package dev.fedroute.testing;

import dev.fedroute.internal.text.IpAddresses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP {@code CONNECT} proxy on a loopback address for tests: it answers {@code CONNECT
 * host:port} by opening a TCP connection to the destination and relaying bytes both ways, and
 * records every {@code CONNECT} it receives (target, whether it carried the right credentials, the
 * status answered). With credentials set it answers {@code 407} with a Basic challenge unless the
 * request carries {@code Proxy-Authorization: Basic} for them. IP literals are connected to as they
 * are; a host name only when {@link #resolve(String, InetAddress)} gave its address (the proxy has
 * no DNS of its own), otherwise {@code 502}. Plain HTTP to the proxy, or TLS with {@link
 * #tls(SSLContext)}. One thread per connection; thread-safe; {@link #close()} stops it and every
 * tunnel.
 */
public final class ProxyTestServer implements AutoCloseable {

  /**
   * One {@code CONNECT} request the proxy received.
   *
   * @param target the request target, {@code host:port} as sent
   * @param proxyAuthorization the {@code Proxy-Authorization} header, or {@code null}
   * @param status the status answered: 200 (tunnel open), 407, 502, 405 or the {@linkplain #refuse
   *     refusal}
   */
  public record Connect(String target, String proxyAuthorization, int status) {
    /**
     * Whether a tunnel was opened.
     *
     * @return true for status 200
     */
    public boolean tunnelled() {
      return status == 200;
    }
  }

  private final String bindAddress;
  private final Map<String, InetAddress> names = new ConcurrentHashMap<>();
  private final List<Connect> connects = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "test-proxy");
            t.setDaemon(true);
            return t;
          });
  private volatile String expectedAuthorization;
  private volatile int refusal;
  private SSLContext tls;
  private int bindPort;
  private ServerSocket listener;
  private volatile boolean closed;

  private ProxyTestServer(String bindAddress) {
    this.bindAddress = bindAddress;
  }

  /**
   * A proxy that will listen on a loopback address.
   *
   * @param bindAddress for example {@code 127.0.0.1}
   * @return the proxy, not started
   */
  public static ProxyTestServer on(String bindAddress) {
    return new ProxyTestServer(bindAddress);
  }

  /**
   * Requires Basic credentials on every {@code CONNECT}.
   *
   * @param username the user name
   * @param password the password
   * @return this proxy
   */
  public ProxyTestServer credentials(String username, String password) {
    expectedAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /**
   * Refuses every tunnel (after checking the credentials, when set) with this status, as a proxy
   * whose policy forbids the destination ({@code 403}) or that cannot reach it ({@code 502}).
   *
   * @param status the status answered to {@code CONNECT}
   * @return this proxy
   */
  public ProxyTestServer refuse(int status) {
    refusal = status;
    return this;
  }

  /**
   * Speaks TLS to its clients (an {@code https://} proxy).
   *
   * @param serverContext the proxy's server context (certificate for its host)
   * @return this proxy
   */
  public ProxyTestServer tls(SSLContext serverContext) {
    tls = serverContext;
    return this;
  }

  /**
   * Lets the proxy resolve a host name ({@code connect-by=name} tunnels).
   *
   * @param host the name
   * @param address its address
   * @return this proxy
   */
  public ProxyTestServer resolve(String host, InetAddress address) {
    names.put(host.toLowerCase(Locale.ROOT), address);
    return this;
  }

  /**
   * Listens on this port rather than an ephemeral one (a proxy URL written into a configuration
   * before the proxy starts).
   *
   * @param port the port
   * @return this proxy
   */
  public ProxyTestServer port(int port) {
    bindPort = port;
    return this;
  }

  /**
   * Starts listening, on an ephemeral port unless {@link #port(int)} gave one.
   *
   * @return this proxy
   * @throws IOException when it cannot bind
   */
  public ProxyTestServer start() throws IOException {
    ServerSocket socket =
        tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), bindPort), 256);
    listener = socket;
    pool.execute(this::accept);
    return this;
  }

  /**
   * The port it listens on.
   *
   * @return the port
   */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Its URL, {@code http://127.0.0.1:port} (or {@code https://}).
   *
   * @return the URL text
   */
  public String url() {
    return (tls == null ? "http" : "https") + "://" + bindAddress + ":" + port();
  }

  /**
   * Every {@code CONNECT} received, in order.
   *
   * @return the requests
   */
  public List<Connect> connects() {
    return List.copyOf(connects);
  }

  /**
   * The targets of the tunnels opened, in order.
   *
   * @return {@code host:port} of each
   */
  public List<String> tunnels() {
    return connects.stream().filter(Connect::tunnelled).map(Connect::target).toList();
  }

  /** Forgets what was recorded. */
  public void clear() {
    connects.clear();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        open.add(client);
        pool.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (true) {
        List<String> head = readHead(in);
        if (head.isEmpty()) {
          return;
        }
        String[] requestLine = head.get(0).split(" ");
        if (requestLine.length != 3 || !requestLine[0].equals("CONNECT")) {
          answer(out, 405, "Method Not Allowed", "");
          return;
        }
        String target = requestLine[1];
        String authorization = header(head, "proxy-authorization").orElse(null);
        String expected = expectedAuthorization;
        if (expected != null && !expected.equals(authorization)) {
          connects.add(new Connect(target, authorization, 407));
          answer(
              out,
              407,
              "Proxy Authentication Required",
              "Proxy-Authenticate: Basic realm=\"fedroute-test\"\r\n");
          continue; // the client may retry on this connection
        }
        int refused = refusal;
        if (refused != 0) {
          connects.add(new Connect(target, authorization, refused));
          answer(out, refused, "Refused", "Connection: close\r\n");
          return;
        }
        Socket upstream;
        try {
          upstream = connect(target);
        } catch (IOException e) {
          connects.add(new Connect(target, authorization, 502));
          answer(out, 502, "Bad Gateway", "Connection: close\r\n");
          return;
        }
        connects.add(new Connect(target, authorization, 200));
        out.write(
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        relay(client, upstream);
        return;
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      open.remove(client);
    }
  }

  private Socket connect(String target) throws IOException {
    int colon = target.lastIndexOf(':');
    if (colon < 0) {
      throw new IOException("no port");
    }
    String authorityHost = target.substring(0, colon);
    int port = Integer.parseInt(target.substring(colon + 1));
    String host = IpAddresses.unbracketed(authorityHost);
    InetAddress address = names.get(host.toLowerCase(Locale.ROOT));
    if (address == null) {
      // an IP literal, never a DNS lookup: the proxy knows only the names it was given
      address = IpAddresses.parse(host).orElseThrow(() -> new UnknownHostException(host));
    }
    Socket upstream = new Socket();
    upstream.connect(new InetSocketAddress(address, port), 5_000);
    open.add(upstream);
    return upstream;
  }

  private void relay(Socket client, Socket upstream) {
    pool.execute(() -> pipe(upstream, client));
    pipe(client, upstream);
  }

  private void pipe(Socket from, Socket to) {
    byte[] buf = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // either side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void answer(OutputStream out, int status, String reason, String headers)
      throws IOException {
    out.write(
        ("HTTP/1.1 " + status + " " + reason + "\r\n" + headers + "Content-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static Optional<String> header(List<String> head, String name) {
    return head.stream()
        .skip(1)
        .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name + ":"))
        .map(l -> l.substring(name.length() + 1).trim())
        .findFirst();
  }

  /** The request line and headers, or empty at end of stream. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        line.reset();
        if (text.isEmpty()) {
          if (lines.isEmpty()) {
            continue;
          }
          return lines;
        }
        lines.add(text);
      } else if (line.size() < 16_384) {
        line.write(b);
      }
    }
    return List.of();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    if (listener != null) {
      try {
        listener.close();
      } catch (IOException e) {
        // already closed
      }
    }
    open.forEach(ProxyTestServer::closeQuietly);
    pool.shutdownNow();
  }
}
