package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fedroute.Cidr;
import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.ProxyExemption;
import dev.fedroute.testing.CapturedLog;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.ProxyTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Federation requests through the outbound proxy, on RESTEasy and Jersey: the loopback {@code
 * CONNECT} proxy records every tunnel, the HTTPS server every request that arrived (with its SNI
 * and {@code Host}), so each test shows which way a request went and that none went around the
 * proxy.
 */
class FederationProxyTest {
  private static final String USER = "fed-user";
  private static final String PASSWORD = "pr0xy-s3cret-Pa55";

  /** HttpClient 4's and 5's header and wire loggers. */
  private static final String WIRE_LOGS =
      "org\\.apache\\.(http|hc\\.client5\\.http)\\.(headers|wire)";

  private static TestWorld world;
  private static HttpsTestServer fed;
  private static int p;

  private ProxyTestServer proxy;
  private final SimpleFormatter format = new SimpleFormatter();
  private CapturedLog capture;

  @BeforeAll
  static void start() throws IOException {
    world = TestWorld.start(List.of("wk.example.test. 300 IN A 127.0.0.1"), "wk.example.test");
    fed =
        HttpsTestServer.https(world.ca().issue("s4.example.test"))
            .identity(world.ca().issue("direct.example.test"))
            .identity(world.ca().issue("blocked.example.test"))
            .start();
    fed.defaultHandler(r -> TestResponse.json("{\"ok\":true}"));
    p = fed.port();
    world
        .dns()
        .addRecords(
            "_matrix-fed._tcp.s4.example.test. 300 IN SRV 10 5 " + p + " target.example.test.",
            "s4.example.test. 300 IN A 127.0.0.1",
            "target.example.test. 300 IN A 127.0.0.1",
            "_matrix-fed._tcp.direct.example.test. 300 IN SRV 10 5 " + p + " near.internal.test.",
            "near.internal.test. 300 IN A 127.0.0.1",
            "_matrix-fed._tcp.blocked.example.test. 300 IN SRV 10 5 " + p + " lan.example.test.",
            "lan.example.test. 300 IN A 127.0.0.9");
  }

  @AfterAll
  static void stop() {
    fed.close();
    world.close();
  }

  @BeforeEach
  void startProxyAndCaptureLogs() throws IOException {
    proxy = ProxyTestServer.on("127.0.0.2").start();
    fed.clearRequests();
    capture = CapturedLog.of("", Level.ALL); // DEBUG lines too
  }

  @AfterEach
  void stopProxy() {
    capture.close();
    proxy.close();
  }

  /** Every line logged so far, formatted with its stack trace. */
  private List<String> log() {
    return capture.records().stream().map(format::format).toList();
  }

  private FederationClients clients(ClientStack stack, Consumer<FedrouteConfig.Builder> adjust) {
    FedrouteConfig.Builder b =
        world
            .config()
            // destinations only on 127.0.0.1; the proxy (127.0.0.2) stays on the blocklist
            .allowlist(List.of(Cidr.parse("127.0.0.1/32")))
            .proxyUrl(Optional.of(URI.create(proxy.url())));
    adjust.accept(b);
    FedrouteConfig config = b.build();
    // The resolver fetches .well-known without the proxy here: the tunnels are the requests'.
    return FederationClients.builder(
            world.resolver(c -> c.allowlist(config.addresses().allowlist())))
        .config(config)
        .clientBuilder(stack.builders())
        .clock(world.clock())
        .build();
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void everyRequestTunnelsToTheCheckedAddressAndTlsStaysEndToEnd(ClientStack stack) {
    try (FederationClients clients = clients(stack, b -> {})) {
      try (Response r =
          clients.request("s4.example.test", "/_matrix/federation/v1/version").get()) {
        assertThat(r.getStatus()).isEqualTo(200);
      }
      try (Response r = clients.target("s4.example.test").path("/x").request().get()) {
        assertThat(r.getStatus()).isEqualTo(200);
      }

      // a stack may keep the tunnel for the second request: one tunnel per connection the
      // destination saw, so that none came around the proxy
      assertThat(proxy.tunnels()).isNotEmpty().containsOnly("127.0.0.1:" + p);
      assertThat(fed.requests()).hasSize(2);
      assertThat(fed.requests().stream().map(RecordedRequest::connectionId).distinct().count())
          .isEqualTo(proxy.tunnels().size());
      for (RecordedRequest seen : fed.requests()) {
        assertThat(seen.sni()).isEqualTo("s4.example.test");
        assertThat(seen.host()).isEqualTo("s4.example.test");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void anHttpsProxyIsReachedOverTlsAndTheDestinationsTlsRunsInsideTheTunnel(ClientStack stack)
      throws IOException {
    proxy.close();
    proxy =
        ProxyTestServer.on("127.0.0.2")
            .tls(world.ca().leaf("proxy").ip("127.0.0.2").issue().serverContext())
            .credentials(USER, PASSWORD)
            .start();
    try (FederationClients clients =
        clients(stack, b -> b.proxyUsername(USER).proxyPassword(PASSWORD))) {
      try (Response r =
          clients.request("s4.example.test", "/_matrix/federation/v1/version").get()) {
        assertThat(r.getStatus()).isEqualTo(200);
      }

      assertThat(proxy.url()).startsWith("https://");
      assertThat(proxy.tunnels()).containsExactly("127.0.0.1:" + p);
      assertThat(fed.requests().get(0).sni()).isEqualTo("s4.example.test");
      assertThat(fed.requests().get(0).host()).isEqualTo("s4.example.test");
    }
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void anHttpsProxyWhoseCertificateDoesNotProveItsHostGetsNoConnect(ClientStack stack)
      throws IOException {
    proxy.close();
    proxy =
        ProxyTestServer.on("127.0.0.2")
            .tls(world.ca().leaf("elsewhere").ip("127.0.0.3").issue().serverContext())
            .start();
    try (FederationClients clients = clients(stack, b -> {})) {
      Throwable thrown = catchThrowable(() -> clients.request("s4.example.test", "/").get());

      assertThat(thrown).isInstanceOf(ProcessingException.class);
      assertThat(((FedrouteException) thrown.getCause()).getMessage())
          .contains("through the proxy " + proxy.url());
      assertThat(proxy.connects()).isEmpty();
      assertThat(fed.requests()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void connectByNameTunnelsToTheTargetHostName(ClientStack stack) {
    proxy.resolve("target.example.test", InetAddress.getLoopbackAddress());
    try (FederationClients clients =
        clients(stack, b -> b.proxyConnectBy(FedrouteConfig.Proxy.ConnectBy.NAME))) {
      try (Response r =
          clients.request("s4.example.test", "/_matrix/federation/v1/version").get()) {
        assertThat(r.getStatus()).isEqualTo(200);
      }

      assertThat(proxy.tunnels()).containsExactly("target.example.test:" + p);
      RecordedRequest seen = fed.requests().get(0);
      assertThat(seen.sni()).isEqualTo("s4.example.test");
      assertThat(seen.host()).isEqualTo("s4.example.test");
    }
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void noProxyEntriesGoDirectAndTheRestThroughTheProxy(ClientStack stack) {
    try (FederationClients clients =
        clients(stack, b -> b.proxyNoProxy(List.of(ProxyExemption.parse(".internal.test"))))) {
      clients.request("direct.example.test", "/a").get().close();
      clients.request("s4.example.test", "/b").get().close();

      assertThat(fed.requests()).extracting(RecordedRequest::path).containsExactly("/a", "/b");
      assertThat(proxy.tunnels()).containsExactly("127.0.0.1:" + p);
    }
    proxy.clear();
    try (FederationClients clients =
        clients(stack, b -> b.proxyNoProxy(List.of(ProxyExemption.parse("127.0.0.0/8"))))) {
      clients.request("s4.example.test", "/c").get().close();

      assertThat(proxy.connects()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void theBlocklistStillRefusesBeforeTheProxySeesAnything(ClientStack stack) {
    try (FederationClients clients = clients(stack, b -> {})) {
      Throwable thrown = catchThrowable(() -> clients.request("blocked.example.test", "/").get());

      assertThat(thrown).isInstanceOf(ProcessingException.class);
      assertThat(((FedrouteException) thrown.getCause()).code())
          .isEqualTo(ErrorCode.DESTINATION_BLOCKED);
      assertThat(proxy.connects()).isEmpty();
      assertThat(fed.requests()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void basicCredentialsAnswerTheProxysChallengeAndAreNeverLogged(ClientStack stack)
      throws IOException {
    proxy.close();
    proxy = ProxyTestServer.on("127.0.0.2").credentials(USER, PASSWORD).start();
    try (FederationClients clients =
        clients(stack, b -> b.proxyUsername(USER).proxyPassword(PASSWORD))) {
      try (Response r =
          clients.request("s4.example.test", "/_matrix/federation/v1/version").get()) {
        assertThat(r.getStatus()).isEqualTo(200);
      }
      assertThat(proxy.tunnels()).containsExactly("127.0.0.1:" + p);
      assertThat(proxy.connects().get(proxy.connects().size() - 1).proxyAuthorization())
          .startsWith("Basic ");
      assertThat(fed.requests().get(0).header("Proxy-Authorization")).isNull();
    }
    assertThat(log()).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aProxyAskingForCredentialsItDoesNotGetIsAConnectFailureNamingIt(ClientStack stack)
      throws IOException {
    proxy.close();
    proxy = ProxyTestServer.on("127.0.0.2").credentials(USER, PASSWORD).start();
    try (FederationClients clients =
        clients(stack, b -> b.proxyUsername(USER).proxyPassword("wrong-" + PASSWORD))) {
      Throwable thrown = catchThrowable(() -> clients.request("s4.example.test", "/").get());

      assertConnectFailureNaming(thrown, proxy.url());
      assertThat(proxy.tunnels()).isEmpty();
      assertThat(proxy.connects()).extracting(ProxyTestServer.Connect::status).contains(407);
      assertThat(fed.requests()).isEmpty();
    }
    assertThat(log()).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
  }

  /**
   * A proxy whose policy forbids the tunnel (403) or that cannot reach the destination (502): the
   * stack's HTTP client hands its answer to {@code CONNECT} back as the response; Fedroute fails
   * the attempt instead, so the caller never takes the proxy's answer for the destination's.
   */
  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aTunnelRefusedWithAnotherStatusIsAConnectFailureNamingTheProxyNotAResponse(ClientStack stack)
      throws IOException {
    for (int status : new int[] {403, 502}) {
      proxy.close();
      proxy = ProxyTestServer.on("127.0.0.2").credentials(USER, PASSWORD).refuse(status).start();
      try (FederationClients clients =
          clients(stack, b -> b.proxyUsername(USER).proxyPassword(PASSWORD))) {
        Throwable thrown =
            catchThrowable(
                () -> clients.request("s4.example.test", "/_matrix/federation/v1/version").get());

        assertConnectFailureNaming(thrown, proxy.url());
        assertThat(rootCause(thrown))
            .isInstanceOf(ConnectException.class)
            .hasMessage(
                "the proxy "
                    + proxy.url()
                    + " refused the tunnel to 127.0.0.1:"
                    + p
                    + ": HTTP "
                    + status);
        assertThat(proxy.connects())
            .extracting(ProxyTestServer.Connect::status)
            .as("the CONNECT carried the credentials, then was refused")
            .endsWith(status)
            .doesNotContain(200);
        assertThat(fed.requests()).isEmpty();

        // the same through a target() kept by the caller: a failure, never the proxy's answer
        Throwable direct =
            catchThrowable(() -> clients.target("s4.example.test").path("/y").request().get());
        assertThat(direct).isInstanceOf(ProcessingException.class);
        assertThat(rootCause(direct))
            .isInstanceOf(ConnectException.class)
            .hasMessageContaining("the proxy " + proxy.url() + " refused the tunnel");
      }
    }
    assertThat(log()).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
    // The encoded credentials too, in every line but the HTTP clients' own header and wire logs
    // (DEBUG, off by default), which print each header sent, Proxy-Authorization among them.
    assertThat(
            capture.records().stream()
                .filter(r -> !String.valueOf(r.getLoggerName()).matches(WIRE_LOGS))
                .map(format::format))
        .isNotEmpty()
        .noneMatch(line -> line.contains(basic(USER, PASSWORD)));
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aDeadProxyIsAConnectFailureNamingIt(ClientStack stack) throws IOException {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      deadPort = s.getLocalPort();
    }
    String dead = "http://127.0.0.2:" + deadPort;
    try (FederationClients clients =
        clients(
            stack,
            b ->
                b.proxyUrl(Optional.of(URI.create(dead)))
                    .proxyUsername(USER)
                    .proxyPassword(PASSWORD))) {
      Throwable thrown = catchThrowable(() -> clients.request("s4.example.test", "/").get());

      assertConnectFailureNaming(thrown, dead);
      assertThat(fed.requests()).isEmpty();
    }
    assertThat(log()).noneMatch(line -> line.contains(PASSWORD));
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }

  /** The Basic credentials as the proxy sees them: as secret as the password. */
  private static String basic(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void assertConnectFailureNaming(Throwable thrown, String proxyUrl) {
    assertThat(thrown).isInstanceOf(ProcessingException.class);
    FedrouteException fe = (FedrouteException) thrown.getCause();
    assertThat(fe.code()).isEqualTo(ErrorCode.CONNECT_FAILURE);
    assertThat(fe.getMessage()).contains("through the proxy " + proxyUrl);
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(PASSWORD).doesNotContain(basic(USER, PASSWORD));
  }
}
