package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.CachedDestination;
import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin operations on the CDI bean in Weld: the snapshot, {@code invalidateAll()}, and {@code
 * resetBackoff} also clearing the unreachable-address marks that the injected {@link
 * FederationClients} made when a target refused a connection (loopback DNS and HTTPS).
 */
@EnableWeld
class FedrouteResolverAdminWeldTest {
  private static final ServerName FAILOVER = ServerName.parse("fo.example.test");
  private static DnsTestServer dns;
  private static HttpsTestServer server;
  private static Path trustStore;
  private static InetSocketAddress dead;

  @WeldSetup WeldInitiator weld = WeldInitiator.from(FederationClientsWeldTest.container()).build();

  @Inject FedrouteResolver resolver;
  @Inject FederationClients clients;

  @BeforeAll
  static void start() throws IOException {
    TestCa ca = TestCa.create("Admin test CA");
    server = HttpsTestServer.https(ca.issue("fo.example.test")).start();
    server.defaultHandler(r -> TestResponse.json("{}"));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    dead = new InetSocketAddress("127.0.0.1", closedPort);
    dns =
        DnsTestServer.start(
            "_matrix-fed._tcp.fo.example.test. 300 IN SRV 10 5 "
                + closedPort
                + " dead.example.test.",
            "_matrix-fed._tcp.fo.example.test. 300 IN SRV 20 5 "
                + server.port()
                + " up.example.test.",
            "dead.example.test. 300 IN A 127.0.0.1",
            "up.example.test. 300 IN A 127.0.0.1");
    trustStore = ca.writeTrustStore(Files.createTempFile("admin-trust", ".p12"), "pw", "PKCS12");
    TestConfig.register(
        TestConfig.of(
            "fedroute.dns.servers=127.0.0.1:" + dns.address().getPort(),
            "fedroute.well-known.enabled=false",
            "fedroute.allowlist=127.0.0.0/8",
            "fedroute.trust-store.path=" + trustStore,
            "fedroute.trust-store.password=pw"));
  }

  @AfterAll
  static void stop() throws IOException {
    TestConfig.release();
    server.close();
    dns.close();
    Files.deleteIfExists(trustStore);
  }

  @Test
  void theBeanListsCachedDestinationsAndLastErrors() {
    assertThat(resolver.cachedDestinations()).as("nothing resolved yet").isEmpty();
    resolver.resolveBlocking("fo.example.test");
    assertThatThrownBy(() -> resolver.resolveBlocking("gone.example.test"))
        .isInstanceOf(FedrouteException.class);

    assertThat(resolver.cachedDestinations())
        .extracting(d -> d.serverName().text(), CachedDestination::step)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fo.example.test", java.util.Optional.of(Step.SRV)),
            org.assertj.core.groups.Tuple.tuple(
                "gone.example.test", java.util.Optional.<Step>empty()));
    CachedDestination gone = resolver.cachedDestinations().get(1);
    assertThat(gone.lastError().orElseThrow().code()).isEqualTo(ErrorCode.NO_ADDRESS);

    resolver.invalidateAll();

    assertThat(resolver.cachedDestinations()).isEmpty();
    assertThat(resolver.cached(FAILOVER)).isEmpty();
  }

  @Test
  void resetBackoffClearsTheUnreachableMarksOfTheFederationClients() {
    try (Response r = clients.request("fo.example.test", "/_matrix/federation/v1/version").get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }
    assertThat(clients.isUnreachable("fo.example.test", dead)).isTrue();

    assertThat(resolver.resetBackoff(FAILOVER)).isTrue();

    assertThat(clients.isUnreachable("fo.example.test", dead)).isFalse();
    assertThat(resolver.cached(FAILOVER)).as("a good resolution stays cached").isPresent();
    assertThat(resolver.resetBackoff(FAILOVER)).as("nothing left to reset").isFalse();
  }
}
