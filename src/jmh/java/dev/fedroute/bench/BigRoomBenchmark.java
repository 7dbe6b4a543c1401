package dev.fedroute.bench;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.internal.net.TlsContexts;
import dev.fedroute.testing.TestHttpClients;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A homeserver joining a big room: 1,000 distinct uncached names resolved at once by one fresh
 * resolver, a quarter each delegated (step 3.3), SRV (step 4), fallback (step 6) and dead (its
 * {@code .well-known} refuses the connection, then the fallback). DNS answers after 20 ms, {@code
 * .well-known} after 60 ms. Reported beside the wall time: the most Fedroute threads alive at once
 * ({@code fedroute-*}: the resolver's pool and the {@code .well-known} client's I/O threads), and
 * the DNS queries and HTTP requests the fixtures received; once with the look-ahead, once in the
 * strictly serial order (whose queries are exactly the ones the steps need).
 *
 * <p>Two baselines in the same run: {@link #oneDelegatedName}, one cold resolution of the slowest
 * kind (the target is at most 3x its time), and {@link #baselineFixturesAlone}, the 750 HTTPS
 * exchanges that the fixture must serve for the batch, made at once by a bare asynchronous
 * HttpClient without Fedroute: the floor that the fixtures (and TLS on this machine) set.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class BigRoomBenchmark {
  static final int NAMES = 1_000;

  private TestWorld world;
  private final List<ServerName> names = new ArrayList<>();
  private ServerNameResolver resolver;
  private ServerNameResolver serialResolver;
  private CloseableHttpAsyncClient bareClient;

  /** What one batch cost, beside its time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Costs {
    /** The most threads named {@code fedroute-*} seen alive during the batch. */
    public long peakFedrouteThreads;

    /** DNS queries the fixture received. */
    public long dnsQueries;

    /** {@code .well-known} requests the fixture received. */
    public long wellKnownRequests;

    /** Resolutions that failed. */
    public long failures;
  }

  /** Starts the fixtures with a zone of 1,000 names. */
  @Setup(Level.Trial)
  public void setUp() {
    List<String> zone = new ArrayList<>();
    List<String> certified = new ArrayList<>();
    for (int i = 0; i < NAMES / 4; i++) {
      zone.add("d" + i + ".room.test. 300 IN A 127.0.0.1");
      zone.add("_matrix-fed._tcp.dd" + i + ".room.test. 300 IN SRV 10 5 8448 t" + i + ".room.test.");
      zone.add("s" + i + ".room.test. 300 IN A 127.0.0.1");
      zone.add("_matrix-fed._tcp.s" + i + ".room.test. 300 IN SRV 10 5 8448 t" + i + ".room.test.");
      zone.add("t" + i + ".room.test. 300 IN A 127.0.22." + (i % 250 + 1));
      zone.add("f" + i + ".room.test. 300 IN A 127.0.0.1");
      // nothing listens on 127.0.23.x: the .well-known connection is refused
      zone.add("x" + i + ".room.test. 300 IN A 127.0.23." + (i % 250 + 1));
      certified.add("d" + i + ".room.test");
      certified.add("s" + i + ".room.test");
      certified.add("f" + i + ".room.test");
      names.add(ServerName.parse("d" + i + ".room.test"));
      names.add(ServerName.parse("s" + i + ".room.test"));
      names.add(ServerName.parse("f" + i + ".room.test"));
      names.add(ServerName.parse("x" + i + ".room.test"));
    }
    world = TestWorld.start(zone, certified.toArray(String[]::new));
    world.dns().answerAfter(Duration.ofMillis(20));
    world
        .https()
        .defaultHandler(
            r -> {
              String host = r.host();
              sleep(60);
              return host.startsWith("d")
                  ? TestResponse.json("{\"m.server\":\"d" + host.substring(1) + "\"}")
                  : TestResponse.status(404);
            });
  }

  /** Fresh resolvers: every cache empty; and a fresh bare client. */
  @Setup(Level.Iteration)
  public void newResolver() {
    // Timeouts long enough for every fetch of the batch to finish on a loaded machine: the batch
    // measures the work, not how much of it fits in the default timeouts.
    resolver = ServerNameResolver.create(generous().build());
    serialResolver = ServerNameResolver.create(generous().dnsLookAhead(false).build());
    bareClient =
        HttpAsyncClients.custom()
            .setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    .setDnsResolver(TestHttpClients.LOOPBACK)
                    .setTlsStrategy(
                        new DefaultClientTlsStrategy(
                            TlsContexts.clientContext(world.config().build())))
                    .setDefaultTlsConfig(
                        TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                    .setMaxConnPerRoute(NAMES)
                    .setMaxConnTotal(NAMES)
                    .build())
            .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).build())
            .setConnectionReuseStrategy((request, response, context) -> false)
            .build();
    bareClient.start();
  }

  private FedrouteConfig.Builder generous() {
    return world
        .config()
        .resolveTimeout(Duration.ofSeconds(120))
        .wellKnownTimeout(Duration.ofSeconds(100))
        .wellKnownConnectTimeout(Duration.ofSeconds(100))
        .dnsQueryTimeout(Duration.ofSeconds(10));
  }

  /** Closes the batch's resolvers and client. */
  @TearDown(Level.Iteration)
  public void closeResolver() {
    resolver.close();
    serialResolver.close();
    bareClient.close(CloseMode.IMMEDIATE);
  }

  /** Stops the fixtures. */
  @TearDown(Level.Trial)
  public void tearDown() {
    world.close();
  }

  /**
   * One cold resolution of a delegated name (the slowest kind) by a fresh resolver, against the
   * same fixtures: the big room's target is at most 3x this.
   *
   * @return the resolution
   */
  @Benchmark
  @Measurement(iterations = 15)
  public Resolution oneDelegatedName() {
    return resolver.resolveBlocking(names.get(0), Duration.ofSeconds(5));
  }

  /**
   * The fixture's share of a batch without Fedroute: the batch's 750 {@code .well-known} exchanges
   * (each with its host's SNI, on a new connection) made at once by a bare asynchronous client.
   *
   * @param costs where the exchanges that failed go
   */
  @Benchmark
  public void baselineFixturesAlone(Costs costs) {
    int requests = world.https().requestCount();
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>(names.size());
    for (ServerName name : names) {
      if (name.host().startsWith("x")) {
        continue; // nothing listens there
      }
      CompletableFuture<SimpleHttpResponse> f = new CompletableFuture<>();
      bareClient.execute(
          SimpleRequestBuilder.get(
                  "https://" + name.host() + ":" + world.https().port() + "/.well-known/matrix/server")
              .build(),
          new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse result) {
              f.complete(result);
            }

            @Override
            public void failed(Exception ex) {
              failed.incrementAndGet();
              f.complete(null);
            }

            @Override
            public void cancelled() {
              failed.incrementAndGet();
              f.complete(null);
            }
          });
      all.add(f);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    costs.wellKnownRequests += world.https().requestCount() - requests;
    costs.failures += failed.get();
  }

  /**
   * The big room in the strictly serial order: its DNS queries are exactly those the steps need.
   *
   * @param costs where the batch's costs go
   */
  @Benchmark
  public void joinBigRoomSerial(Costs costs) {
    join(serialResolver, costs);
  }

  /**
   * Resolves every name at once and waits for all.
   *
   * @param costs where the batch's costs go
   */
  @Benchmark
  public void joinBigRoom(Costs costs) {
    join(resolver, costs);
  }

  private void join(ServerNameResolver resolver, Costs costs) {
    int queries = world.dns().totalQueries();
    int requests = world.https().requestCount();
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>(names.size());
    for (ServerName name : names) {
      all.add(
          resolver
              .resolve(name)
              .toCompletableFuture()
              .exceptionally(
                  e -> {
                    failed.incrementAndGet();
                    return null;
                  }));
    }
    long peak = 0;
    CompletableFuture<Void> done = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    while (!done.isDone()) {
      peak = Math.max(peak, fedrouteThreads());
      sleep(5);
    }
    costs.peakFedrouteThreads = Math.max(costs.peakFedrouteThreads, peak);
    costs.dnsQueries += world.dns().totalQueries() - queries;
    costs.wellKnownRequests += world.https().requestCount() - requests;
    costs.failures += failed.get();
  }

  private static long fedrouteThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("fedroute-"))
        .count();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
