package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.testing.ForwardingResolver;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failover across SRV targets (a refused port, a wrong certificate), the registry of unreachable
 * addresses, the error codes when everything fails, sync/async()/rx() taking the same path,
 * pass-through of method, path, query, body and headers, and the request properties seen by the
 * filters around the federation filter.
 */
class FederationFailoverTest {
  private static TestWorld world;
  private static HttpsTestServer good;
  private static HttpsTestServer wrongCert;
  private static int closedPort;
  private static ServerSocket stalling;
  private static final List<java.net.Socket> STALLED = new CopyOnWriteArrayList<>();
  private static final List<Map<String, Object>> BEFORE = new CopyOnWriteArrayList<>();
  private static final List<Map<String, Object>> AFTER = new CopyOnWriteArrayList<>();
  private FederationClients clients;

  @BeforeAll
  static void start() throws IOException {
    world = TestWorld.start(List.of("wk.example.test. 300 IN A 127.0.0.1"), "wk.example.test");
    good =
        HttpsTestServer.https(world.ca().issue("default.example.test"))
            .identity(world.ca().issue("*.fo.example.test"))
            .start();
    good.defaultHandler(r -> TestResponse.text(200, r.method() + " " + r.target()));
    wrongCert = HttpsTestServer.https(world.ca().issue("wrong.example.test")).start();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    // Takes TCP connections and never answers: a TLS handshake that stalls.
    stalling = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread acceptor =
        new Thread(
            () -> {
              while (!stalling.isClosed()) {
                try {
                  STALLED.add(stalling.accept());
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "stalling-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    good.route(
        "/redirect",
        r -> TestResponse.redirect(302, "https://127.0.0.1:" + good.port() + "/elsewhere"));
    world
        .dns()
        .addRecords(
            "t.example.test. 300 IN A 127.0.0.1",
            srv("refused.fo", 10, closedPort),
            srv("refused.fo", 20, good.port()),
            srv("badtls.fo", 10, wrongCert.port()),
            srv("badtls.fo", 20, good.port()),
            srv("dead.fo", 10, closedPort),
            srv("deadtls.fo", 10, wrongCert.port()),
            srv("deadtls.fo", 20, closedPort),
            srv("stall.fo", 10, stalling.getLocalPort()),
            srv("stall.fo", 20, good.port()));
  }

  private static String srv(String name, int priority, int port) {
    return "_matrix-fed._tcp."
        + name
        + ".example.test. 300 IN SRV "
        + priority
        + " 1 "
        + port
        + " t.example.test.";
  }

  @AfterAll
  static void stop() throws IOException {
    stalling.close();
    for (java.net.Socket s : STALLED) {
      s.close();
    }
    good.close();
    wrongCert.close();
    world.close();
  }

  private FederationClients clients(ClientStack stack) {
    ClientRequestFilter before = r -> BEFORE.add(snapshot(r));
    ClientRequestFilter after = r -> AFTER.add(snapshot(r));
    good.clearRequests();
    wrongCert.clearRequests();
    BEFORE.clear();
    AFTER.clear();
    clients =
        FederationClients.builder(world.resolver())
            .config(world.config().unreachableFor(Duration.ofMinutes(1)).build())
            .clientBuilder(
                () ->
                    stack
                        .builders()
                        .get()
                        .register(before, Priorities.AUTHENTICATION)
                        .register(after, Priorities.USER))
            .clock(world.clock())
            .build();
    return clients;
  }

  private static Map<String, Object> snapshot(ClientRequestContext r) {
    Object server = r.getProperty(FederationRequestFilter.SERVER_NAME);
    Object destination = r.getProperty(FederationRequestFilter.DESTINATION);
    return Map.of(
        "uri", r.getUri().toString(),
        "host", String.valueOf(r.getHeaderString("Host")),
        "serverName", String.valueOf(server),
        "destination", String.valueOf(destination),
        "resolution", r.getProperty(FederationRequestFilter.RESOLUTION) instanceof Resolution);
  }

  @AfterEach
  void close() {
    if (clients != null) {
      clients.close();
    }
  }

  private static Response await(CompletableFuture<Response> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aRefusedTargetFailsOverToTheNextAndIsTriedLastAfterwards(ClientStack stack) {
    FederationClients c = clients(stack);
    try (Response r = c.request("refused.fo.example.test", "/a").get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }
    InetSocketAddress dead = new InetSocketAddress("127.0.0.1", closedPort);
    assertThat(c.isUnreachable("refused.fo.example.test", dead)).isTrue();
    assertThat(good.requestCount()).isEqualTo(1);
    try (Response r = c.request("refused.fo.example.test", "/b").post(Entity.text("x"))) {
      assertThat(r.getStatus()).as("POST goes to the healthy target first").isEqualTo(200);
    }
    world.clock().advance(Duration.ofMinutes(2));
    assertThat(c.isUnreachable("refused.fo.example.test", dead)).isFalse();
  }

  /**
   * Regression (issue 11, load under faults, found on WildFly): every TLS name tried kept its
   * client, and with it a thread (RESTEasy starts a connection evictor per client), for the idle
   * timeout even when no destination answered: names of dead or hostile peers piled up clients and
   * threads. Now such a client is closed when the call ends; one that reached a destination stays.
   */
  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aNameWhoseEveryDestinationFailsKeepsNoClientNorThread(ClientStack stack) throws Exception {
    FederationClients c = clients(stack);
    try (Response r = c.request("refused.fo.example.test", "/a").get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }
    long evictors = evictorThreads();

    for (String mode : List.of("sync", "async", "rx")) {
      FederationRequest request = c.request("dead.fo.example.test", "/a");
      assertThatThrownBy(
              () -> {
                switch (mode) {
                  case "sync" -> request.get().close();
                  case "async" -> await(request.async().get()).close();
                  default -> await(request.rx().get()).close();
                }
              })
          .as(mode)
          .hasStackTraceContaining("connect_failure");
    }

    assertThat(c.cachedClientCount()).as("only the reachable name's client").isEqualTo(1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (evictorThreads() > evictors && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(evictorThreads()).as("connection evictor threads").isEqualTo(evictors);
  }

  /** Threads of Apache HttpClient's idle connection evictors (one per RESTEasy client). */
  private static long evictorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().toLowerCase(java.util.Locale.ROOT).contains("evictor"))
        .count();
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aTargetWhoseTlsHandshakeStallsFailsOverToTheNext(ClientStack stack) {
    ClientRequestFilter none = r -> {};
    clients =
        FederationClients.builder(world.resolver())
            .config(world.config().build())
            .timeouts(Duration.ofSeconds(2), Duration.ofMillis(800), Duration.ofMinutes(5), 4)
            .clientBuilder(() -> stack.builders().get().register(none))
            .clock(world.clock())
            .build();
    good.clearRequests();
    try (Response r = clients.request("stall.fo.example.test", "/a").get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }
    assertThat(good.requests()).extracting(RecordedRequest::path).containsExactly("/a");
    assertThat(
            clients.isUnreachable(
                "stall.fo.example.test",
                new InetSocketAddress("127.0.0.1", stalling.getLocalPort())))
        .isTrue();
  }

  /**
   * Regression (seen on Payara): an asynchronous call goes on where its resolution completed, there
   * a managed thread whose context class loader was the server's; Jersey then found no Apache
   * HttpClient 5 connector, fell back to HttpURLConnection and sent the destination's address as
   * {@code Host}. Here the resolution completes on a thread whose context class loader sees nothing
   * of the application; the attempt must still run as the caller would (RESTEasy and Jersey).
   */
  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void anAsyncCallWhoseResolutionCompletesOnAForeignThreadStillSendsTheTlsNameAsHost(
      ClientStack stack) throws Exception {
    ClassLoader foreign = new java.net.URLClassLoader(new java.net.URL[0], null);
    java.util.concurrent.ExecutorService elsewhere =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "foreign-loader");
              t.setContextClassLoader(foreign);
              t.setDaemon(true);
              return t;
            });
    CountDownLatch callReturned = new CountDownLatch(1);
    ServerNameResolver completingElsewhere =
        new ForwardingResolver(world.resolver()) {
          @Override
          public java.util.concurrent.CompletionStage<Resolution> resolve(ServerName name) {
            // Completes on the foreign thread once the call returned its future, so after the
            // call attached its continuation: that continuation runs there, never on the caller.
            return delegate
                .resolve(name)
                .thenApplyAsync(
                    r -> {
                      awaitUninterruptibly(callReturned);
                      return r;
                    },
                    elsewhere);
          }

          @Override
          public void close() {
            // The test world's resolver: closed with the world.
          }
        };
    good.clearRequests();
    try (FederationClients c =
        FederationClients.builder(completingElsewhere)
            .config(world.config().unreachableFor(Duration.ofMinutes(1)).build())
            .clientBuilder(() -> stack.builders().get())
            .clock(world.clock())
            .build()) {
      CompletableFuture<Response> call =
          c.request("refused.fo.example.test", "/async").async().get();
      assertThat(call).as("resolution held until the call returned").isNotDone();
      callReturned.countDown();
      try (Response r = await(call)) {
        assertThat(r.getStatus()).isEqualTo(200);
      }
    } finally {
      elsewhere.shutdownNow();
    }
    assertThat(good.requests())
        .extracting(RecordedRequest::host)
        .containsExactly("refused.fo.example.test");
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the call did not return within 20 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void redirectsAreReturnedNotFollowed(ClientStack stack) {
    FederationClients c = clients(stack);
    try (Response r = c.request("refused.fo.example.test", "/redirect").get()) {
      assertThat(r.getStatus()).isEqualTo(302);
    }
    assertThat(good.requests()).extracting(RecordedRequest::path).containsExactly("/redirect");
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aNonIdempotentRequestIsNotRetried(ClientStack stack) {
    FederationClients c = clients(stack);
    assertThatThrownBy(() -> c.request("refused.fo.example.test", "/p").post(Entity.text("x")))
        .isInstanceOf(ProcessingException.class)
        .cause()
        .isInstanceOfSatisfying(
            FedrouteException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONNECT_FAILURE));
    assertThat(good.requestCount()).isZero();
    try (Response r = c.request("refused.fo.example.test", "/p").idempotent(true).method("POST")) {
      assertThat(r.getStatus()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aTlsFailingTargetFailsOverToAGoodOne(ClientStack stack) {
    FederationClients c = clients(stack);
    try (Response r = c.request("badtls.fo.example.test", "/a").get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }
    assertThat(wrongCert.connectionCount()).isPositive();
    assertThat(wrongCert.requestCount()).isZero();
    assertThat(good.requests())
        .extracting(RecordedRequest::sni)
        .containsExactly("badtls.fo.example.test");
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void whenEveryTargetFailsTheCodeSaysWhy(ClientStack stack) {
    FederationClients c = clients(stack);
    assertThatThrownBy(() -> c.request("dead.fo.example.test", "/a").get())
        .cause()
        .isInstanceOfSatisfying(
            FedrouteException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONNECT_FAILURE));
    assertThatThrownBy(() -> c.request("deadtls.fo.example.test", "/a").get())
        .cause()
        .isInstanceOfSatisfying(
            FedrouteException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.TLS_FAILURE);
              assertThat(e.getSuppressed()).hasSize(1);
            });
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void asyncAndRxTakeTheSamePath(ClientStack stack) throws Exception {
    FederationClients c = clients(stack);
    Function<FederationRequest, FederationRequest> h = r -> r.header("X-Test", "1");
    try (Response a = await(h.apply(c.request("refused.fo.example.test", "/async")).async().get());
        Response b = await(h.apply(c.request("badtls.fo.example.test", "/rx?q=1")).rx().get())) {
      assertThat(a.readEntity(String.class)).isEqualTo("GET /async");
      assertThat(b.readEntity(String.class)).isEqualTo("GET /rx?q=1");
    }
    assertThat(good.requests()).extracting(r -> r.header("x-test")).containsExactly("1", "1");
    assertThat(AFTER)
        .extracting(m -> (String) m.get("uri"))
        .as("each attempt went through the filters, the failed ones too")
        .hasSize(4)
        .filteredOn(u -> u.startsWith("https://127.0.0.1:" + good.port() + "/"))
        .containsExactly(
            "https://127.0.0.1:" + good.port() + "/async",
            "https://127.0.0.1:" + good.port() + "/rx?q=1");
    ExecutionException failed =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () -> c.request("dead.fo.example.test", "/a").rx().get().get(20, TimeUnit.SECONDS));
    assertThat(failed.getCause()).isInstanceOf(ProcessingException.class);
    assertThat(((FedrouteException) failed.getCause().getCause()).code())
        .isEqualTo(ErrorCode.CONNECT_FAILURE);
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void methodPathQueryBodyAndHeadersPassThroughAndPropertiesReachLaterFilters(ClientStack stack) {
    FederationClients c = clients(stack);
    String path = "/_matrix/federation/v1/send/txn%2F1?a=b%20c&d=%7B%7D";
    try (Response r =
        c.request("badtls.fo.example.test", path)
            .header("Authorization", "X-Matrix origin=\"o.test\"")
            .header("X-Extra", "a")
            .header("X-Extra", "b")
            .put(Entity.json("{\"pdus\":[]}"))) {
      assertThat(r.getStatus()).isEqualTo(200);
    }
    RecordedRequest seen = good.requests().get(0);
    assertThat(seen.method()).isEqualTo("PUT");
    assertThat(seen.target()).isEqualTo(path);
    assertThat(seen.bodyText()).isEqualTo("{\"pdus\":[]}");
    assertThat(seen.header("authorization")).isEqualTo("X-Matrix origin=\"o.test\"");
    assertThat(String.join(",", seen.headers().get("x-extra")).replace(" ", ""))
        .as("both values, as two fields or folded into one (Jersey)")
        .isEqualTo("a,b");
    assertThat(seen.header("content-type")).startsWith("application/json");
    assertThat(seen.host()).isEqualTo("badtls.fo.example.test");
    Map<String, Object> before = BEFORE.get(BEFORE.size() - 1);
    assertThat((String) before.get("uri"))
        .startsWith("matrix-federation://badtls.fo.example.test/");
    Map<String, Object> after = AFTER.get(AFTER.size() - 1);
    assertThat(after.get("uri")).isEqualTo("https://127.0.0.1:" + good.port() + path);
    assertThat(after.get("host")).isEqualTo("badtls.fo.example.test");
    assertThat(after.get("serverName")).isEqualTo("badtls.fo.example.test");
    assertThat(after.get("destination"))
        .isEqualTo(new InetSocketAddress("127.0.0.1", good.port()).toString());
    assertThat(after.get("resolution")).isEqualTo(true);
  }
}
