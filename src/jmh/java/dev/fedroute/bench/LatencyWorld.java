package dev.fedroute.bench;

import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import java.time.Duration;
import java.util.List;

/**
 * The loopback federation of the cold-resolution figures: DNS answering each query after 20 ms, the
 * {@code .well-known} server answering after 60 ms, and one name of each kind the issue measures
 * ({@code port.bench.test:8448}, {@code delegated.bench.test}, {@code srv.bench.test}, {@code
 * fallback.bench.test}).
 */
final class LatencyWorld {
  static final Duration DNS_LATENCY = Duration.ofMillis(20);
  static final Duration WELL_KNOWN_LATENCY = Duration.ofMillis(60);

  private LatencyWorld() {}

  /**
   * Starts the fixtures with their latencies.
   *
   * @return the world; close it after use
   */
  static TestWorld start() {
    TestWorld world =
        TestWorld.start(
            List.of(
                "port.bench.test. 300 IN A 127.0.21.1",
                "delegated.bench.test. 300 IN A 127.0.0.1",
                "_matrix-fed._tcp.deleg.bench.test. 300 IN SRV 10 5 8448 dt.bench.test.",
                "dt.bench.test. 300 IN A 127.0.21.2",
                "srv.bench.test. 300 IN A 127.0.0.1",
                "_matrix-fed._tcp.srv.bench.test. 300 IN SRV 10 5 8448 st.bench.test.",
                "st.bench.test. 300 IN A 127.0.21.3",
                "fallback.bench.test. 300 IN A 127.0.0.1"),
            "delegated.bench.test",
            "srv.bench.test",
            "fallback.bench.test");
    world.dns().answerAfter(DNS_LATENCY);
    world
        .https()
        .route(
            "delegated.bench.test",
            "/.well-known/matrix/server",
            r -> after(WELL_KNOWN_LATENCY, TestResponse.json("{\"m.server\":\"deleg.bench.test\"}")));
    world.https().defaultHandler(r -> after(WELL_KNOWN_LATENCY, TestResponse.status(404)));
    return world;
  }

  /**
   * The server name of a kind.
   *
   * @param kind {@code port}, {@code delegated}, {@code srv} or {@code fallback}
   * @return the name's text
   */
  static String name(String kind) {
    return kind.equals("port") ? "port.bench.test:8448" : kind + ".bench.test";
  }

  /**
   * The critical path of a kind, in milliseconds (see {@link ColdResolutionBenchmark}).
   *
   * @param kind the kind
   * @return the critical path
   */
  static long criticalPathMillis(String kind) {
    switch (kind) {
      case "port":
        return 20;
      case "delegated":
        return 120;
      default:
        return 80;
    }
  }

  private static TestResponse after(Duration latency, TestResponse response) {
    try {
      Thread.sleep(latency.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return response;
  }
}
