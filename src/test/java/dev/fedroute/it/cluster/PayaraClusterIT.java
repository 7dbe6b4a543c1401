package dev.fedroute.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.it.ItDeployments;
import dev.fedroute.it.cluster.probe.ClusterProbe;
import dev.fedroute.it.cluster.probe.ProbeApplication;
import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import java.net.URI;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro processes clustered on loopback only (Hazelcast TCP/IP discovery on 127.0.0.1,
 * never multicast), each running the same WAR with {@code fedroute.cluster.enabled}: what one node
 * resolved or failed to fetch, the other takes from the grid, counted at the loopback DNS and
 * {@code .well-known} fixtures of this JVM; with a node killed, the other keeps resolving, and the
 * restarted node takes what was resolved meanwhile from the grid.
 *
 * <p>System properties: {@code payara.micro.jar}, {@code fedroute.it.dir} (work folder), the fixed
 * loopback ports {@code fedroute.cluster.http.ports} (two, comma-separated) and {@code
 * fedroute.cluster.grid.ports} (two), and those of {@link ItDeployments#library}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraClusterIT {
  private static final String PASSWORD = "changeit";
  private static final List<String> ZONE =
      List.of(
          "deleg.cluster.test. 300 IN A 127.0.0.1",
          "_matrix-fed._tcp.target.cluster.test. 600 IN SRV 10 5 8448 t.cluster.test.",
          "t.cluster.test. 900 IN A 127.0.30.1",
          "later.cluster.test. 300 IN A 127.0.0.1",
          "down.cluster.test. 300 IN A 127.0.0.1",
          "_matrix-fed._tcp.down.cluster.test. 300 IN SRV 10 5 8448 private.cluster.test.",
          "private.cluster.test. 300 IN A 10.0.0.1");

  private static DnsTestServer dns;
  private static HttpsTestServer wellKnown;
  private static final AtomicInteger FETCHES = new AtomicInteger();
  private static ClusterNode node1;
  private static ClusterNode node2;

  @BeforeAll
  static void startCluster() throws Exception {
    Path dir = Path.of(property("fedroute.it.dir"), "cluster");
    Files.createDirectories(dir);
    TestCa ca = TestCa.create("Fedroute cluster CA");
    Path trustStore = ca.writeTrustStore(dir.resolve("trust-store.p12"), PASSWORD, "PKCS12");
    dns = DnsTestServer.start(ZONE);
    wellKnown =
        HttpsTestServer.https(
                ca.issue("deleg.cluster.test", "later.cluster.test", "down.cluster.test"))
            .start();
    for (String host : List.of("deleg.cluster.test", "later.cluster.test")) {
      wellKnown.route(
          host,
          "/.well-known/matrix/server",
          r -> {
            FETCHES.incrementAndGet();
            return TestResponse.json("{\"m.server\":\"target.cluster.test\"}")
                .withHeader("Cache-Control", "max-age=3600");
          });
    }
    wellKnown.route(
        "down.cluster.test",
        "/.well-known/matrix/server",
        r -> {
          FETCHES.incrementAndGet();
          return TestResponse.status(500);
        });
    Path war = dir.resolve("cluster.war");
    ItDeployments.library("cluster.war")
        .addClasses(ClusterProbe.class, ProbeApplication.class)
        .as(ZipExporter.class)
        .exportTo(war.toFile(), true);

    String[] http = property("fedroute.cluster.http.ports").split(",");
    String[] grid = property("fedroute.cluster.grid.ports").split(",");
    String members = "tcpip:127.0.0.1:" + grid[0].trim() + ",127.0.0.1:" + grid[1].trim();
    List<String> fedroute =
        List.of(
            "-Dfedroute.cluster.enabled=true",
            "-Dfedroute.dns.servers=127.0.0.1:" + dns.address().getPort(),
            "-Dfedroute.well-known.port=" + wellKnown.port(),
            "-Dfedroute.trust-store.path=" + trustStore,
            "-Dfedroute.trust-store.password=" + PASSWORD,
            "-Dfedroute.allowlist=127.0.0.0/8,::1/128");
    node1 = node("node1", dir, war, fedroute, http[0].trim(), grid[0].trim(), members);
    node2 = node("node2", dir, war, fedroute, http[1].trim(), grid[1].trim(), members);
    node1.start();
    node2.start();
    node1.awaitReady("api/grid?cache=probe&key=up", Duration.ofMinutes(4));
    node2.awaitReady("api/grid?cache=probe&key=up", Duration.ofMinutes(4));
    awaitOneGrid();
  }

  private static ClusterNode node(
      String name,
      Path dir,
      Path war,
      List<String> fedroute,
      String httpPort,
      String gridPort,
      String members) {
    List<String> command = ClusterNode.javaCommand();
    command.addAll(
        List.of(
            "-Xmx512m", "-Djava.net.preferIPv4Stack=true", "-Dhazelcast.phone.home.enabled=false"));
    command.addAll(fedroute);
    command.addAll(
        List.of(
            "-jar",
            property("payara.micro.jar"),
            "--disablephonehome",
            "--rootDir",
            dir.resolve(name).toString(),
            "--port",
            httpPort,
            "--name",
            name,
            "--clusterName",
            "fedroute-cluster-it",
            "--clusterMode",
            members,
            "--interfaces",
            "127.0.0.1",
            "--startport",
            gridPort,
            "--deploy",
            war.toString()));
    return new ClusterNode(
        name,
        command,
        dir.resolve(name + ".log"),
        URI.create("http://127.0.0.1:" + httpPort + "/cluster/"),
        dir.resolve(name));
  }

  /** Waits (at most 2 minutes) until a value node 1 writes to the grid is read on node 2. */
  private static void awaitOneGrid() throws Exception {
    String value = "joined-" + System.nanoTime();
    node1.put("api/grid?cache=probe&key=join", value);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (node2.get("api/grid?cache=probe&key=join").equals(value)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the two nodes formed no grid in 2 minutes; see their logs");
  }

  @AfterAll
  static void stopCluster() throws Exception {
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
  @Order(1)
  void aResolutionMadeOnNodeOneIsServedOnNodeTwoWithoutAFetchOrQuery() throws Exception {
    String first = node1.get("api/resolve/deleg.cluster.test");
    assertThat(first).isEqualTo("ok 3.3 target.cluster.test t.cluster.test:8448 -> [127.0.30.1]");
    assertThat(FETCHES.get()).isEqualTo(1);
    awaitShared(node2, "fedroute/resolution/deleg.cluster.test");
    int queries = dns.totalQueries();

    String second = node2.get("api/resolve/deleg.cluster.test");

    assertThat(second).isEqualTo(first);
    assertThat(FETCHES.get()).as(".well-known fetches").isEqualTo(1);
    assertThat(dns.totalQueries()).as("DNS queries").isEqualTo(queries);
  }

  @Test
  @Order(2)
  void aFailureBackoffStartedOnNodeOneIsRespectedOnNodeTwo() throws Exception {
    int before = FETCHES.get();
    assertThat(node1.get("api/resolve/down.cluster.test")).isEqualTo("error destination_blocked");
    assertThat(FETCHES.get()).isEqualTo(before + 1);
    awaitShared(node2, "fedroute/well-known/down.cluster.test");

    assertThat(node2.get("api/resolve/down.cluster.test")).isEqualTo("error destination_blocked");

    assertThat(FETCHES.get()).as("node 2 waits out node 1's backoff").isEqualTo(before + 1);
  }

  @Test
  @Order(3)
  void withOneNodeKilledTheOtherKeepsResolvingAndTheRestartedNodeTakesItsResults()
      throws Exception {
    node1.kill();
    int before = FETCHES.get();

    assertThat(node2.get("api/resolve/later.cluster.test"))
        .isEqualTo("ok 3.3 target.cluster.test t.cluster.test:8448 -> [127.0.30.1]");
    assertThat(FETCHES.get()).isEqualTo(before + 1);

    node1.start();
    node1.awaitReady("api/grid?cache=probe&key=up", Duration.ofMinutes(4));
    awaitShared(node1, "fedroute/resolution/later.cluster.test");
    int queries = dns.totalQueries();
    assertThat(node1.get("api/resolve/later.cluster.test"))
        .isEqualTo("ok 3.3 target.cluster.test t.cluster.test:8448 -> [127.0.30.1]");
    assertThat(FETCHES.get()).as("served from the grid").isEqualTo(before + 1);
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

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("system property " + name + " is not set");
    }
    return value;
  }
}
