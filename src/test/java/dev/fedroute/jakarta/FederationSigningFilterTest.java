package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The homeserver's own filters given to {@link FederationClients.Builder#register}, on both client
 * stacks: an X-Matrix signing filter at {@code Priorities.USER} signs for the server name before
 * delegation ({@code .well-known} step 3.3, so the name differs from {@code Host}) and its header
 * reaches the HTTPS server, on every failover attempt too; a filter below the federation filter
 * sees the {@code matrix-federation} URI; several filters run in priority order; a response filter
 * sees the request properties; an aborting filter stops the rest.
 */
class FederationSigningFilterTest {
  private static final String PATH = "/_matrix/federation/v1/version";
  private static TestWorld world;
  private static HttpsTestServer fed;
  private static int closedPort;
  private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
  private static final List<Map<String, String>> SIGNED = new CopyOnWriteArrayList<>();
  private FederationClients clients;

  @BeforeAll
  static void start() throws IOException {
    world =
        TestWorld.start(
            List.of(
                "sig.example.test. 300 IN A 127.0.0.1", "sigfo.example.test. 300 IN A 127.0.0.1"),
            "sig.example.test",
            "sigfo.example.test");
    fed =
        HttpsTestServer.https(
                world.ca().issue("sig-deleg.example.test", "sigfo-deleg.example.test"))
            .start();
    fed.defaultHandler(r -> TestResponse.json("{\"ok\":true}"));
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    world
        .dns()
        .addRecords(
            "t.example.test. 300 IN A 127.0.0.1",
            "_matrix-fed._tcp.sig-deleg.example.test. 300 IN SRV 10 1 "
                + fed.port()
                + " t.example.test.",
            "_matrix-fed._tcp.sigfo-deleg.example.test. 300 IN SRV 10 1 "
                + closedPort
                + " t.example.test.",
            "_matrix-fed._tcp.sigfo-deleg.example.test. 300 IN SRV 20 1 "
                + fed.port()
                + " t.example.test.");
    world.wellKnown("sig.example.test", "{\"m.server\": \"sig-deleg.example.test\"}");
    world.wellKnown("sigfo.example.test", "{\"m.server\": \"sigfo-deleg.example.test\"}");
  }

  @AfterAll
  static void stop() {
    fed.close();
    world.close();
  }

  @AfterEach
  void close() {
    if (clients != null) {
      clients.close();
    }
  }

  /** A fake X-Matrix signer: what a homeserver registers, minus the ed25519 signature. */
  static final class Signer implements ClientRequestFilter {
    @Override
    public void filter(ClientRequestContext request) {
      String destination = (String) request.getProperty(FederationRequestFilter.SERVER_NAME);
      EVENTS.add("signer");
      SIGNED.add(
          Map.of(
              "uri", request.getUri().toString(),
              "host", String.valueOf(request.getHeaderString(HttpHeaders.HOST)),
              "serverName", String.valueOf(destination)));
      request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, xMatrix(destination));
    }
  }

  static String xMatrix(String destination) {
    return "X-Matrix origin=\"origin.example.test\",destination=\""
        + destination
        + "\",key=\"ed25519:1\",sig=\"ZmFrZQ\"";
  }

  private FederationClients.Builder builder(ClientStack stack) {
    fed.clearRequests();
    EVENTS.clear();
    SIGNED.clear();
    return FederationClients.builder(world.resolver())
        .config(world.config().build())
        .clientBuilder(stack.builders())
        .clock(world.clock());
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aSigningFilterAfterTheFederationFilterSignsForTheServerNameBeforeDelegation(
      ClientStack stack) {
    List<String> early = new CopyOnWriteArrayList<>();
    clients =
        builder(stack)
            .register(
                (ClientRequestContext r) -> {
                  EVENTS.add("checker saw " + r.getHeaderString(HttpHeaders.AUTHORIZATION));
                },
                Priorities.USER + 10)
            .register(new Signer(), Priorities.USER)
            .register(
                (ClientRequestContext r) -> {
                  EVENTS.add("early");
                  early.add(r.getUri() + " " + r.getProperty(FederationRequestFilter.SERVER_NAME));
                },
                Priorities.AUTHENTICATION)
            .register(
                (request, response) ->
                    EVENTS.add(
                        "response "
                            + response.getStatus()
                            + " "
                            + request.getProperty(FederationRequestFilter.SERVER_NAME)),
                Priorities.USER)
            .build();

    try (Response r = clients.request("sig.example.test", PATH).get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }

    assertThat(clients.resolver().resolveBlocking("sig.example.test").step().label())
        .isEqualTo("3.3");
    assertThat(early).containsExactly("matrix-federation://sig.example.test" + PATH + " null");
    assertThat(SIGNED)
        .containsExactly(
            Map.of(
                "uri", "https://127.0.0.1:" + fed.port() + PATH,
                "host", "sig-deleg.example.test",
                "serverName", "sig.example.test"));
    assertThat(EVENTS)
        .containsExactly(
            "early",
            "signer",
            "checker saw " + xMatrix("sig.example.test"),
            "response 200 sig.example.test");
    RecordedRequest seen = fed.requests().get(0);
    assertThat(fed.requestCount()).isEqualTo(1);
    assertThat(seen.host()).isEqualTo("sig-deleg.example.test");
    assertThat(seen.sni()).isEqualTo("sig-deleg.example.test");
    assertThat(seen.header("authorization")).isEqualTo(xMatrix("sig.example.test"));
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void onFailoverTheSigningFilterRunsForEachAttemptAndTheHeaderReachesTheNextTarget(
      ClientStack stack) {
    clients = builder(stack).register(new Signer(), Priorities.USER).build();

    try (Response r = clients.request("sigfo.example.test", PATH).get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }

    assertThat(SIGNED)
        .extracting(m -> m.get("uri"))
        .containsExactly(
            "https://127.0.0.1:" + closedPort + PATH, "https://127.0.0.1:" + fed.port() + PATH);
    assertThat(SIGNED)
        .extracting(m -> m.get("serverName"))
        .containsOnly("sigfo.example.test")
        .hasSize(2);
    assertThat(SIGNED).extracting(m -> m.get("host")).containsOnly("sigfo-deleg.example.test");
    assertThat(fed.requests())
        .singleElement()
        .satisfies(
            seen -> {
              assertThat(seen.header("authorization")).isEqualTo(xMatrix("sigfo.example.test"));
              assertThat(seen.host()).isEqualTo("sigfo-deleg.example.test");
            });
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aFilterThatAbortsStopsTheFiltersAfterIt(ClientStack stack) {
    clients =
        builder(stack)
            .register(
                (ClientRequestContext r) -> r.abortWith(Response.status(418).build()),
                Priorities.USER)
            .register(new Signer(), Priorities.USER + 1)
            .build();

    try (Response r = clients.target("sig.example.test").path(PATH).request().get()) {
      assertThat(r.getStatus()).isEqualTo(418);
    }

    assertThat(EVENTS).isEmpty();
    assertThat(fed.requestCount()).isZero();
  }
}
