package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.Step;
import dev.fedroute.WellKnownResult;
import dev.fedroute.jakarta.ResolutionEvent.Result;
import dev.fedroute.testing.DnsTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * Cache inspection, invalidation, cache-hit events and shutdown of the bean in Weld, resolving a
 * DNS name served by a DNS server on loopback ({@code .well-known} off, loopback allowed).
 */
@EnableWeld
class FedrouteResolverCacheWeldTest {
  private static final ServerName NAME = ServerName.parse("hs.example.test");
  private static final String SRV = "_matrix-fed._tcp.hs.example.test";
  private static DnsTestServer dns;

  @WeldSetup WeldInitiator weld = WeldInitiator.from(FedrouteResolverWeldTest.container()).build();

  @Inject FedrouteResolver resolver;
  @Inject ResolutionCounter counter;

  @BeforeAll
  static void startDnsAndConfigure() {
    dns =
        DnsTestServer.start(
            "hs.example.test. 300 IN A 127.0.30.2",
            "_matrix-fed._tcp.hs.example.test. 300 IN SRV 10 5 8443 fed.example.test.",
            "fed.example.test. 300 IN A 127.0.30.1");
    configure();
  }

  /** The class's configuration, then {@code more} pairs (a later key wins). */
  private static void configure(String... more) {
    List<String> pairs = new ArrayList<>();
    pairs.add("fedroute.dns.servers=127.0.0.1:" + dns.address().getPort());
    pairs.add("fedroute.well-known.enabled=false");
    pairs.add("fedroute.allowlist=127.0.0.0/8");
    pairs.addAll(List.of(more));
    TestConfig.register(TestConfig.of(pairs.toArray(String[]::new)));
  }

  @AfterAll
  static void stopDns() {
    TestConfig.release();
    dns.close();
  }

  @Test
  void theSecondResolutionIsACacheHitAndCanBeInspected() {
    assertThat(resolver.cached(NAME)).isEmpty();

    Resolution first = resolver.resolveBlocking("hs.example.test");
    Resolution second = resolver.resolveBlocking("HS.example.test");

    assertThat(first.step()).isEqualTo(Step.SRV);
    assertThat(first.targets().get(0).port()).isEqualTo(8443);
    assertThat(second).isEqualTo(first);
    assertThat(resolver.cached(NAME)).hasValue(first);
    assertThat(dns.queryCount(SRV, Type.SRV)).isEqualTo(1);
    assertThat(counter.events())
        .extracting(ResolutionEvent::result, ResolutionEvent::step, ResolutionEvent::cacheHit)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Result.OK, Step.SRV, false),
            org.assertj.core.groups.Tuple.tuple(Result.OK, Step.SRV, true));
  }

  @Test
  void invalidationForgetsTheNameSoTheNextResolutionAsksDnsAgain() {
    resolver.resolveBlocking("hs.example.test");
    int queriesBefore = dns.queryCount(SRV, Type.SRV);

    resolver.invalidate(NAME);

    assertThat(resolver.cached(NAME)).isEmpty();
    resolver.resolveBlocking("hs.example.test");
    assertThat(dns.queryCount(SRV, Type.SRV)).isEqualTo(queriesBefore + 1);
    assertThat(counter.events())
        .extracting(ResolutionEvent::cacheHit)
        .containsExactly(false, false);
  }

  @Test
  void stoppingTheContainerClosesTheResolverAndItsThreads() throws Exception {
    weld.shutdown();
    int closedPort = closedPort();
    // .well-known on: its fetch (refused) runs on the resolver's own threads, as there is no JNDI
    configure("fedroute.well-known.enabled=true", "fedroute.well-known.port=" + closedPort);
    try {
      WeldContainer container = FedrouteResolverWeldTest.container().initialize();
      Resolution resolution =
          container.select(ServerNameResolver.class).get().resolveBlocking("hs.example.test");
      assertThat(resolution.wellKnown().outcome()).isNotEqualTo(WellKnownResult.Outcome.DELEGATED);
      assertThat(fedrouteThreads()).isNotEmpty();

      container.close();

      for (Thread t : fedrouteThreads()) {
        t.join(Duration.ofSeconds(5).toMillis());
      }
      assertThat(fedrouteThreads()).isEmpty();
    } finally {
      configure();
    }
  }

  @Test
  void backgroundWorkRunsOnTheManagedExecutorFoundInJndi() throws Exception {
    weld.shutdown();
    AtomicInteger tasks = new AtomicInteger();
    ExecutorService managed = Executors.newSingleThreadExecutor(r -> new Thread(r, "managed"));
    Executor counting =
        task -> {
          tasks.incrementAndGet();
          managed.execute(task);
        };
    TestNaming.bind("java:comp/DefaultManagedExecutorService", counting);
    TestNaming.install();
    configure("fedroute.well-known.enabled=true", "fedroute.well-known.port=" + closedPort());
    try (WeldContainer container = FedrouteResolverWeldTest.container().initialize()) {
      container.select(ServerNameResolver.class).get().resolveBlocking("hs.example.test");

      assertThat(tasks.get()).isPositive();
      // no pool of its own (deadlines use the JDK's shared scheduler, see time.Deadlines)
      assertThat(fedrouteThreads())
          .extracting(Thread::getName)
          .allMatch(n -> !n.matches("fedroute-\\d+"));
    } finally {
      TestNaming.uninstall();
      managed.shutdownNow();
      configure();
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static List<Thread> fedrouteThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("fedroute-") && t.isAlive())
        .toList();
  }
}
