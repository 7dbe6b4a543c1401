package dev.fedroute.internal.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Cidr;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.WellKnownResult;
import dev.fedroute.internal.net.AddressFilter;
import dev.fedroute.internal.net.AddressLookup;
import dev.fedroute.testing.FakeClock;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A loopback HTTPS server for {@code *.wk.test}, a client factory, and a fake clock. */
abstract class WellKnownTestBase {
  static final String PATH = "/.well-known/matrix/server";
  static TestCa ca;
  static TestCa.Leaf leaf;
  static Path trustStore;

  final FakeClock clock = new FakeClock();
  final ExecutorService executor = Executors.newCachedThreadPool();

  /** How many tasks (fetches and background refreshes) the client handed to its executor. */
  final AtomicInteger tasksSubmitted = new AtomicInteger();

  /** How many of those tasks have finished running. */
  final AtomicInteger tasksFinished = new AtomicInteger();

  private final Executor countingExecutor =
      task -> {
        tasksSubmitted.incrementAndGet();
        executor.execute(
            () -> {
              try {
                task.run();
              } finally {
                tasksFinished.incrementAndGet();
              }
            });
      };
  HttpsTestServer server;
  WellKnownClient client;

  @BeforeAll
  static void mintCa(@TempDir Path dir) {
    ca = TestCa.create("WellKnown CA");
    leaf = ca.issue("wk.test", "*.wk.test");
    trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), "secret", "PKCS12");
  }

  @BeforeEach
  void startServer() {
    server = HttpsTestServer.https(leaf).start();
    client = client(server.port(), b -> b);
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    server.close();
    executor.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * Test host names at 127.0.0.1, {@code blocked.wk.test} at 10.0.0.1 (blocklisted), {@code two.*}
   * at 127.0.0.2 (where nothing listens) and then 127.0.0.1.
   */
  static final AddressLookup DNS =
      host -> {
        try {
          InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
          if (host.startsWith("two.")) {
            return CompletableFuture.completedFuture(
                List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), loopback));
          }
          byte[] ip =
              host.startsWith("blocked.") ? new byte[] {10, 0, 0, 1} : new byte[] {127, 0, 0, 1};
          return CompletableFuture.completedFuture(List.of(InetAddress.getByAddress(ip)));
        } catch (UnknownHostException e) {
          return CompletableFuture.failedFuture(e);
        }
      };

  static AddressFilter filter() {
    return new AddressFilter(
        FedrouteConfig.DEFAULT_BLOCKLIST, Cidr.parseAll(List.of("127.0.0.0/8", "::1/128")));
  }

  WellKnownClient client(int port, UnaryOperator<FedrouteConfig.Builder> tweak) {
    FedrouteConfig config =
        tweak
            .apply(
                FedrouteConfig.builder()
                    .wellKnownPort(port)
                    .wellKnownJitter(0.0)
                    .trustStore(Optional.of(new FedrouteConfig.TrustStore(trustStore, "secret"))))
            .build();
    return new WellKnownClient(
        config, DNS, filter(), clock, countingExecutor, new SplittableRandom(3));
  }

  WellKnownResult lookup(String host) {
    return client.lookup(host).toCompletableFuture().join();
  }

  void serve(String host, TestResponse response) {
    server.route(host, PATH, r -> response);
  }

  static String delegation(String mServer) {
    return "{\"m.server\":\"" + mServer + "\"}";
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(10);
    }
  }
}
