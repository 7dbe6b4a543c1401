package dev.fedroute.bench;

import dev.fedroute.internal.resolve.DefaultServerNameResolver;
import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientBuilderImpl;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What the federation filter adds to a request: a GET {@code matrix-federation://s4.bench.test/...}
 * through the filter (a cached resolution of an SRV name, the URI and {@code Host} rewritten)
 * against a direct GET of the same {@code https://127.0.0.1:<port>/...} with the same {@code Host}
 * on the same client (RESTEasy, the same pooled, kept-alive connection, SNI pinned to the TLS name)
 * to the same loopback HTTPS server. The target: at most 5 % more.
 *
 * <p>On a shared machine the load changes between two benchmarks run one after the other, so
 * {@link #pairedGets} also times both kinds alternately within each invocation (which goes first
 * alternates too) and prints the medians of each kind, and their ratio, at the end of the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FilterBenchmark {
  static final String PATH = "/_matrix/federation/v1/version";

  private TestWorld world;
  private HttpsTestServer federation;
  private DefaultServerNameResolver resolver;
  private FederationClients clients;
  private Client client;
  private String direct;
  private final List<Long> filterNanos = new ArrayList<>();
  private final List<Long> directNanos = new ArrayList<>();
  private boolean filterFirst;

  /** Starts the servers and warms the resolution and the connection. */
  @Setup(Level.Trial)
  public void setUp() {
    world = TestWorld.start(List.of("s4.bench.test. 3600 IN A 127.0.0.1"), "unused.bench.test");
    federation = HttpsTestServer.https(world.ca().issue("s4.bench.test")).start();
    federation.defaultHandler(r -> TestResponse.json("{\"server\":{\"name\":\"bench\"}}"));
    world
        .dns()
        .addRecords(
            "_matrix-fed._tcp.s4.bench.test. 3600 IN SRV 10 5 "
                + federation.port()
                + " target.bench.test.",
            "target.bench.test. 3600 IN A 127.0.0.1");
    resolver =
        new DefaultServerNameResolver(
            world.config().build(), InstantSource.system(), null, new SplittableRandom(7));
    clients =
        FederationClients.builder(resolver)
            .config(world.config().build())
            .clientBuilder(ResteasyClientBuilderImpl::new)
            .build();
    client = clients.client("s4.bench.test");
    direct = "https://127.0.0.1:" + federation.port() + PATH;
    throughTheFilter();
    directGet();
  }

  /**
   * Forgets the warm-up's paired timings.
   *
   * @param iteration the iteration that ended
   */
  @TearDown(Level.Iteration)
  public void dropWarmUp(IterationParams iteration) {
    if (iteration.getType() == IterationType.WARMUP) {
      filterNanos.clear();
      directNanos.clear();
    }
  }

  /** Stops everything, and prints the paired medians. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (!filterNanos.isEmpty()) {
      double filter = median(filterNanos) / 1000.0;
      double plain = median(directNanos) / 1000.0;
      System.out.printf(
          "%npaired GETs: %d each; median through the filter %.1f us, direct %.1f us,"
              + " ratio %.3f%n",
          filterNanos.size(), filter, plain, filter / plain);
    }
    clients.close();
    resolver.close();
    federation.close();
    world.close();
  }

  /**
   * A GET through the filter.
   *
   * @return the body
   */
  @Benchmark
  public String throughTheFilter() {
    try (Response r = client.target("matrix-federation://s4.bench.test" + PATH).request().get()) {
      return r.readEntity(String.class);
    }
  }

  /**
   * One GET through the filter and one direct, in alternating order, each timed on its own (the
   * medians are printed at the end).
   *
   * @return the bodies' total length
   */
  @Benchmark
  public int pairedGets() {
    filterFirst = !filterFirst;
    long a = System.nanoTime();
    String first = filterFirst ? throughTheFilter() : directGet();
    long b = System.nanoTime();
    String second = filterFirst ? directGet() : throughTheFilter();
    long c = System.nanoTime();
    (filterFirst ? filterNanos : directNanos).add(b - a);
    (filterFirst ? directNanos : filterNanos).add(c - b);
    return first.length() + second.length();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /**
   * Baseline: the same GET sent directly, on the same client.
   *
   * @return the body
   */
  @Benchmark
  public String directGet() {
    try (Response r =
        client.target(direct).request().header(HttpHeaders.HOST, "s4.bench.test").get()) {
      return r.readEntity(String.class);
    }
  }
}
