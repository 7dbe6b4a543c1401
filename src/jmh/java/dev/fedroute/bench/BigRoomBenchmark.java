package dev.fedroute.bench;

import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * .well-known} after 60 ms. Reported beside the wall time: the most threads of Fedroute's own pool
 * alive at once, and the DNS queries and HTTP requests the fixtures received.
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

  /** A fresh resolver: every cache empty. */
  @Setup(Level.Iteration)
  public void newResolver() {
    resolver =
        ServerNameResolver.create(
            world.config().resolveTimeout(Duration.ofSeconds(30)).build());
  }

  /** Closes the batch's resolver. */
  @TearDown(Level.Iteration)
  public void closeResolver() {
    resolver.close();
  }

  /** Stops the fixtures. */
  @TearDown(Level.Trial)
  public void tearDown() {
    world.close();
  }

  /**
   * Resolves every name at once and waits for all.
   *
   * @param costs where the batch's costs go
   */
  @Benchmark
  public void joinBigRoom(Costs costs) {
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
