package dev.fedroute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.FaultLoad;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.ResourceSnapshot;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, point 3, for the core in a plain JVM: 10,000 distinct server names resolved through the
 * public API against the loopback DNS server, then a minute ({@value FaultLoad#DURATION_PROPERTY}
 * seconds) of resolutions while DNS is stopped and restarted and {@code .well-known} answers 500.
 *
 * <p>Every DNS answer lives 3 seconds, so the resolutions of the 10,000 names expire again and
 * again during the run and are made anew while DNS is down: from the stale answers (RFC 8767).
 * Names: 9,000 with an explicit port (step 2: A/AAAA only), 500 delegated by {@code .well-known} to
 * one host with an explicit port (step 3.2), 500 with an SRV record (step 4, {@code .well-known}
 * 404); fresh names, asked for the first time during the run, fail only with {@code dns_failure}
 * and only while DNS is down. Afterwards the sockets are those of before and no thread is new, and
 * closing the resolver leaves none of its own.
 */
class ResolverLoadUnderFaultsIT {
  private static final int PORT_NAMES = 9_000;
  private static final int WELL_KNOWN_NAMES = 1_000;
  private static final int FRESH_NAMES = 3_000;
  private static final int TTL = 3;

  private final TestCa ca = TestCa.create("Fedroute load CA");
  private final List<String> zone = zone();
  private volatile DnsTestServer dns = startBelowEphemeralPorts(zone);
  private final int dnsPort = dns.address().getPort();
  private volatile boolean wellKnownFailing;
  private final HttpsTestServer wellKnown =
      HttpsTestServer.https(ca.issue("*.load.test")).start().recordRequests(false);
  private Path trustStore;

  @AfterEach
  void stop() throws Exception {
    wellKnown.close();
    dns.close();
    if (trustStore != null) {
      Files.deleteIfExists(trustStore);
    }
  }

  @Test
  void tenThousandNamesKeepResolvingThroughDnsAndWellKnownOutagesWithoutLeaks() throws Exception {
    wellKnown.defaultHandler(
        r -> {
          if (wellKnownFailing) {
            return TestResponse.status(500);
          }
          int n = Integer.parseInt(r.hostName().substring(1, r.hostName().indexOf('.')));
          return n % 2 == 0
              ? TestResponse.json("{\"m.server\":\"deleg.load.test:8448\"}")
              : TestResponse.status(404);
        });
    trustStore = Files.createTempFile("fedroute-load", ".p12");
    ca.writeTrustStore(trustStore, "changeit", "PKCS12");
    FedrouteConfig config =
        FedrouteConfig.builder()
            .dnsServers(List.of(dns.address()))
            .dnsQueryTimeout(Duration.ofSeconds(2))
            .resolveTimeout(Duration.ofSeconds(10))
            .wellKnownPort(wellKnown.port())
            .wellKnownTimeout(Duration.ofSeconds(3))
            .trustStore(Optional.of(new FedrouteConfig.TrustStore(trustStore, "changeit")))
            .allow(Cidr.parseAll(List.of("127.0.0.0/8")))
            .build();
    List<String> stable = new ArrayList<>();
    for (int i = 0; i < PORT_NAMES; i++) {
      stable.add("p" + i + ".load.test:8448");
    }
    for (int i = 0; i < WELL_KNOWN_NAMES; i++) {
      stable.add("w" + i + ".load.test");
    }
    List<String> fresh = new ArrayList<>();
    for (int i = 0; i < FRESH_NAMES; i++) {
      fresh.add("f" + i + ".load.test:8448");
    }
    AtomicInteger staleServed = new AtomicInteger();

    ResourceSnapshot beforeResolver = settled(ResourceSnapshot.take());
    ResourceSnapshot beforeLoad;
    ResourceSnapshot afterLoad;
    FaultLoad.Report report;
    try (ServerNameResolver resolver = ServerNameResolver.create(config)) {
      resolveAll(resolver, stable);
      beforeLoad = settled(ResourceSnapshot.take());

      report =
          FaultLoad.on(
                  stable,
                  name -> {
                    Resolution r = resolver.resolveBlocking(name);
                    if (r.trace().stream().anyMatch(t -> t.contains("stale"))) {
                      staleServed.incrementAndGet();
                    }
                  },
                  faults())
              .fresh(fresh, 40, (kind, dnsDown, wk) -> dnsDown && kind.equals("dns_failure"))
              .threads(4, 2_000)
              .duration(FaultLoad.configuredDuration())
              .run();
      afterLoad = awaitBaseline(beforeLoad);
    }
    ResourceSnapshot afterClose = awaitBaseline(beforeResolver);

    System.out.printf(
        "plain JVM, 10,000 names: %s; %d resolutions served stale answers%n"
            + "  before the resolver: %s%n  before the load:     %s%n  after the load:      %s%n"
            + "  after close:         %s%n  new threads after the load %s, after close %s%n",
        report,
        staleServed.get(),
        beforeResolver,
        beforeLoad,
        afterLoad,
        afterClose,
        afterLoad.newThreadsSince(beforeLoad),
        afterClose.newThreadsSince(beforeResolver));
    assertThat(report.stableFailures()).as("failures of resolved names: %s", report).isZero();
    assertThat(report.unforcedErrorCount()).as("errors the faults do not explain").isZero();
    assertThat(report.dnsStops()).isEqualTo(2);
    assertThat(staleServed.get()).as("resolutions made from stale DNS answers").isPositive();
    assertThat(report.forcedErrors()).as("fresh names failed while DNS was down").isNotEmpty();
    assertThat(report.freshSuccesses()).as("fresh names resolved while DNS was up").isPositive();
    assertThat(afterLoad.sockets()).as("sockets after the load").isEqualTo(beforeLoad.sockets());
    assertThat(afterLoad.fedrouteThreads().size())
        .as("Fedroute's and dnsjava's threads after the load (idle pool threads may end)")
        .isLessThanOrEqualTo(beforeLoad.fedrouteThreads().size());
    assertThat(afterLoad.newNonFixtureThreadsSince(beforeLoad)).as("new threads").isEmpty();
    assertThat(afterClose.sockets()).as("sockets after close").isEqualTo(beforeResolver.sockets());
    assertThat(afterClose.fedrouteThreads()).isEqualTo(beforeResolver.fedrouteThreads());
    assertThat(afterClose.newNonFixtureThreadsSince(beforeResolver))
        .as("new threads after close")
        .isEmpty();
  }

  /**
   * A DNS server on a free port below the kernel's ephemeral range (32768 and up): while it is
   * stopped, no other socket of the machine takes its port by chance (another test's DNS server on
   * port 0 did, and answered for this zone).
   */
  private static DnsTestServer startBelowEphemeralPorts(List<String> zone) {
    java.util.SplittableRandom random = new java.util.SplittableRandom();
    for (int attempt = 0; ; attempt++) {
      try {
        return DnsTestServer.start(21_000 + random.nextInt(4_000), zone);
      } catch (java.io.UncheckedIOException taken) {
        if (attempt == 50) {
          throw taken;
        }
      }
    }
  }

  private FaultLoad.Faults faults() {
    return new FaultLoad.Faults() {
      @Override
      public void stopDns() {
        dns.close();
      }

      @Override
      public void startDns() {
        dns = DnsTestServer.restart(dnsPort, zone);
      }

      @Override
      public void wellKnownFailing(boolean failing) {
        wellKnownFailing = failing;
      }
    };
  }

  /** Resolves every name, 16 at a time; each must succeed. */
  private static void resolveAll(ServerNameResolver resolver, List<String> names) throws Exception {
    Semaphore inFlight = new Semaphore(16);
    List<CompletableFuture<Resolution>> all = new ArrayList<>();
    for (String name : names) {
      inFlight.acquire();
      CompletableFuture<Resolution> r =
          resolver.resolve(ServerName.parse(name)).toCompletableFuture();
      r.whenComplete((ok, error) -> inFlight.release());
      all.add(r);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
  }

  /** The zone: every answer lives {@value #TTL} seconds. */
  private static List<String> zone() {
    List<String> z = new ArrayList<>();
    for (int i = 0; i < PORT_NAMES; i++) {
      z.add("p" + i + ".load.test. " + TTL + " IN A 127.0.0.1");
    }
    for (int i = 0; i < WELL_KNOWN_NAMES; i++) {
      z.add("w" + i + ".load.test. " + TTL + " IN A 127.0.0.1");
      if (i % 2 == 1) {
        z.add(
            "_matrix-fed._tcp.w"
                + i
                + ".load.test. "
                + TTL
                + " IN SRV 10 5 8448 target.load.test.");
      }
    }
    for (int i = 0; i < FRESH_NAMES; i++) {
      z.add("f" + i + ".load.test. " + TTL + " IN A 127.0.0.1");
    }
    z.add("target.load.test. " + TTL + " IN A 127.0.0.1");
    z.add("deleg.load.test. " + TTL + " IN A 127.0.0.1");
    return z;
  }

  /** A snapshot taken once two in a row, a second apart, agree (pools and timers settle). */
  private static ResourceSnapshot settled(ResourceSnapshot first) throws InterruptedException {
    ResourceSnapshot last = first;
    for (int i = 0; i < 10; i++) {
      Thread.sleep(1_000);
      ResourceSnapshot now = ResourceSnapshot.take();
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    return last;
  }

  /** Waits up to 30 s for the sockets and threads of {@code baseline}; the last snapshot. */
  private static ResourceSnapshot awaitBaseline(ResourceSnapshot baseline)
      throws InterruptedException {
    BooleanSupplier back =
        () -> {
          ResourceSnapshot now = ResourceSnapshot.take();
          return now.sockets() == baseline.sockets()
              && now.fedrouteThreads().size() <= baseline.fedrouteThreads().size()
              && now.newNonFixtureThreadsSince(baseline).isEmpty();
        };
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!back.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    return ResourceSnapshot.take();
  }
}
