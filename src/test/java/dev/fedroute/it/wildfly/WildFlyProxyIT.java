package dev.fedroute.it.wildfly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution;
import dev.fedroute.it.ItDeployments;
import dev.fedroute.it.ItProxy;
import dev.fedroute.it.ItWorld;
import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.jakarta.FedrouteResolver;
import dev.fedroute.testing.ProxyTestServer;
import dev.fedroute.testing.RecordedRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fedroute inside WildFly through an outbound proxy with Basic credentials, configured by the WAR's
 * MicroProfile Config ({@link ItProxy}): {@code .well-known} fetches and federation requests (on
 * RESTEasy's client, with the HttpClient 4 engine Fedroute builds for it) all tunnel through the
 * loopback {@link ProxyTestServer}, the proxy's refusal of a tunnel to a dead destination is a
 * connection failure the failover moves past, and the server's log names the proxy but never its
 * credentials.
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyProxyIT {
  private static final String PATH = "/_matrix/federation/v1/version";

  @Inject FedrouteResolver resolver;
  @Inject FederationClients clients;
  @Inject ItWorld world;

  @Deployment
  static WebArchive deployment() {
    return ItDeployments.tests("fedroute-proxy-it.war", WildFlyProxyIT.class)
        .addAsResource(new StringAsset(ItProxy.microprofileConfig()), ItProxy.CONFIG_RESOURCE);
  }

  @Test
  void wellKnownFetchesAndFederationRequestsTunnelThroughTheProxyWithItsCredentials()
      throws Exception {
    int wellKnownPort = world.wellKnown().port();
    int fedPort = world.federation().port();
    String proxyUrl = resolver.config().proxy().display();
    try (ProxyTestServer proxy = ItProxy.start(resolver.config().proxy().port())) {
      Resolution delegated = resolver.resolveBlocking("s33.it.test");
      // fo.it.test: its first SRV target's port is dead, the proxy answers that CONNECT with 502
      try (Response response = clients.request("fo.it.test", PATH).get()) {
        assertThat(response.getStatus()).isEqualTo(200);
      }

      assertThat(delegated.step().label()).isEqualTo("3.3");
      assertThat(world.wellKnown().requests())
          .extracting(RecordedRequest::sni)
          .contains("s33.it.test", "fo.it.test");
      assertThat(world.federation().requests())
          .singleElement()
          .satisfies(r -> assertThat(r.sni()).isEqualTo("fo.it.test"));
      assertThat(proxy.tunnels())
          .contains("127.0.0.1:" + wellKnownPort, "127.0.0.1:" + fedPort)
          .allMatch(
              t -> t.equals("127.0.0.1:" + wellKnownPort) || t.equals("127.0.0.1:" + fedPort));
      assertThat(proxy.connects())
          .extracting(ProxyTestServer.Connect::target, ProxyTestServer.Connect::status)
          .contains(
              org.assertj.core.groups.Tuple.tuple("127.0.0.1:" + world.deadPort(), 502),
              org.assertj.core.groups.Tuple.tuple("127.0.0.1:" + fedPort, 407));
      List<RecordedRequest> seen = new ArrayList<>(world.wellKnown().requests());
      seen.addAll(world.federation().requests());
      ItProxy.everyConnectionCameThroughTheProxy(
          proxy, world.wellKnown().connectionCount() + world.federation().connectionCount(), seen);
    }
    ItProxy.logNamesTheProxyButNotItsCredentials(serverLog(), proxyUrl);
  }

  private static String serverLog() throws Exception {
    Path log = Path.of(System.getProperty("jboss.server.log.dir"), "server.log");
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
