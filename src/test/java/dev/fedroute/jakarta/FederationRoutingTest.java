package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.fedroute.Resolution;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of docs/resolution.md section 2, sent through the filter and a pinned client of each
 * stack to HTTPS servers on loopback: the server records the SNI and Host it got, the certificate
 * presented is the one for the TLS name only (so the request succeeding proves the name matched),
 * and the port is the one the step chose (SRV ports point at the test server, 8448 is relayed to
 * it).
 */
class FederationRoutingTest {
  private static final String[] NAMED = {
    "two.example.test",
    "d32-deleg.example.test",
    "d33-deleg.example.test",
    "d34-deleg.example.test",
    "d35-deleg.example.test",
    "s4.example.test",
    "s5.example.test",
    "s6.example.test"
  };

  private static TestWorld world;
  private static HttpsTestServer fed;
  private static PortRelay relay;

  @BeforeAll
  static void start() throws IOException {
    world =
        TestWorld.start(
            List.of("wk.example.test. 300 IN A 127.0.0.1"),
            "d31.example.test",
            "d32.example.test",
            "d33.example.test",
            "d34.example.test",
            "d35.example.test");
    TestCa ca = world.ca();
    HttpsTestServer.Builder b = HttpsTestServer.https(ca.leaf("ip").ip("127.0.0.1", "::1").issue());
    for (String name : NAMED) {
      b.identity(name, ca.issue(name));
    }
    fed = b.ipv6().start();
    fed.defaultHandler(r -> TestResponse.json("{\"ok\":true}"));
    relay = PortRelay.start(8448, fed.port());
    int p = fed.port();
    List<String> zone = new ArrayList<>();
    for (String host :
        List.of(
            "two",
            "d31",
            "d32",
            "d33",
            "d34",
            "d35",
            "d32-deleg",
            "d35-deleg",
            "s4",
            "s5",
            "s6",
            "target")) {
      zone.add(host + ".example.test. 300 IN A 127.0.0.1");
    }
    zone.add(
        "_matrix-fed._tcp.d33-deleg.example.test. 300 IN SRV 10 5 " + p + " target.example.test.");
    zone.add("_matrix._tcp.d34-deleg.example.test. 300 IN SRV 10 5 " + p + " target.example.test.");
    zone.add("_matrix-fed._tcp.s4.example.test. 300 IN SRV 10 5 " + p + " target.example.test.");
    zone.add("_matrix._tcp.s5.example.test. 300 IN SRV 10 5 " + p + " target.example.test.");
    world.dns().addRecords(zone.toArray(String[]::new));
    world.wellKnown("d31.example.test", "{\"m.server\": \"127.0.0.1:" + p + "\"}");
    world.wellKnown("d32.example.test", "{\"m.server\": \"d32-deleg.example.test:" + p + "\"}");
    world.wellKnown("d33.example.test", "{\"m.server\": \"d33-deleg.example.test\"}");
    world.wellKnown("d34.example.test", "{\"m.server\": \"d34-deleg.example.test\"}");
    world.wellKnown("d35.example.test", "{\"m.server\": \"d35-deleg.example.test\"}");
  }

  @AfterAll
  static void stop() {
    relay.close();
    fed.close();
    world.close();
  }

  /** server name, Host header expected, SNI expected (null: none), port connected to. */
  static Stream<Arguments> rows() {
    int p = fed.port();
    List<Arguments> rows = new ArrayList<>();
    for (ClientStack stack : ClientStack.values()) {
      rows.add(arguments(stack, "1", "127.0.0.1:" + p, "127.0.0.1:" + p, null, p));
      rows.add(arguments(stack, "1", "127.0.0.1", "127.0.0.1", null, 8448));
      rows.add(arguments(stack, "1", "[::1]:" + p, "[::1]:" + p, null, p));
      rows.add(
          arguments(
              stack, "2", "two.example.test:" + p, "two.example.test:" + p, "two.example.test", p));
      rows.add(arguments(stack, "3.1", "d31.example.test", "127.0.0.1:" + p, null, p));
      rows.add(
          arguments(
              stack,
              "3.2",
              "d32.example.test",
              "d32-deleg.example.test:" + p,
              "d32-deleg.example.test",
              p));
      rows.add(
          arguments(
              stack,
              "3.3",
              "d33.example.test",
              "d33-deleg.example.test",
              "d33-deleg.example.test",
              p));
      rows.add(
          arguments(
              stack,
              "3.4",
              "d34.example.test",
              "d34-deleg.example.test",
              "d34-deleg.example.test",
              p));
      rows.add(
          arguments(
              stack,
              "3.5",
              "d35.example.test",
              "d35-deleg.example.test",
              "d35-deleg.example.test",
              8448));
      rows.add(arguments(stack, "4", "s4.example.test", "s4.example.test", "s4.example.test", p));
      rows.add(arguments(stack, "5", "s5.example.test", "s5.example.test", "s5.example.test", p));
      rows.add(
          arguments(stack, "6", "s6.example.test", "s6.example.test", "s6.example.test", 8448));
    }
    return rows.stream();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(ClientStack.class)
  void federationRequestsSendTheConfiguredUserAgentUnlessTheyChooseTheirOwn(ClientStack stack) {
    try (FederationClients clients =
        FederationClients.builder(world.resolver())
            .config(world.config().userAgent("Homeserver/9.9 (Fedroute)").build())
            .clientBuilder(stack.builders())
            .clock(world.clock())
            .build()) {
      fed.clearRequests();
      clients.request("s4.example.test", "/_matrix/federation/v1/version").get().close();
      clients
          .request("s4.example.test", "/_matrix/federation/v1/version")
          .header("User-Agent", "Synapse-like/1.0")
          .get()
          .close();

      assertThat(fed.requests())
          .extracting(r -> r.header("User-Agent"))
          .containsExactly("Homeserver/9.9 (Fedroute)", "Synapse-like/1.0");
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(ClientStack.class)
  void theDefaultUserAgentIsFedroutesOwn(ClientStack stack) {
    try (FederationClients clients =
        FederationClients.builder(world.resolver())
            .config(world.config().build())
            .clientBuilder(stack.builders())
            .clock(world.clock())
            .build()) {
      fed.clearRequests();
      clients.request("s4.example.test", "/_matrix/federation/v1/version").get().close();

      assertThat(fed.requests().get(0).header("User-Agent"))
          .isEqualTo(dev.fedroute.FedrouteConfig.DEFAULT_USER_AGENT);
    }
  }

  @ParameterizedTest(name = "{0} step {1}: {2}")
  @MethodSource("rows")
  void routesEachStepWithHostSniAndCertificateOfTheTlsName(
      ClientStack stack, String step, String serverName, String host, String sni, int port) {
    try (FederationClients clients =
        FederationClients.builder(world.resolver())
            .config(world.config().build())
            .clientBuilder(stack.builders())
            .clock(world.clock())
            .build()) {
      fed.clearRequests();
      Response response = clients.request(serverName, "/_matrix/federation/v1/version").get();

      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.readEntity(String.class)).isEqualTo("{\"ok\":true}");
      Resolution resolution = clients.resolver().resolveBlocking(serverName);
      assertThat(resolution.step().label()).isEqualTo(step);
      assertThat(resolution.targets().get(0).port()).isEqualTo(port);
      RecordedRequest seen = fed.requests().get(0);
      assertThat(seen.host()).isEqualTo(host);
      assertThat(seen.sni()).isEqualTo(sni);
      assertThat(seen.path()).isEqualTo("/_matrix/federation/v1/version");
      assertThat(fed.requestCount()).isEqualTo(1);
    }
  }
}
