package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --connect} end to end, in process: names resolved by a DNS server on loopback (SRV records
 * pointing at the test servers' ports), {@code GET /_matrix/federation/v1/version} through the
 * federation client path on Jersey to HTTPS servers with test-CA certificates that record SNI and
 * {@code Host}.
 */
class FedrouteCliConnectTest {
  private static final String PATH = "/_matrix/federation/v1/version";
  private static final String VERSION = "{\"server\":{\"name\":\"Test\",\"version\":\"1.2.3\"}}";
  private static final String PASSWORD = "connect";

  private static DnsTestServer dns;
  private static HttpsTestServer good;
  private static HttpsTestServer wrongCert;
  private static TestCa.Leaf named;
  private static TestCa.Leaf ipOnly;
  private static Path trustStore;
  private static int closedPort;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    TestCa ca = TestCa.create("Connect Test CA");
    trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), PASSWORD, "PKCS12");
    named = ca.issue("*.connect.test");
    ipOnly = ca.leaf("loopback").ip("127.0.0.1", "::1").issue();
    good = HttpsTestServer.https(ipOnly).identity(named).ipv6().start();
    good.defaultHandler(r -> TestResponse.text(404, "no such path"));
    good.route(PATH, r -> TestResponse.json(VERSION));
    good.route("text.connect.test", PATH, r -> TestResponse.text(200, "plain\ntext"));
    good.route(
        "missing.connect.test",
        PATH,
        r -> TestResponse.text(404, "{\"errcode\":\"M_UNRECOGNIZED\"}"));
    wrongCert = HttpsTestServer.https(ca.issue("other.example.test")).start();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    dns =
        DnsTestServer.start(
            "t.connect.test. 300 IN A 127.0.0.1",
            "ok.connect.test. 300 IN A 127.0.0.1",
            srv("ok", 10, good.port()),
            srv("text", 10, good.port()),
            srv("missing", 10, good.port()),
            srv("wrongcert", 10, wrongCert.port()),
            srv("dead", 10, closedPort),
            srv("failover", 10, closedPort),
            srv("failover", 20, good.port()));
  }

  private static String srv(String name, int priority, int port) {
    return "_matrix-fed._tcp."
        + name
        + ".connect.test. 300 IN SRV "
        + priority
        + " 1 "
        + port
        + " t.connect.test.";
  }

  @AfterAll
  static void stop() {
    good.close();
    wrongCert.close();
    dns.close();
  }

  @BeforeEach
  void forget() {
    good.clearRequests();
    wrongCert.clearRequests();
  }

  private static CliRun connect(String... more) {
    List<String> args = new ArrayList<>(List.of("--connect", "--no-well-known"));
    args.addAll(List.of("--dns", "127.0.0.1:" + dns.address().getPort()));
    args.addAll(List.of("--allow", "127.0.0.0/8", "--allow", "::1/128"));
    args.addAll(
        List.of("--trust-store", trustStore.toString(), "--trust-store-password", PASSWORD));
    args.addAll(List.of("--timeout", "10s"));
    args.addAll(Arrays.asList(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  private static String subject(TestCa.Leaf leaf) {
    return leaf.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  /**
   * The request of the federation path (the first: the address checks start after it), after
   * checking that the address check of the same address sent the same SNI and Host.
   */
  private static RecordedRequest onlyRequest(HttpsTestServer server) {
    assertThat(server.requests()).hasSize(2);
    RecordedRequest first = server.requests().get(0);
    RecordedRequest probe = server.requests().get(1);
    assertThat(probe.sni()).isEqualTo(first.sni());
    assertThat(probe.host()).isEqualTo(first.host());
    assertThat(probe.target()).isEqualTo(first.target());
    return first;
  }

  @Test
  void srvTargetAnswersWithParsedJsonAndGetsTheSpecsSniAndHost() {
    CliRun run = connect("--json", "ok.connect.test");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonObject json = run.json();
    assertThat(json.getString("result")).isEqualTo("ok");
    assertThat(json.getString("step")).isEqualTo("4");
    assertThat(json.isNull("error")).isTrue();
    JsonObject connection = json.getJsonObject("connection");
    assertThat(connection.keySet())
        .containsExactlyInAnyOrder("address", "status", "tls_ok", "certificate_subject", "body");
    assertThat(connection.getString("address")).isEqualTo("127.0.0.1:" + good.port());
    assertThat(connection.getInt("status")).isEqualTo(200);
    assertThat(connection.getBoolean("tls_ok")).isTrue();
    assertThat(connection.getString("certificate_subject")).isEqualTo(subject(named));
    assertThat(connection.getJsonObject("body"))
        .isEqualTo(Json.createReader(new java.io.StringReader(VERSION)).readObject());
    RecordedRequest seen = onlyRequest(good);
    assertThat(seen.method()).isEqualTo("GET");
    assertThat(seen.target()).isEqualTo(PATH);
    assertThat(seen.sni()).isEqualTo("ok.connect.test");
    assertThat(seen.host()).isEqualTo("ok.connect.test");
  }

  @Test
  void explicitPortSendsHostWithThePort() {
    CliRun run = connect("--json", "ok.connect.test:" + good.port());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.json().getString("step")).isEqualTo("2");
    assertThat(run.json().getJsonObject("connection").getInt("status")).isEqualTo(200);
    RecordedRequest seen = onlyRequest(good);
    assertThat(seen.sni()).isEqualTo("ok.connect.test");
    assertThat(seen.host()).isEqualTo("ok.connect.test:" + good.port());
  }

  @Test
  void ipLiteralsSendNoSniAndShowTheIpCertificate() {
    CliRun v4 = connect("--json", "127.0.0.1:" + good.port());
    CliRun v6 = connect("--json", "[::1]:" + good.port());

    assertThat(v4.exit()).as(v4.out() + v4.err()).isZero();
    JsonObject c4 = v4.json().getJsonObject("connection");
    assertThat(c4.getString("address")).isEqualTo("127.0.0.1:" + good.port());
    assertThat(c4.getString("certificate_subject")).isEqualTo(subject(ipOnly));
    assertThat(v6.exit()).as(v6.out() + v6.err()).isZero();
    assertThat(v6.json().getJsonObject("connection").getString("address"))
        .isEqualTo("[::1]:" + good.port());
    assertThat(good.requests()).extracting(RecordedRequest::sni).containsOnlyNulls();
    assertThat(good.requests())
        .extracting(RecordedRequest::host)
        .containsExactly(
            "127.0.0.1:" + good.port(),
            "127.0.0.1:" + good.port(),
            "[::1]:" + good.port(),
            "[::1]:" + good.port());
  }

  @Test
  void nonJsonBodyIsShownAsText() {
    CliRun run = connect("--json", "text.connect.test");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonObject connection = run.json().getJsonObject("connection");
    assertThat(connection.getInt("status")).isEqualTo(200);
    assertThat(connection.getString("body")).isEqualTo("plain\ntext");
  }

  @Test
  void anyHttpStatusIsAConnection() {
    CliRun run = connect("--json", "missing.connect.test");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonObject json = run.json();
    assertThat(json.getString("result")).isEqualTo("ok");
    assertThat(json.getJsonObject("connection").getInt("status")).isEqualTo(404);
    assertThat(json.getJsonObject("connection").getJsonObject("body").getString("errcode"))
        .isEqualTo("M_UNRECOGNIZED");
  }

  @Test
  void certificateForAnotherNameIsATlsFailure() {
    CliRun run = connect("--json", "wrongcert.connect.test");

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(FedrouteCli.EXIT_FAILED);
    JsonObject json = run.json();
    assertThat(json.getString("result")).isEqualTo("error");
    assertThat(json.getJsonObject("error").getString("code")).isEqualTo("tls_failure");
    assertThat(json.getString("step")).isEqualTo("4");
    assertThat(json.getString("tls_server_name")).isEqualTo("wrongcert.connect.test");
    assertThat(json.getJsonArray("targets")).hasSize(1);
    JsonObject connection = json.getJsonObject("connection");
    assertThat(connection.getBoolean("tls_ok")).isFalse();
    assertThat(connection.isNull("address")).isTrue();
    assertThat(connection.isNull("status")).isTrue();
    assertThat(wrongCert.requestCount()).isZero();
  }

  @Test
  void nothingListeningIsAConnectFailure() {
    CliRun run = connect("--json", "dead.connect.test");

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(FedrouteCli.EXIT_FAILED);
    JsonObject json = run.json();
    assertThat(json.getString("result")).isEqualTo("error");
    assertThat(json.getJsonObject("error").getString("code")).isEqualTo("connect_failure");
    assertThat(json.getJsonArray("targets").getJsonObject(0).getInt("port")).isEqualTo(closedPort);
    assertThat(json.getJsonObject("connection").isNull("tls_ok")).isTrue();
  }

  @Test
  void refusedFirstTargetFailsOverToTheSecond() {
    CliRun run = connect("--json", "failover.connect.test");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonObject json = run.json();
    assertThat(json.getJsonArray("targets").getJsonObject(0).getInt("port")).isEqualTo(closedPort);
    assertThat(json.getJsonObject("connection").getString("address"))
        .isEqualTo("127.0.0.1:" + good.port());
    assertThat(onlyRequest(good).host()).isEqualTo("failover.connect.test");
  }

  @Test
  void humanReportShowsTheConnection() {
    CliRun run = connect("ok.connect.test");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("Connection:   GET " + PATH)
        .contains("  Address:     127.0.0.1:" + good.port())
        .contains("  Status:      200")
        .contains("  TLS:         ok")
        .contains("  Certificate: " + subject(named))
        .contains("  Body:        " + VERSION);
  }

  @Test
  void humanReportShowsAFailedConnection() {
    CliRun run = connect("dead.connect.test");

    assertThat(run.exit()).isEqualTo(FedrouteCli.EXIT_FAILED);
    assertThat(run.out())
        .contains("Resolved:     step 4")
        .contains("Connection:   GET " + PATH)
        .contains("  Error code:  connect_failure")
        .contains("Result:       error");
  }

  @Test
  void failedResolutionAttemptsNoConnectionAndSaysSo() {
    CliRun json = connect("--json", "nowhere.connect.test");
    CliRun text = connect("nowhere.connect.test");

    assertThat(json.exit()).isEqualTo(FedrouteCli.EXIT_FAILED);
    assertThat(json.json().getJsonObject("error").getString("code")).isEqualTo("no_address");
    assertThat(json.json().containsKey("connection")).isTrue();
    assertThat(json.json().isNull("connection")).isTrue();
    assertThat(text.exit()).isEqualTo(FedrouteCli.EXIT_FAILED);
    assertThat(text.out()).contains("Connection:   not attempted: the resolution failed");
  }

  @Test
  void withoutConnectNothingIsSent() {
    CliRun run =
        CliRun.run(
            "--json",
            "--no-well-known",
            "--dns",
            "127.0.0.1:" + dns.address().getPort(),
            "--allow",
            "127.0.0.0/8",
            "ok.connect.test");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.json().containsKey("connection")).isFalse();
    assertThat(good.requestCount()).isZero();
  }
}
