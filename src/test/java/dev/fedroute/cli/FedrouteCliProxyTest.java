package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.ProxyTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI through {@code --proxy}: its {@code .well-known} fetch, the federation request of {@code
 * --connect} and each address check all tunnel through the loopback proxy (one tunnel per
 * connection the servers saw), {@code --no-proxy} goes direct, and the proxy's password never
 * appears in the output, on success or failure.
 */
class FedrouteCliProxyTest {
  private static final String PATH = "/_matrix/federation/v1/version";
  private static final String PASSWORD = "cli-pr0xy-Secret";

  private static DnsTestServer dns;
  private static HttpsTestServer https;
  private static Path trustStore;
  private ProxyTestServer proxy;

  @BeforeAll
  static void start(@TempDir Path dir) {
    TestCa ca = TestCa.create("CLI proxy test CA");
    trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), "changeit", "PKCS12");
    https = HttpsTestServer.https(ca.issue("*.px.test", "px.test")).start();
    https.route(
        "px.test",
        "/.well-known/matrix/server",
        r -> TestResponse.json("{\"m.server\":" + "\"fed.px.test:" + https.port() + "\"}"));
    https.route(PATH, r -> TestResponse.json("{\"server\":{\"name\":\"T\",\"version\":\"1\"}}"));
    dns = DnsTestServer.start("px.test. 300 IN A 127.0.0.1", "fed.px.test. 300 IN A 127.0.0.1");
  }

  @AfterAll
  static void stop() {
    https.close();
    dns.close();
  }

  @BeforeEach
  void startProxy() throws IOException {
    proxy = ProxyTestServer.on("127.0.0.2").credentials("cli", PASSWORD).start();
    https.clearRequests();
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private static CliRun run(String... more) {
    List<String> args = new ArrayList<>(List.of("--json", "--connect"));
    args.addAll(List.of("--dns", "127.0.0.1:" + dns.address().getPort()));
    args.addAll(List.of("--allow", "127.0.0.1/32"));
    args.addAll(List.of("--well-known-port", String.valueOf(https.port())));
    args.addAll(
        List.of("--trust-store", trustStore.toString(), "--trust-store-password", "changeit"));
    args.addAll(List.of("--timeout", "10s"));
    args.addAll(Arrays.asList(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  private String proxyWithCredentials() {
    return "http://cli:" + PASSWORD + "@127.0.0.2:" + proxy.port();
  }

  @Test
  void theFetchTheRequestAndEveryAddressCheckGoThroughTheProxy() {
    CliRun run = run("--proxy", proxyWithCredentials(), "px.test");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonObject json = run.json();
    assertThat(json.getJsonObject("well_known").getString("outcome")).isEqualTo("delegated");
    assertThat(json.getJsonObject("connection").getInt("status")).isEqualTo(200);
    assertThat(https.requests())
        .extracting(RecordedRequest::sni)
        .contains("px.test", "fed.px.test")
        .containsOnly("px.test", "fed.px.test");
    assertThat(proxy.tunnels()).isNotEmpty().containsOnly("127.0.0.1:" + https.port());
    assertThat(https.requests().stream().map(RecordedRequest::connectionId).distinct().count())
        .isEqualTo(proxy.tunnels().size());
    assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
  }

  @Test
  void noProxyDestinationsAreReachedDirectly() {
    CliRun run =
        run("--proxy", proxyWithCredentials(), "--no-proxy", ".px.test,px.test", "px.test");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(https.requests()).isNotEmpty();
    assertThat(proxy.connects()).isEmpty();
  }

  @Test
  void aDeadProxyIsAConnectFailureNamingItWithoutThePassword() throws IOException {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      dead = s.getLocalPort();
    }

    CliRun run =
        run(
            "--no-well-known",
            "--proxy",
            "http://cli:" + PASSWORD + "@127.0.0.2:" + dead,
            "fed.px.test:" + https.port());

    assertThat(run.exit()).isEqualTo(FedrouteCli.EXIT_FAILED);
    JsonObject error = run.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("connect_failure");
    assertThat(error.getString("message")).contains("through the proxy http://127.0.0.2:" + dead);
    assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
    assertThat(https.requests()).isEmpty();
  }
}
