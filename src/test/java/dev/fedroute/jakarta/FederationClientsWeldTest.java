package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The factory and the filter as CDI beans in Weld, configured through MicroProfile Config (DNS on
 * loopback, the test CA as trust store): injection, a routed request through {@code
 * ClientBuilder.newBuilder()}, and every client closed when the container shuts down.
 */
@EnableWeld
class FederationClientsWeldTest {
  private static WeldFederationWorld world;
  private static HttpsTestServer server;

  @WeldSetup WeldInitiator weld = WeldInitiator.from(container()).build();

  @Inject FederationClients clients;
  @Inject ResolutionCounter counter;

  /** The resolver's container with the federation client factory and filter. */
  static Weld container() {
    return FedrouteResolverWeldTest.container()
        .addBeanClasses(FederationClients.class, FederationRequestFilter.class);
  }

  @BeforeAll
  static void start() throws IOException {
    world =
        WeldFederationWorld.start(
            "Weld test CA",
            "fedroute.client.connect-timeout=3s",
            "fedroute.client.idle-timeout=2m");
    server = world.server();
  }

  @AfterAll
  static void stop() throws IOException {
    world.close();
  }

  @Test
  void theFactoryAndTheFilterAreInjectedAndRouteARequest() {
    try (Response r = clients.request("hs.example.test", "/_matrix/federation/v1/version").get()) {
      assertThat(r.getStatus()).isEqualTo(200);
      assertThat(r.readEntity(String.class)).isEqualTo("{\"server\":{}}");
    }
    RecordedRequest seen = server.requests().get(server.requestCount() - 1);
    assertThat(seen.sni()).isEqualTo("hs.example.test");
    assertThat(seen.host()).isEqualTo("hs.example.test");
  }

  @Test
  void thePlainTargetIsRoutedByTheFilter() {
    try (Response r =
        clients.target("hs.example.test").path("/_matrix/key/v2/server").request().get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }
    assertThat(server.requests().get(server.requestCount() - 1).path())
        .isEqualTo("/_matrix/key/v2/server");
  }

  @Test
  void aRequestThroughATargetFiresOneResolutionEvent() {
    clients.target("hs.example.test");
    int before = counter.events().size();

    try (Response r =
        clients.target("hs.example.test").path("/_matrix/key/v2/server").request().get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }

    assertThat(counter.events().subList(before, counter.events().size()))
        .as("target() resolves; the filter uses that resolution")
        .singleElement()
        .satisfies(e -> assertThat(e.cacheHit()).isTrue());
  }

  @Test
  void clientsAreReusedPerTlsNameAndClosedAtShutdown() {
    Client client = clients.client("hs.example.test");
    assertThat(clients.client("hs.example.test")).isSameAs(client);
    assertThat(clients.client("other.example.test")).isNotSameAs(client);

    weld.shutdown();

    assertThatThrownBy(() -> client.target("https://127.0.0.1/"))
        .isInstanceOf(IllegalStateException.class);
  }
}
