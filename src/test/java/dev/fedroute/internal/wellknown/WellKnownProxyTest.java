package dev.fedroute.internal.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Cidr;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.ProxyExemption;
import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Failure;
import dev.fedroute.WellKnownResult.Outcome;
import dev.fedroute.internal.net.AddressFilter;
import dev.fedroute.testing.ProxyTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestResponse.Framing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code .well-known} fetches through the loopback {@code CONNECT} proxy: every hop tunnels to the
 * address Fedroute resolved and checked (or to the host name with {@code connect-by=name}), the
 * HTTPS server sees the host's SNI and {@code Host} as without a proxy, and one tunnel per
 * connection it saw, so none went around the proxy. Destinations only on 127.0.0.1; the proxy on
 * 127.0.0.2, which the blocklist covers.
 */
class WellKnownProxyTest extends WellKnownTestBase {
  private static final String PASSWORD = "wk-pr0xy-secret";

  private ProxyTestServer proxy;
  private WellKnownClient proxied;

  @BeforeEach
  void startProxy() throws IOException {
    proxy = ProxyTestServer.on("127.0.0.2").start();
  }

  @AfterEach
  void stopProxy() {
    if (proxied != null) {
      proxied.close();
    }
    proxy.close();
  }

  private WellKnownResult fetch(String host, UnaryOperator<FedrouteConfig.Builder> tweak) {
    FedrouteConfig config =
        tweak
            .apply(
                FedrouteConfig.builder()
                    .wellKnownPort(server.port())
                    .wellKnownJitter(0.0)
                    .trustStore(Optional.of(new FedrouteConfig.TrustStore(trustStore, "secret")))
                    .proxyUrl(Optional.of(URI.create(proxy.url()))))
            .build();
    if (proxied != null) {
      proxied.close();
    }
    AddressFilter onlyDestinations =
        new AddressFilter(FedrouteConfig.DEFAULT_BLOCKLIST, List.of(Cidr.parse("127.0.0.1/32")));
    proxied =
        new WellKnownClient(
            config, DNS, onlyDestinations, clock, executor, new SplittableRandom(3));
    return proxied.lookup(host).toCompletableFuture().join();
  }

  /** Replaces the proxy by an https:// one whose certificate proves the given address. */
  private void tlsProxyProving(String ip, UnaryOperator<ProxyTestServer> setup) throws IOException {
    proxy.close();
    proxy =
        setup
            .apply(
                ProxyTestServer.on("127.0.0.2")
                    .tls(ca.leaf("proxy").ip(ip).issue().serverContext()))
            .start();
  }

  private void everyConnectionCameThroughATunnel() {
    assertThat(server.requests().stream().map(RecordedRequest::connectionId).distinct().count())
        .isEqualTo(proxy.tunnels().size());
  }

  /** No delegation: a connection failure with exactly this detail. */
  private static void assertConnectFailure(WellKnownResult r, String detail) {
    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.failure()).isEqualTo(Failure.CONNECT);
    assertThat(r.detail()).isEqualTo(detail);
  }

  @Test
  void everyHopTunnelsToTheCheckedAddressWithTheHostsSniAndHost() {
    serve("a.wk.test", TestResponse.redirect(302, "https://b.wk.test" + PATH));
    serve("b.wk.test", TestResponse.redirect(307, "https://c.wk.test" + PATH));
    serve("c.wk.test", TestResponse.json(delegation("m.wk.test:8448")));

    WellKnownResult r = fetch("a.wk.test", b -> b);

    assertThat(r.detail()).isNull();
    assertThat(r.outcome()).isEqualTo(Outcome.DELEGATED);
    assertThat(r.mServer()).isEqualTo("m.wk.test:8448");
    int p = server.port();
    assertThat(proxy.tunnels())
        .containsExactly("127.0.0.1:" + p, "127.0.0.1:" + p, "127.0.0.1:" + p);
    assertThat(server.requests())
        .extracting(RecordedRequest::sni)
        .containsExactly("a.wk.test", "b.wk.test", "c.wk.test");
    assertThat(server.requests())
        .extracting(RecordedRequest::host)
        .containsExactly("a.wk.test", "b.wk.test", "c.wk.test");
    everyConnectionCameThroughATunnel();
  }

  /**
   * An {@code https://} proxy: TLS to the proxy (its certificate proves 127.0.0.2), {@code CONNECT}
   * with the credentials after the 407, and each host's TLS inside the proxy's TLS, redirects
   * included.
   */
  @Test
  void anHttpsProxyCarriesEveryHopWithTheHostsTlsInsideItsTls() throws IOException {
    tlsProxyProving("127.0.0.2", p -> p.credentials("wk", PASSWORD));
    serve("tls.wk.test", TestResponse.redirect(302, "https://tls2.wk.test" + PATH));
    serve("tls2.wk.test", TestResponse.json(delegation("m.wk.test:8448")));

    WellKnownResult r = fetch("tls.wk.test", b -> b.proxyUsername("wk").proxyPassword(PASSWORD));

    assertThat(r.detail()).isNull();
    assertThat(r.outcome()).isEqualTo(Outcome.DELEGATED);
    assertThat(r.mServer()).isEqualTo("m.wk.test:8448");
    int p = server.port();
    assertThat(proxy.url()).startsWith("https://");
    assertThat(proxy.tunnels()).containsExactly("127.0.0.1:" + p, "127.0.0.1:" + p);
    assertThat(proxy.connects())
        .extracting(ProxyTestServer.Connect::status)
        .containsExactly(407, 200, 407, 200);
    assertThat(server.requests())
        .extracting(RecordedRequest::sni)
        .containsExactly("tls.wk.test", "tls2.wk.test");
    assertThat(server.requests())
        .extracting(RecordedRequest::host)
        .containsExactly("tls.wk.test", "tls2.wk.test");
    assertThat(server.requests()).allMatch(seen -> seen.header("Proxy-Authorization") == null);
    everyConnectionCameThroughATunnel();
  }

  @Test
  void anHttpsProxyWhoseCertificateDoesNotProveItsHostGetsNoConnect() throws IOException {
    tlsProxyProving("127.0.0.3", p -> p);
    serve("tls.wk.test", TestResponse.json(delegation("m.wk.test")));

    WellKnownResult r = fetch("tls.wk.test", b -> b);

    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.failure()).isEqualTo(Failure.TLS);
    assertThat(r.detail()).startsWith("through the proxy " + proxy.url() + ": TLS: ");
    assertThat(proxy.connects()).isEmpty();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anHttpsProxyNeverSeesATunnelToABlockedHopAndItsRefusalIsNotTheHostsAnswer()
      throws IOException {
    tlsProxyProving("127.0.0.2", p -> p);
    serve("x.wk.test", TestResponse.redirect(302, "https://blocked.wk.test" + PATH));

    WellKnownResult blocked = fetch("x.wk.test", b -> b);

    assertThat(blocked.failure()).isEqualTo(Failure.BLOCKED);
    assertThat(proxy.connects())
        .extracting(ProxyTestServer.Connect::target)
        .containsExactly("127.0.0.1:" + server.port());

    tlsProxyProving("127.0.0.2", p -> p.refuse(403));
    WellKnownResult refused = fetch("y.wk.test", b -> b);

    assertConnectFailure(refused, "the proxy " + proxy.url() + " refused the tunnel: HTTP 403");
    assertThat(refused.status()).isNull();
    assertThat(proxy.connects()).extracting(ProxyTestServer.Connect::status).containsExactly(403);
  }

  /** The fetch's deadline and body cap hold on the threads of the https-proxy path too. */
  @Test
  void throughAnHttpsProxyTheDeadlineAndTheBodyCapStillHold() throws IOException {
    tlsProxyProving("127.0.0.2", p -> p);
    byte[] body = delegation("m.wk.test").getBytes(StandardCharsets.UTF_8);
    serve("drip.wk.test", TestResponse.drip(body, 1, Duration.ofMillis(200), Framing.CHUNKED));
    serve("big.wk.test", TestResponse.oversizedJson("m.wk.test", 51_201, Framing.CHUNKED));

    long start = System.nanoTime();
    WellKnownResult slow = fetch("drip.wk.test", b -> b.wellKnownTimeout(Duration.ofSeconds(1)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    WellKnownResult big = fetch("big.wk.test", b -> b);

    assertThat(slow.failure()).isEqualTo(Failure.TIMEOUT);
    assertThat(slow.detail()).isEqualTo("timed out after 1 s");
    assertThat(took).isLessThan(Duration.ofSeconds(3));
    assertThat(big.failure()).isEqualTo(Failure.TOO_LARGE);
    assertThat(big.detail()).isEqualTo("body over 51200 bytes");
    assertThat(proxy.tunnels()).hasSize(2);
  }

  @Test
  void connectByNameTunnelsToTheHostName() {
    proxy.resolve("n.wk.test", InetAddress.getLoopbackAddress());
    serve("n.wk.test", TestResponse.json(delegation("m.wk.test")));

    WellKnownResult r =
        fetch("n.wk.test", b -> b.proxyConnectBy(FedrouteConfig.Proxy.ConnectBy.NAME));

    assertThat(r.outcome()).isEqualTo(Outcome.DELEGATED);
    assertThat(proxy.tunnels()).containsExactly("n.wk.test:" + server.port());
    assertThat(server.requests().get(0).sni()).isEqualTo("n.wk.test");
    everyConnectionCameThroughATunnel();
  }

  @Test
  void aTunnelTheProxyCannotOpenIsAConnectFailureNotTheHostsAnswer() {
    // connect-by=name to a name the proxy cannot resolve: it answers CONNECT with 502.
    serve("lost.wk.test", TestResponse.json(delegation("m.wk.test")));

    WellKnownResult r =
        fetch("lost.wk.test", b -> b.proxyConnectBy(FedrouteConfig.Proxy.ConnectBy.NAME));

    assertConnectFailure(r, "the proxy " + proxy.url() + " refused the tunnel: HTTP 502");
    assertThat(r.status()).isNull();
    assertThat(proxy.connects()).extracting(ProxyTestServer.Connect::status).containsExactly(502);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void noProxyHostsAreFetchedDirectly() {
    serve("near.wk.test", TestResponse.json(delegation("m.wk.test")));
    serve("far.wk.test", TestResponse.json(delegation("m.wk.test")));

    fetch("near.wk.test", b -> b.proxyNoProxy(List.of(ProxyExemption.parse("near.wk.test"))));
    fetch("far.wk.test", b -> b.proxyNoProxy(List.of(ProxyExemption.parse("near.wk.test"))));
    fetch("cidr.wk.test", b -> b.proxyNoProxy(List.of(ProxyExemption.parse("127.0.0.0/8"))));

    assertThat(server.requests())
        .extracting(RecordedRequest::sni)
        .containsExactly("near.wk.test", "far.wk.test", "cidr.wk.test");
    assertThat(proxy.tunnels()).containsExactly("127.0.0.1:" + server.port());
  }

  @Test
  void aBlockedHopIsRefusedBeforeTheProxySeesATunnelToIt() {
    serve("x.wk.test", TestResponse.redirect(302, "https://blocked.wk.test" + PATH));

    WellKnownResult r = fetch("x.wk.test", b -> b);

    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.failure()).isEqualTo(Failure.BLOCKED);
    assertThat(proxy.tunnels()).containsExactly("127.0.0.1:" + server.port());
    assertThat(proxy.connects()).hasSize(1);
  }

  @Test
  void credentialsAnswerTheChallengeAndAWrongPasswordIsAConnectFailureNamingTheProxy()
      throws IOException {
    proxy.close();
    proxy = ProxyTestServer.on("127.0.0.2").credentials("wk", PASSWORD).start();
    serve("auth.wk.test", TestResponse.json(delegation("m.wk.test")));

    WellKnownResult given =
        fetch("auth.wk.test", b -> b.proxyUsername("wk").proxyPassword(PASSWORD));
    WellKnownResult wrong =
        fetch("auth2.wk.test", b -> b.proxyUsername("wk").proxyPassword("not-" + PASSWORD));
    WellKnownResult none = fetch("auth3.wk.test", b -> b);

    assertThat(given.outcome()).isEqualTo(Outcome.DELEGATED);
    assertThat(proxy.connects())
        .extracting(ProxyTestServer.Connect::status)
        .startsWith(407, 200)
        .containsOnly(407, 200);
    assertThat(proxy.tunnels()).hasSize(1);
    for (WellKnownResult refused : List.of(wrong, none)) {
      assertConnectFailure(
          refused,
          "the proxy "
              + proxy.url()
              + " refused the tunnel: HTTP 407 (proxy authentication required or failed)");
      assertThat(refused.detail()).doesNotContain(PASSWORD);
    }
    assertThat(server.requests()).extracting(RecordedRequest::sni).containsExactly("auth.wk.test");
  }

  @Test
  void aDeadProxyIsAConnectFailureNamingIt() throws IOException {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      deadPort = s.getLocalPort();
    }
    String dead = "http://127.0.0.2:" + deadPort;

    WellKnownResult r =
        fetch(
            "dead.wk.test",
            b ->
                b.proxyUrl(Optional.of(URI.create(dead)))
                    .proxyUsername("wk")
                    .proxyPassword(PASSWORD));

    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.failure()).isEqualTo(Failure.CONNECT);
    assertThat(r.detail()).startsWith("through the proxy " + dead + ": ").doesNotContain(PASSWORD);
    assertThat(server.requests()).isEmpty();
  }
}
