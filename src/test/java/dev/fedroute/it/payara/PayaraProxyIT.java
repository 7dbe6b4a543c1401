package dev.fedroute.it.payara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.fedroute.Resolution;
import dev.fedroute.it.ItProxy;
import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.jakarta.FedrouteResolver;
import dev.fedroute.testing.CapturedLog;
import dev.fedroute.testing.ProxyTestServer;
import dev.fedroute.testing.RecordedRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fedroute inside Payara Micro through an outbound proxy with Basic credentials, configured by the
 * WAR's MicroProfile Config ({@link ItProxy}): {@code .well-known} fetches and federation requests
 * (on Jersey's Apache HttpClient 5 connector, with Fedroute's step in its chain) all tunnel through
 * the loopback {@link ProxyTestServer}, the proxy's refusal of a tunnel to a dead destination is a
 * connection failure the failover moves past, and the server's log (every record of its root logger
 * while the test runs, at the server's levels) names the proxy but never its credentials.
 */
@ExtendWith(ArquillianExtension.class)
class PayaraProxyIT {
  private static final String PATH = "/_matrix/federation/v1/version";

  @Inject FedrouteResolver resolver;
  @Inject FederationClients clients;

  @Deployment
  static WebArchive deployment() {
    WebArchive war =
        PayaraArchives.loopbackWar("fedroute-payara-proxy-it.war", PayaraProxyIT.class);
    war.addClass(ItProxy.class);
    war.addAsResource(new StringAsset(ItProxy.microprofileConfig()), ItProxy.CONFIG_RESOURCE);
    return war;
  }

  @Test
  void wellKnownFetchesAndFederationRequestsTunnelThroughTheProxyWithItsCredentials()
      throws Exception {
    LoopbackFederation world = LoopbackFederation.get();
    String proxyUrl = resolver.config().proxy().display();
    String log;
    try (CapturedLog captured = CapturedLog.of("");
        ProxyTestServer proxy = ItProxy.start(resolver.config().proxy().port())) {
      Resolution delegated = resolver.resolveBlocking("d33.example.test");
      // fo.example.test: its first SRV target's port is dead, the proxy answers that CONNECT 502
      try (Response response = clients.request("fo.example.test", PATH).get()) {
        assertThat(response.getStatus()).isEqualTo(200);
      }

      assertThat(delegated.step().label()).isEqualTo("3.3");
      assertThat(world.wellKnown.requests())
          .extracting(RecordedRequest::sni)
          .contains("d33.example.test");
      assertThat(world.federation.requests())
          .singleElement()
          .satisfies(r -> assertThat(r.sni()).isEqualTo("fo.example.test"));
      String wellKnown = "127.0.0.1:" + world.wellKnown.port();
      String federation = "127.0.0.1:" + world.port;
      assertThat(proxy.tunnels())
          .contains(wellKnown, federation)
          .allMatch(t -> t.equals(wellKnown) || t.equals(federation));
      assertThat(proxy.connects())
          .extracting(ProxyTestServer.Connect::target, ProxyTestServer.Connect::status)
          .contains(tuple("127.0.0.1:" + world.deadPort, 502), tuple(federation, 407));
      List<RecordedRequest> seen = new ArrayList<>(world.wellKnown.requests());
      seen.addAll(world.federation.requests());
      ItProxy.everyConnectionCameThroughTheProxy(
          proxy, world.wellKnown.connectionCount() + world.federation.connectionCount(), seen);
      SimpleFormatter format = new SimpleFormatter();
      log = captured.records().stream().map(format::format).collect(Collectors.joining());
    }
    ItProxy.logNamesTheProxyButNotItsCredentials(log, proxyUrl);
  }
}
