package dev.fedroute.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.testing.FaultLoad;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.ResourceSnapshot;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11, point 3, inside an application server: federation GETs through the injected {@link
 * FederationClients} (the filter, the server's JAX-RS client) from 4 threads for {@link
 * FaultLoad#configuredDuration()}, at most {@value #RATE} requests a second, while the DNS server
 * is stopped and restarted and {@code .well-known} answers 500 ({@link FaultLoad}'s schedule).
 *
 * <p>Requests to names resolved before the run must all succeed (their 2-second DNS answers expire
 * during the run, so they are resolved again from stale answers while DNS is down); fresh names may
 * fail only with {@code dns_failure} while DNS is down and with {@code connect_failure} (no
 * delegation: step 6 on a port where nothing listens) while {@code .well-known} fails. Afterwards
 * the JVM's sockets and other descriptors that are no file (pipes, epoll: a leaked NIO selector or
 * I/O reactor) are no more than before the run, the cached federation clients and the federation
 * server's open connections are those of before (pools were filled by a warm-up first), Fedroute's
 * and dnsjava's threads are no more than before, and no thread is new but for the fixtures' and the
 * server's own bounded pools, which may grow under load (their prefixes are given by each server's
 * suite). Thread-safe; each server's suite calls it once.
 */
public final class LoadUnderFaults {
  /** The most requests per second, all threads together. */
  public static final int RATE = 250;

  private static final int THREADS = 4;
  private static final String PATH = "/_matrix/federation/v1/version";

  private LoadUnderFaults() {}

  /**
   * Runs the load and checks what it left.
   *
   * @param server the server's name, for the printed figures
   * @param clients the injected factory
   * @param federation the federation server every name ends at
   * @param stable names resolved (and requested) before the run
   * @param fresh names never asked before
   * @param faults switches DNS and {@code .well-known}
   * @param serverPools name prefixes of the server's own bounded thread pools, whose threads may
   *     grow under load
   * @return the report of the run
   * @throws InterruptedException when interrupted
   */
  public static FaultLoad.Report run(
      String server,
      FederationClients clients,
      HttpsTestServer federation,
      List<String> stable,
      List<String> fresh,
      FaultLoad.Faults faults,
      List<String> serverPools)
      throws InterruptedException {
    FaultLoad.Call get = name -> get(clients, name);
    warmUp(get, stable);
    federation.recordRequests(false);
    try {
      Figures before = settled(clients, federation);
      int received = federation.receivedCount();

      FaultLoad.Report report =
          FaultLoad.on(stable, get, faults)
              .fresh(
                  fresh,
                  40,
                  (kind, dnsDown, wellKnownFailing) ->
                      (dnsDown && kind.equals("dns_failure"))
                          || (wellKnownFailing && kind.equals("connect_failure")))
              .threads(THREADS, RATE)
              .duration(FaultLoad.configuredDuration())
              .run();
      Figures after = awaitFigures(clients, federation, before, serverPools);

      System.out.printf(
          "%s load under faults: %s; the federation server received %d requests%n"
              + "  before: %s%n  after:  %s%n  threads new after the load: %s%n",
          server,
          report,
          federation.receivedCount() - received,
          before,
          after,
          newThreads(before, after, serverPools));
      assertThat(report.stableFailures()).as("failures of resolved names: %s", report).isZero();
      assertThat(report.unforcedErrorCount()).as("errors no fault explains: %s", report).isZero();
      assertThat(report.dnsStops()).isEqualTo(2);
      assertThat(report.forcedErrors()).as("fresh names failed by the faults").isNotEmpty();
      assertThat(report.freshSuccesses()).as("fresh names delegated while all was up").isPositive();
      // Not above: the server may close idle connections of its own meanwhile (Payara: 31 to 28).
      assertThat(after.resources().sockets())
          .as("sockets of the JVM")
          .isLessThanOrEqualTo(before.resources().sockets());
      assertThat(after.resources().nonFiles())
          .as("sockets, pipes, epoll and event descriptors of the JVM")
          .isLessThanOrEqualTo(before.resources().nonFiles());
      assertThat(after.resources().fedrouteThreads().size())
          .as("Fedroute's and dnsjava's threads (idle pool threads may end)")
          .isLessThanOrEqualTo(before.resources().fedrouteThreads().size());
      assertThat(newThreads(before, after, serverPools))
          .as("new threads, but for the fixtures' and the server's pools")
          .isEmpty();
      assertThat(after.clients()).as("cached federation clients").isEqualTo(before.clients());
      assertThat(after.openConnections())
          .as("open connections at the federation server")
          .isEqualTo(before.openConnections());
      return report;
    } finally {
      federation.recordRequests(true);
    }
  }

  /** What is compared before and after. */
  private record Figures(ResourceSnapshot resources, long clients, int openConnections) {
    @Override
    public String toString() {
      return resources
          + ", "
          + clients
          + " cached federation clients, "
          + openConnections
          + " open connections at the federation server";
    }
  }

  private static void get(FederationClients clients, String name) {
    try (Response r = clients.request(name, PATH).get()) {
      if (r.getStatus() != 200) {
        throw new IllegalStateException(name + " answered " + r.getStatus());
      }
      r.readEntity(String.class);
    }
  }

  /** Every stable name from every thread at once, a few times: the pools reach their size. */
  private static void warmUp(FaultLoad.Call get, List<String> stable) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      threads.add(
          new Thread(
              () -> {
                for (int round = 0; round < 20; round++) {
                  for (String name : stable) {
                    try {
                      get.send(name);
                    } catch (Exception e) {
                      errors.add(e);
                    }
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).as("warm-up errors").isEmpty();
  }

  private static Figures figures(FederationClients clients, HttpsTestServer federation) {
    return new Figures(
        ResourceSnapshot.take(), clients.cachedClientCount(), federation.openConnectionCount());
  }

  /** Figures once two in a row, a second apart, agree (at most 10 s). */
  private static Figures settled(FederationClients clients, HttpsTestServer federation)
      throws InterruptedException {
    Figures last = figures(clients, federation);
    for (int i = 0; i < 10; i++) {
      TimeUnit.SECONDS.sleep(1);
      Figures now = figures(clients, federation);
      if (same(now, last)) {
        return now;
      }
      last = now;
    }
    return last;
  }

  /** Waits up to 30 s for the figures of {@code before}; the last figures. */
  private static Figures awaitFigures(
      FederationClients clients,
      HttpsTestServer federation,
      Figures before,
      List<String> serverPools)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Figures now = figures(clients, federation);
    while (!(now.resources().sockets() <= before.resources().sockets()
            && now.resources().nonFiles() <= before.resources().nonFiles()
            && now.resources().fedrouteThreads().size()
                <= before.resources().fedrouteThreads().size()
            && newThreads(before, now, serverPools).isEmpty()
            && now.clients() == before.clients()
            && now.openConnections() == before.openConnections())
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(250);
      now = figures(clients, federation);
    }
    return now;
  }

  private static List<String> newThreads(Figures before, Figures after, List<String> pools) {
    List<String> extra = after.resources().newNonFixtureThreadsSince(before.resources());
    extra.removeIf(n -> pools.stream().anyMatch(n::startsWith));
    return extra;
  }

  private static boolean same(Figures a, Figures b) {
    return a.resources().sockets() == b.resources().sockets()
        && a.resources().nonFiles() == b.resources().nonFiles()
        && a.resources().threads() == b.resources().threads()
        && a.resources().fedrouteThreads().equals(b.resources().fedrouteThreads())
        && a.clients() == b.clients()
        && a.openConnections() == b.openConnections();
  }
}
