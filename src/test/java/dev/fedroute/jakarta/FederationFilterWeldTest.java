package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link FederationFilter @FederationFilter} beans in Weld: a request filter (application scoped,
 * {@code @Priority(Priorities.USER)}), one below the federation filter (dependent, {@code
 * Priorities.AUTHENTICATION}) and a response filter are registered on the federation clients
 * without any wiring; an unqualified {@code ClientRequestFilter} bean in the same deployment is
 * not. (The beans' lists are read through methods: a field read on a client proxy sees the proxy's
 * own, empty field.)
 */
@EnableWeld
class FederationFilterWeldTest {
  private static final List<String> EARLY = new CopyOnWriteArrayList<>();
  private static WeldFederationWorld world;
  private static HttpsTestServer server;

  @WeldSetup
  WeldInitiator weld =
      WeldInitiator.from(
              FedrouteResolverWeldTest.container()
                  .addBeanClasses(
                      FederationClients.class,
                      FederationRequestFilter.class,
                      Signer.class,
                      Early.class,
                      StatusRecorder.class,
                      Unqualified.class))
          .build();

  @Inject FederationClients clients;
  @Inject @FederationFilter Signer signer;
  @Inject @FederationFilter StatusRecorder statuses;
  @Inject Unqualified unqualified;

  /** The homeserver's signing filter, with a fake signature. */
  @FederationFilter
  @ApplicationScoped
  @Priority(Priorities.USER)
  static class Signer implements ClientRequestFilter {
    private final List<String> signed = new CopyOnWriteArrayList<>();

    List<String> signed() {
      return signed;
    }

    @Override
    public void filter(ClientRequestContext request) {
      String destination = (String) request.getProperty(FederationRequestFilter.SERVER_NAME);
      signed.add(destination + " " + request.getUri());
      request
          .getHeaders()
          .putSingle(
              HttpHeaders.AUTHORIZATION,
              "X-Matrix origin=\"origin.example.test\",destination=\""
                  + destination
                  + "\",key=\"ed25519:1\",sig=\"ZmFrZQ\"");
    }
  }

  /** Runs before the federation filter. */
  @FederationFilter
  @Dependent
  @Priority(Priorities.AUTHENTICATION)
  static class Early implements ClientRequestFilter {
    @Override
    public void filter(ClientRequestContext request) {
      EARLY.add(request.getUri().toString());
    }
  }

  /** A response filter, at the default priority. */
  @FederationFilter
  @ApplicationScoped
  static class StatusRecorder implements ClientResponseFilter {
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();

    List<Integer> statuses() {
      return statuses;
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
      statuses.add(response.getStatus());
    }
  }

  /** A filter of the deployment that is not for federation. */
  @ApplicationScoped
  static class Unqualified implements ClientRequestFilter {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    List<String> seen() {
      return seen;
    }

    @Override
    public void filter(ClientRequestContext request) {
      seen.add(request.getUri().toString());
    }
  }

  @BeforeAll
  static void start() throws IOException {
    world = WeldFederationWorld.start("Weld filter test CA");
    server = world.server();
  }

  @AfterAll
  static void stop() throws IOException {
    world.close();
  }

  @Test
  void federationFilterBeansAreRegisteredAndUnqualifiedOnesAreNot() {
    EARLY.clear();
    server.clearRequests();
    try (Response r = clients.request("hs.example.test", "/_matrix/federation/v1/version").get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }

    String https = "https://127.0.0.1:" + server.port() + "/_matrix/federation/v1/version";
    assertThat(EARLY)
        .containsExactly("matrix-federation://hs.example.test/_matrix/federation/v1/version");
    assertThat(signer.signed()).containsExactly("hs.example.test " + https);
    assertThat(statuses.statuses()).containsExactly(200);
    assertThat(unqualified.seen()).isEmpty();
    RecordedRequest seen = server.requests().get(0);
    assertThat(seen.header("authorization"))
        .startsWith("X-Matrix origin=\"origin.example.test\",destination=\"hs.example.test\"");
    assertThat(seen.host()).isEqualTo("hs.example.test");
  }
}
