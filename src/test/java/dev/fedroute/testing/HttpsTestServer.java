package dev.fedroute.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A real HTTP/1.1 server on 127.0.0.1 (and optionally ::1, same port) for tests, speaking HTTPS
 * with a certificate chosen by SNI, or plain HTTP. One pooled thread per connection; keep-alive;
 * every request is recorded with its SNI, Host, method, target, headers, body and connection id.
 * Thread-safe; {@link #close()} stops it promptly (also mid-drip).
 *
 * <pre>{@code
 * try (HttpsTestServer server = HttpsTestServer.https(leaf).start()) {
 *   server.route("example.test", "/.well-known/matrix/server", r -> TestResponse.json("{}"));
 *   ... server.requests() ...
 * }
 * }</pre>
 */
public final class HttpsTestServer implements AutoCloseable {

  /** Answers one request. Called on the connection's thread; may be called concurrently. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Answers a request.
     *
     * @param request what was received
     * @return the answer
     */
    TestResponse handle(RecordedRequest request);
  }

  private final SSLContext sslContext;
  private final boolean ipv6;
  private final List<ServerSocket> listeners = new ArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile boolean recording = true;
  private final AtomicInteger connections = new AtomicInteger();
  private final ExecutorService pool;
  private volatile Handler defaultHandler = r -> TestResponse.text(404, "not found");
  private volatile boolean closed;
  private int port;

  private final String bindAddress;
  private final int requestedPort;

  private HttpsTestServer(
      SSLContext sslContext, boolean ipv6, String bindAddress, int requestedPort) {
    this.sslContext = sslContext;
    this.ipv6 = ipv6;
    this.bindAddress = bindAddress;
    this.requestedPort = requestedPort;
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "test-server");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts building an HTTPS server presenting {@code defaultIdentity} when no other identity
   * matches the SNI (or there is none).
   *
   * @param defaultIdentity the default certificate
   * @return a builder
   */
  public static Builder https(TestCa.Leaf defaultIdentity) {
    return new Builder(defaultIdentity);
  }

  /**
   * Starts building a plain HTTP server.
   *
   * @return a builder
   */
  public static Builder http() {
    return new Builder(null);
  }

  /**
   * The port, the same on every address.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Whether this server speaks HTTPS.
   *
   * @return true for HTTPS
   */
  public boolean isTls() {
    return sslContext != null;
  }

  /**
   * A URI on this server for a host name (which the client must map to 127.0.0.1).
   *
   * @param host the host
   * @param pathAndQuery starting with {@code /}
   * @return {@code https://host:port/path} (or http)
   */
  public URI uri(String host, String pathAndQuery) {
    return URI.create((isTls() ? "https://" : "http://") + host + ":" + port + pathAndQuery);
  }

  /**
   * Routes requests whose Host name (or, failing that, SNI) and path match.
   *
   * @param hostOrSni the host name, any case
   * @param path the path, without query
   * @param handler the handler
   * @return this server
   */
  public HttpsTestServer route(String hostOrSni, String path, Handler handler) {
    routes.put(hostOrSni.toLowerCase(Locale.ROOT) + " " + path, handler);
    return this;
  }

  /**
   * Routes requests for a path on any host without a more specific route.
   *
   * @param path the path
   * @param handler the handler
   * @return this server
   */
  public HttpsTestServer route(String path, Handler handler) {
    routes.put("* " + path, handler);
    return this;
  }

  /**
   * Sets the handler of unrouted requests (default: 404).
   *
   * @param handler the handler
   * @return this server
   */
  public HttpsTestServer defaultHandler(Handler handler) {
    defaultHandler = handler;
    return this;
  }

  /**
   * Every request received so far, in arrival order.
   *
   * @return a snapshot
   */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * How many requests were received.
   *
   * @return the count
   */
  public int requestCount() {
    return requests.size();
  }

  /**
   * How many connections were accepted (TLS handshakes included, even failed ones).
   *
   * @return the count
   */
  public int connectionCount() {
    return connections.get();
  }

  /**
   * How many connections are open now (accepted and not yet closed by either side).
   *
   * @return the count
   */
  public int openConnectionCount() {
    return open.size();
  }

  /**
   * How many requests were received since the start, recorded or not.
   *
   * @return the count
   */
  public int receivedCount() {
    return sequence.get();
  }

  /**
   * Whether to keep each request for {@link #requests()} (default true). A load test turns it off:
   * the list would grow by every request.
   *
   * @param on true to record
   * @return this server
   */
  public HttpsTestServer recordRequests(boolean on) {
    recording = on;
    return this;
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    closed = true;
    for (ServerSocket s : listeners) {
      closeQuietly(s);
    }
    open.forEach(HttpsTestServer::closeQuietly);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Handler handlerFor(RecordedRequest r) {
    Handler h = null;
    if (r.hostName() != null) {
      h = routes.get(r.hostName() + " " + r.path());
    }
    if (h == null && r.sni() != null) {
      h = routes.get(r.sni().toLowerCase(Locale.ROOT) + " " + r.path());
    }
    if (h == null) {
      h = routes.get("* " + r.path());
    }
    return h == null ? defaultHandler : h;
  }

  RecordedRequest record(
      int connectionId,
      String sni,
      String method,
      String target,
      Map<String, List<String>> h,
      byte[] body) {
    RecordedRequest r =
        new RecordedRequest(
            sequence.incrementAndGet(), connectionId, sni, isTls(), method, target, h, body);
    if (recording) {
      requests.add(r);
    }
    return r;
  }

  boolean isClosed() {
    return closed;
  }

  void forget(Socket s) {
    open.remove(s);
  }

  private HttpsTestServer start() throws IOException {
    for (int attempt = 0; ; attempt++) {
      ServerSocket v4 = listen(InetAddress.getByName(bindAddress), requestedPort);
      port = v4.getLocalPort();
      listeners.add(v4);
      if (!ipv6) {
        break;
      }
      try {
        listeners.add(listen(InetAddress.getByName("::1"), port));
        break;
      } catch (IOException busy) {
        closeQuietly(v4);
        listeners.clear();
        if (attempt == 20) {
          throw busy;
        }
      }
    }
    for (ServerSocket s : listeners) {
      pool.execute(() -> acceptLoop(s));
    }
    return this;
  }

  private ServerSocket listen(InetAddress address, int p) throws IOException {
    ServerSocket s =
        sslContext == null
            ? new ServerSocket()
            : sslContext.getServerSocketFactory().createServerSocket();
    if (s instanceof SSLServerSocket ssl) {
      ssl.setUseClientMode(false);
    }
    // A fixed port must be reusable at once after a previous server closed (TIME_WAIT); on Linux
    // this
    // still refuses a port that another socket is listening on.
    s.setReuseAddress(true);
    // A deep accept queue: a load test opens hundreds of connections at once.
    s.bind(new InetSocketAddress(address, p), 4096);
    return s;
  }

  private void acceptLoop(ServerSocket listener) {
    while (!closed) {
      try {
        Socket s = listener.accept();
        // As real servers do: without it, the response's second TLS record waits for the
        // client's delayed ACK (about 40 ms on Linux loopback), which no client can avoid.
        s.setTcpNoDelay(true);
        open.add(s);
        int id = connections.incrementAndGet();
        pool.execute(new TestConnection(this, s, id));
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  /** Configures and starts a server. Not thread-safe. */
  public static final class Builder {
    private final TestCa.Leaf defaultIdentity;
    private final Map<String, TestCa.Leaf> named = new LinkedHashMap<>();
    private final List<TestCa.Leaf> bySan = new ArrayList<>();
    private boolean ipv6;
    private String bindAddress = "127.0.0.1";
    private int port;

    private Builder(TestCa.Leaf defaultIdentity) {
      this.defaultIdentity = defaultIdentity;
    }

    /**
     * Presents {@code leaf} when the SNI is exactly {@code sniName}.
     *
     * @param sniName the SNI host name
     * @param leaf the certificate
     * @return this builder
     */
    public Builder identity(String sniName, TestCa.Leaf leaf) {
      named.put(sniName, leaf);
      return this;
    }

    /**
     * Presents {@code leaf} when one of its DNS SANs (wildcards too) covers the SNI.
     *
     * @param leaf the certificate
     * @return this builder
     */
    public Builder identity(TestCa.Leaf leaf) {
      bySan.add(leaf);
      return this;
    }

    /**
     * Also listens on ::1, same port.
     *
     * @return this builder
     */
    public Builder ipv6() {
      ipv6 = true;
      return this;
    }

    /**
     * Listens on another IPv4 loopback address than 127.0.0.1, and on a chosen port (0: any free
     * one), so that several servers can share one port on different addresses.
     *
     * @param address an IPv4 literal in 127.0.0.0/8
     * @param fixedPort the port, or 0
     * @return this builder
     */
    public Builder bind(String address, int fixedPort) {
      bindAddress = address;
      port = fixedPort;
      return this;
    }

    /**
     * Binds and starts accepting.
     *
     * @return the running server
     */
    public HttpsTestServer start() {
      try {
        SSLContext ctx = null;
        if (defaultIdentity != null) {
          ctx = SSLContext.getInstance("TLS");
          ctx.init(new KeyManager[] {new SniKeyManager(defaultIdentity, named, bySan)}, null, null);
        }
        return new HttpsTestServer(ctx, ipv6, bindAddress, port).start();
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("cannot start test server", e);
      }
    }
  }
}
