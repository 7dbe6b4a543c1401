package dev.fedroute.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.it.ItDeployments;
import dev.fedroute.it.cluster.probe.ClusterProbe;
import dev.fedroute.it.cluster.probe.GridProbe;
import dev.fedroute.it.cluster.probe.ProbeApplication;
import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every two-node cluster suite proves, whichever server runs the nodes: two processes of the
 * same server clustered on loopback only, each running the same WAR (Fedroute and the probe) with
 * {@code fedroute.cluster.enabled}; what one node resolved or failed to fetch, the other takes from
 * the grid, counted at the loopback DNS and {@code .well-known} fixtures of this JVM; with a node
 * killed, the other keeps resolving, and the restarted node takes what was resolved meanwhile from
 * the grid. A subclass starts the server's processes ({@link #node}) and names the probe class that
 * reads and writes the server's grid directly.
 *
 * <p>System properties: {@code fedroute.it.dir} (work folder) and those of {@link
 * ItDeployments#library}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterSuite {
  /** The trust store's password. */
  static final String PASSWORD = "changeit";

  private static final String RESOLVED =
      "ok 3.3 target.cluster.test t.cluster.test:8448 -> [127.0.30.1]";
  private static final List<String> ZONE =
      List.of(
          "deleg.cluster.test. 300 IN A 127.0.0.1",
          "_matrix-fed._tcp.target.cluster.test. 600 IN SRV 10 5 8448 t.cluster.test.",
          "t.cluster.test. 900 IN A 127.0.30.1",
          "later.cluster.test. 300 IN A 127.0.0.1",
          "frozen.cluster.test. 300 IN A 127.0.0.1",
          "thawed.cluster.test. 300 IN A 127.0.0.1",
          "down.cluster.test. 300 IN A 127.0.0.1",
          "_matrix-fed._tcp.down.cluster.test. 300 IN SRV 10 5 8448 private.cluster.test.",
          "private.cluster.test. 300 IN A 10.0.0.1");

  private final AtomicInteger fetches = new AtomicInteger();
  private DnsTestServer dns;
  private HttpsTestServer wellKnown;

  /** The first node. */
  ClusterNode node1;

  /** The second node. */
  ClusterNode node2;

  /**
   * A node of the cluster, not yet started.
   *
   * @param index 1 or 2
   * @param dir the suite's work folder
   * @param war the WAR to deploy
   * @param fedroute the JVM options that configure Fedroute ({@code -Dfedroute.*})
   * @return the node
   */
  abstract ClusterNode node(int index, Path dir, Path war, List<String> fedroute) throws Exception;

  /** The JAX-RS resource, at {@code api/grid}, that reads and writes the server's grid. */
  abstract Class<?> gridProbe();

  /** The grid's cache the probe checks the cluster with. */
  abstract String probeCache();

  /** How long a node may take to start. */
  Duration startLimit() {
    return Duration.ofMinutes(4);
  }

  @BeforeAll
  void startCluster() throws Exception {
    Path dir = Path.of(property("fedroute.it.dir"), "cluster");
    Files.createDirectories(dir);
    TestCa ca = TestCa.create("Fedroute cluster CA");
    Path trustStore = ca.writeTrustStore(dir.resolve("trust-store.p12"), PASSWORD, "PKCS12");
    dns = DnsTestServer.start(ZONE);
    wellKnown =
        HttpsTestServer.https(
                ca.issue(
                    "deleg.cluster.test",
                    "later.cluster.test",
                    "frozen.cluster.test",
                    "thawed.cluster.test",
                    "down.cluster.test"))
            .start();
    for (String host :
        List.of(
            "deleg.cluster.test",
            "later.cluster.test",
            "frozen.cluster.test",
            "thawed.cluster.test")) {
      wellKnown.route(
          host,
          "/.well-known/matrix/server",
          r -> {
            fetches.incrementAndGet();
            return TestResponse.json("{\"m.server\":\"target.cluster.test\"}")
                .withHeader("Cache-Control", "max-age=3600");
          });
    }
    wellKnown.route(
        "down.cluster.test",
        "/.well-known/matrix/server",
        r -> {
          fetches.incrementAndGet();
          return TestResponse.status(500);
        });
    Path war = dir.resolve("cluster.war");
    ItDeployments.library("cluster.war")
        .addClasses(ClusterProbe.class, GridProbe.class, gridProbe(), ProbeApplication.class)
        .as(ZipExporter.class)
        .exportTo(war.toFile(), true);
    List<String> fedroute =
        List.of(
            "-Dfedroute.cluster.enabled=true",
            "-Dfedroute.dns.servers=127.0.0.1:" + dns.address().getPort(),
            "-Dfedroute.well-known.port=" + wellKnown.port(),
            "-Dfedroute.trust-store.path=" + trustStore,
            "-Dfedroute.trust-store.password=" + PASSWORD,
            "-Dfedroute.allowlist=127.0.0.0/8,::1/128");
    node1 = node(1, dir, war, fedroute);
    node2 = node(2, dir, war, fedroute);
    node1.start();
    node2.start();
    awaitReady(node1);
    awaitReady(node2);
    awaitOneGrid();
  }

  private void awaitReady(ClusterNode node) throws InterruptedException {
    node.awaitReady("api/grid?cache=" + probeCache() + "&key=up", startLimit());
  }

  /** Waits (at most 2 minutes) until a value node 1 writes to the grid is read on node 2. */
  private void awaitOneGrid() throws Exception {
    String value = "joined-" + System.nanoTime();
    String path = "api/grid?cache=" + probeCache() + "&key=probe-join";
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        // written again each round: a write while the grid re-forms may be lost or fail
        node1.put(path, value);
        if (node2.get(path).equals(value)) {
          return;
        }
      } catch (AssertionError | IOException notYet) {
        // a node refused while the grid re-forms
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the two nodes formed no grid in 2 minutes; see their logs");
  }

  @AfterAll
  void stopCluster() throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (AutoCloseable c : new AutoCloseable[] {node1, node2, wellKnown, dns}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  @Test
  @Order(0)
  void noNodeHoldsAUdpSocket() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/udp")), "Linux /proc only");
    assertThat(node1.udpSockets()).as("UDP sockets of node 1 (multicast needs one)").isEmpty();
    assertThat(node2.udpSockets()).as("UDP sockets of node 2 (multicast needs one)").isEmpty();
  }

  @Test
  @Order(1)
  void aResolutionMadeOnNodeOneIsServedOnNodeTwoWithoutAFetchOrQuery() throws Exception {
    String first = node1.get("api/resolve/deleg.cluster.test");
    assertThat(first).isEqualTo(RESOLVED);
    assertThat(fetches.get()).isEqualTo(1);
    awaitShared(node2, "fedroute/resolution/deleg.cluster.test");
    int queries = dns.totalQueries();

    String second = node2.get("api/resolve/deleg.cluster.test");

    assertThat(second).isEqualTo(first);
    assertThat(fetches.get()).as(".well-known fetches").isEqualTo(1);
    assertThat(dns.totalQueries()).as("DNS queries").isEqualTo(queries);
  }

  @Test
  @Order(2)
  void aFailureBackoffStartedOnNodeOneIsRespectedOnNodeTwo() throws Exception {
    int before = fetches.get();
    assertThat(node1.get("api/resolve/down.cluster.test")).isEqualTo("error destination_blocked");
    assertThat(fetches.get()).isEqualTo(before + 1);
    awaitShared(node2, "fedroute/well-known/down.cluster.test");

    assertThat(node2.get("api/resolve/down.cluster.test")).isEqualTo("error destination_blocked");

    assertThat(fetches.get()).as("node 2 waits out node 1's backoff").isEqualTo(before + 1);
  }

  @Test
  @Order(3)
  void withOneNodeKilledTheOtherKeepsResolvingAndTheRestartedNodeTakesItsResults()
      throws Exception {
    node1.kill();
    int before = fetches.get();

    assertThat(node2.get("api/resolve/later.cluster.test")).isEqualTo(RESOLVED);
    assertThat(fetches.get()).isEqualTo(before + 1);

    node1.start();
    awaitReady(node1);
    awaitShared(node1, "fedroute/resolution/later.cluster.test");
    int queries = dns.totalQueries();
    assertThat(node1.get("api/resolve/later.cluster.test")).isEqualTo(RESOLVED);
    assertThat(fetches.get()).as("served from the grid").isEqualTo(before + 1);
    assertThat(dns.totalQueries()).isEqualTo(queries);
  }

  /**
   * The grid made unavailable without stopping a server: node 2 is frozen (SIGSTOP), so its share
   * of the grid neither answers nor leaves. Node 1 still resolves, on its own, within the cluster
   * timeout plus its own steps; when node 2 runs again (SIGCONT) and the grid is whole, node 1's
   * next resolution is served to node 2 from the grid again.
   */
  @Test
  @Order(4)
  void withTheGridFrozenANodeResolvesOnItsOwnAndSharingResumesWhenTheGridReturns()
      throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self")), "SIGSTOP: POSIX only");
    int before = fetches.get();
    node2.freeze();
    try {
      long start = System.nanoTime();
      assertThat(node1.get("api/resolve/frozen.cluster.test")).isEqualTo(RESOLVED);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(fetches.get()).as("resolved on its own").isEqualTo(before + 1);
      assertThat(took)
          .as("resolution time with the grid frozen")
          .isLessThan(Duration.ofSeconds(10));
    } finally {
      node2.thaw();
    }
    awaitOneGrid();

    assertThat(node1.get("api/resolve/thawed.cluster.test")).isEqualTo(RESOLVED);
    assertThat(fetches.get()).isEqualTo(before + 2);
    awaitShared(node2, "fedroute/resolution/thawed.cluster.test");
    int queries = dns.totalQueries();
    assertThat(node2.get("api/resolve/thawed.cluster.test")).isEqualTo(RESOLVED);
    assertThat(fetches.get()).as("served from the grid again").isEqualTo(before + 2);
    assertThat(dns.totalQueries()).isEqualTo(queries);
  }

  /** Waits (at most 30 s) until a node reads a key of Fedroute's shared cache. */
  private static void awaitShared(ClusterNode node, String key) throws Exception {
    String path = "api/grid?cache=fedroute&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (node.get(path).startsWith("fedroute-shared 1 ")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(node + " never saw " + key + " in the grid");
  }

  /**
   * One of two comma-separated values of a system property the failsafe execution sets (a node's
   * port or port offset).
   *
   * @param name the property's name
   * @param index 1 or 2
   * @return the index'th value
   */
  static String port(String name, int index) {
    return property(name).split(",")[index - 1].trim();
  }

  /**
   * A system property the failsafe execution sets.
   *
   * @param name its name
   * @return its value
   * @throws IllegalStateException when it is not set
   */
  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("system property " + name + " is not set");
    }
    return value;
  }
}
