package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federation tester end to end, in process, on loopback: {@code --connect} checking every
 * address, each warning, the verdict and its exit code, and {@code --keys} against a key server
 * fixture signing with Ed25519; all through the CLI, as JSON and as text.
 */
class FederationTesterTest {
  private static final String VERSION_PATH = "/_matrix/federation/v1/version";
  private static final String KEYS_PATH = "/_matrix/key/v2/server";
  private static final String WK_PATH = "/.well-known/matrix/server";
  private static final String VERSION = "{\"server\":{\"name\":\"Test\",\"version\":\"1.2.3\"}}";
  private static final String PASSWORD = "tester";

  private static DnsTestServer dns;
  private static HttpsTestServer server;
  private static TestCa ca;
  private static TestCa.Leaf wildcard;
  private static TestCa.Leaf expiring;
  private static Path trustStore;
  private static int port;
  private static int closedPort;
  private static ServerSocket silent;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    ca = TestCa.create("Tester CA");
    trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), PASSWORD, "PKCS12");
    wildcard = ca.issue("*.ft.test");
    Instant now = Instant.now();
    expiring =
        ca.leaf("expiring")
            .dns("expiring.ft.test")
            .validity(now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(5)))
            .issue();
    server =
        HttpsTestServer.https(wildcard)
            .identity("srvcert.ft.test", ca.issue("target.ft.test"))
            .identity("expiring.ft.test", expiring)
            .identity("untrusted.ft.test", TestCa.create("Unknown CA").issue("untrusted.ft.test"))
            .start();
    port = server.port();
    server.defaultHandler(r -> TestResponse.text(404, "{\"errcode\":\"M_NOT_FOUND\"}"));
    server.route(VERSION_PATH, r -> TestResponse.json(VERSION));
    String delegation = "{\"m.server\":\"t.ft.test:" + port + "\"}";
    server.route("t.ft.test", WK_PATH, r -> TestResponse.json(delegation));
    server.route(
        "redir.ft.test", WK_PATH, r -> TestResponse.redirect(302, "https://t.ft.test" + WK_PATH));
    server.route(
        "short.ft.test",
        WK_PATH,
        r -> TestResponse.json(delegation).withHeader("Cache-Control", "max-age=60"));
    keyServers();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    // Accepts TCP connections (the kernel's backlog) and never says a word.
    silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    dns =
        DnsTestServer.start(
            "t.ft.test. 300 IN A 127.0.0.1",
            "dual.ft.test. 300 IN A 127.0.0.1",
            "dual.ft.test. 300 IN AAAA ::1",
            srv("_matrix-fed", "srvcert", "target.ft.test"),
            "target.ft.test. 300 IN A 127.0.0.1",
            "expiring.ft.test. 300 IN A 127.0.0.1",
            "untrusted.ft.test. 300 IN A 127.0.0.1",
            srv("_matrix", "legacy", "t.ft.test"),
            srv("_matrix-fed", "cname", "alias.ft.test"),
            "alias.ft.test. 300 IN CNAME t.ft.test.",
            "redir.ft.test. 300 IN A 127.0.0.1",
            "short.ft.test. 300 IN A 127.0.0.1",
            "wkfail.ft.test. 300 IN A 127.0.0.1",
            srv("_matrix-fed", "wkfail", "t.ft.test"),
            "keys-ok.ft.test. 300 IN A 127.0.0.1",
            "keys-badsig.ft.test. 300 IN A 127.0.0.1",
            "keys-expired.ft.test. 300 IN A 127.0.0.1",
            "keys-wrongname.ft.test. 300 IN A 127.0.0.1",
            "keys-nosig.ft.test. 300 IN A 127.0.0.1");
  }

  private static String srv(String service, String name, String target) {
    return service + "._tcp." + name + ".ft.test. 300 IN SRV 10 1 " + port + " " + target + ".";
  }

  private static final KeyPair KEY = KeyServer.newKey();
  private static final KeyPair OTHER = KeyServer.newKey();
  private static final KeyPair OLD = KeyServer.newKey();

  private static void keyServers() {
    long future = Instant.now().plus(Duration.ofDays(1)).toEpochMilli();
    long past = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
    serveKeys(
        "keys-ok",
        KeyServer.answer(host("keys-ok"), future)
            .verifyKey("ed25519:a", KEY, KEY.getPrivate())
            .oldKey("ed25519:old", OLD, 1_600_000_000_000L));
    serveKeys(
        "keys-badsig",
        KeyServer.answer(host("keys-badsig"), future)
            .verifyKey("ed25519:a", KEY, OTHER.getPrivate()));
    serveKeys(
        "keys-expired",
        KeyServer.answer(host("keys-expired"), past).verifyKey("ed25519:a", KEY, KEY.getPrivate()));
    serveKeys(
        "keys-wrongname",
        KeyServer.answer("someone-else.ft.test", future)
            .verifyKey("ed25519:a", KEY, KEY.getPrivate()));
    serveKeys(
        "keys-nosig",
        KeyServer.answer(host("keys-nosig"), future)
            .verifyKey("ed25519:a", KEY, KEY.getPrivate())
            .verifyKey("ed25519:b", OTHER, null));
  }

  private static String host(String label) {
    return label + ".ft.test:" + port;
  }

  private static void serveKeys(String label, KeyServer answer) {
    String body = answer.body();
    server.route(label + ".ft.test", KEYS_PATH, r -> TestResponse.json(body));
  }

  @AfterAll
  static void stop() throws IOException {
    silent.close();
    server.close();
    dns.close();
  }

  private static CliRun cli(String... more) {
    return cliWithin("10s", more);
  }

  private static CliRun cliWithin(String timeout, String... more) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--dns", "127.0.0.1:" + dns.address().getPort()));
    args.addAll(List.of("--allow", "127.0.0.0/8", "--allow", "::1/128"));
    args.addAll(List.of("--well-known-port", Integer.toString(port)));
    args.addAll(
        List.of("--trust-store", trustStore.toString(), "--trust-store-password", PASSWORD));
    args.addAll(List.of("--timeout", timeout));
    args.addAll(Arrays.asList(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  private static List<String> warningCodes(JsonObject json) {
    return json.getJsonArray("warnings").getValuesAs(JsonObject.class).stream()
        .map(w -> w.getString("code"))
        .toList();
  }

  private static String subject(TestCa.Leaf leaf) {
    return leaf.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  @Test
  void everyAddressOfADualStackTargetIsCheckedAndOneRefusingFamilyIsAWarningOnly()
      throws Exception {
    CliRun run = cli("--connect", "--json", "dual.ft.test:" + port);

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonObject json = run.json();
    assertThat(json.getBoolean("federation_ok")).isTrue();
    assertThat(json.getJsonObject("connection").getInt("status")).isEqualTo(200);
    assertThat(json.containsKey("keys")).as("no --keys").isFalse();
    JsonArray connections = json.getJsonArray("connections");
    assertThat(connections).hasSize(2);
    JsonObject v4 = find(connections, "127.0.0.1");
    JsonObject v6 = find(connections, "::1");
    assertThat(v4.getString("host")).isEqualTo("dual.ft.test");
    assertThat(v4.getInt("port")).isEqualTo(port);
    assertThat(v4.getJsonNumber("tcp_connect_ms").doubleValue()).isNotNegative();
    assertThat(v4.getString("tls_version")).startsWith("TLSv1.");
    assertThat(v4.getString("cipher_suite")).startsWith("TLS_");
    assertThat(v4.getBoolean("tls_name_ok")).isTrue();
    assertThat(v4.getInt("status")).isEqualTo(200);
    assertThat(v4.getJsonObject("server").getString("name")).isEqualTo("Test");
    assertThat(v4.getJsonObject("server").getString("version")).isEqualTo("1.2.3");
    assertThat(v4.isNull("error")).isTrue();
    JsonObject leaf = v4.getJsonArray("certificates").getJsonObject(0);
    assertThat(leaf.getString("subject")).isEqualTo(subject(wildcard));
    assertThat(leaf.getString("issuer"))
        .isEqualTo(ca.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253));
    assertThat(leaf.getJsonArray("dns_names").getString(0)).isEqualTo("*.ft.test");
    assertThat(leaf.getJsonArray("ip_addresses")).isEmpty();
    assertThat(Instant.parse(leaf.getString("not_after")))
        .isEqualTo(wildcard.certificate().getNotAfter().toInstant());
    assertThat(leaf.getString("sha256"))
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(wildcard.certificate().getEncoded())));
    assertThat(v6.getJsonObject("error").getString("code")).isEqualTo("connect");
    assertThat(v6.isNull("status")).isTrue();
    assertThat(v6.isNull("tcp_connect_ms")).isTrue();
    assertThat(v6.getJsonArray("certificates")).isEmpty();
    assertThat(warningCodes(json)).containsExactly("one_family_unreachable");
    assertThat(json.getJsonArray("warnings").getJsonObject(0).getString("message"))
        .startsWith("IPv4 works but no IPv6 address answered");

    CliRun text = cli("--connect", "dual.ft.test:" + port);
    assertThat(text.exit()).isZero();
    assertThat(text.out())
        .contains("Addresses checked:")
        .contains("dual.ft.test:" + port + " at 127.0.0.1:" + port + ": HTTP 200")
        .contains("dual.ft.test:" + port + " at [::1]:" + port + ": error connect")
        .contains("    TLS name:    proved by the certificate")
        .contains("    Server:      Test 1.2.3")
        .contains("  - [one_family_unreachable] IPv4 works")
        .contains("Federation:   ok");
  }

  private static JsonObject find(JsonArray connections, String address) {
    return connections.getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("address").equals(address))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no connection to " + address + ": " + connections));
  }

  @Test
  void aCertificateForTheSrvTargetOnlyFailsWithTheSpecsReason() {
    CliRun run = cli("--connect", "--json", "--no-well-known", "srvcert.ft.test");

    assertThat(run.exit()).as(run.out()).isEqualTo(FedrouteCli.EXIT_FAILED);
    JsonObject json = run.json();
    assertThat(json.getBoolean("federation_ok")).isFalse();
    JsonObject c = json.getJsonArray("connections").getJsonObject(0);
    assertThat(c.getString("host")).isEqualTo("target.ft.test");
    assertThat(c.getBoolean("tls_name_ok")).isFalse();
    assertThat(c.getJsonObject("error").getString("code")).isEqualTo("certificate_name");
    assertThat(c.getJsonArray("certificates").getJsonObject(0).getJsonArray("dns_names"))
        .containsExactly(jakarta.json.Json.createValue("target.ft.test"));
    assertThat(warningCodes(json)).containsExactly("certificate_for_srv_target");
    String message = json.getJsonArray("warnings").getJsonObject(0).getString("message");
    assertThat(message)
        .contains("valid for that SRV target but not for srvcert.ft.test")
        .contains("DNS is not secured");

    CliRun text = cli("--connect", "--no-well-known", "srvcert.ft.test");
    assertThat(text.exit()).isEqualTo(FedrouteCli.EXIT_FAILED);
    assertThat(text.out())
        .contains("    TLS name:    NOT proved")
        .contains("[certificate_for_srv_target]")
        .contains("Federation:   FAILED: no address answered");
  }

  @Test
  void aCertificateEndingWithinTwoWeeksIsAWarning() {
    CliRun run = cli("--connect", "--json", "expiring.ft.test:" + port);

    assertThat(run.exit()).as(run.out()).isZero();
    JsonObject json = run.json();
    assertThat(json.getBoolean("federation_ok")).isTrue();
    assertThat(warningCodes(json)).containsExactly("certificate_expires_soon");
    assertThat(json.getJsonArray("warnings").getJsonObject(0).getString("message"))
        .contains(subject(expiring))
        .contains("less than 14 days");
    assertThat(cli("--connect", "expiring.ft.test:" + port).out())
        .contains("[certificate_expires_soon]");
  }

  @Test
  void noAddressAnsweringIsAFailedVerdict() {
    CliRun run = cli("--connect", "--json", "t.ft.test:" + closedPort);

    assertThat(run.exit()).isEqualTo(FedrouteCli.EXIT_FAILED);
    JsonObject json = run.json();
    assertThat(json.getBoolean("federation_ok")).isFalse();
    assertThat(
            json.getJsonArray("connections")
                .getJsonObject(0)
                .getJsonObject("error")
                .getString("code"))
        .isEqualTo("connect");
    assertThat(cli("--connect", "t.ft.test:" + closedPort).out())
        .contains("Federation:   FAILED: no address answered");
  }

  @Test
  void aCertificateOfAnUntrustedIssuerIsATlsErrorStillShown() {
    CliRun run = cli("--connect", "--json", "untrusted.ft.test:" + port);

    assertThat(run.exit()).as(run.out()).isEqualTo(FedrouteCli.EXIT_FAILED);
    JsonObject json = run.json();
    assertThat(json.getBoolean("federation_ok")).isFalse();
    JsonObject c = json.getJsonArray("connections").getJsonObject(0);
    assertThat(c.getJsonObject("error").getString("code")).isEqualTo("tls");
    assertThat(c.getBoolean("tls_name_ok")).isTrue();
    assertThat(c.isNull("tls_version")).isTrue();
    assertThat(c.getJsonArray("certificates").getJsonObject(0).getString("issuer"))
        .isEqualTo("CN=Unknown CA");
    assertThat(c.isNull("status")).isTrue();
  }

  @Test
  void anAddressThatNeverAnswersIsATimeout() {
    CliRun run = cliWithin("1s", "--connect", "--json", "127.0.0.1:" + silent.getLocalPort());

    assertThat(run.exit()).as(run.out()).isEqualTo(FedrouteCli.EXIT_FAILED);
    JsonObject json = run.json();
    assertThat(json.getBoolean("federation_ok")).isFalse();
    JsonObject c = json.getJsonArray("connections").getJsonObject(0);
    assertThat(c.getJsonObject("error").getString("code")).isEqualTo("timeout");
    assertThat(c.getJsonNumber("tcp_connect_ms").doubleValue()).isNotNegative();
    assertThat(c.getJsonArray("certificates")).isEmpty();
  }

  @Test
  void withoutConnectTheVerdictIsOpenAndTheExitCodeIsTheResolutions() {
    CliRun run = cli("--json", "t.ft.test:" + port);

    assertThat(run.exit()).isZero();
    JsonObject json = run.json();
    assertThat(json.isNull("federation_ok")).isTrue();
    assertThat(json.containsKey("connections")).isFalse();
    assertThat(json.containsKey("keys")).isFalse();
    assertThat(cli("t.ft.test:" + port).out())
        .contains("Federation:   not checked (run with --connect)");
  }

  @Test
  void aFailedResolutionIsAFailedVerdict() {
    CliRun run = cli("--connect", "--keys", "--json", "--no-well-known", "nowhere.ft.test");

    assertThat(run.exit()).isEqualTo(FedrouteCli.EXIT_FAILED);
    JsonObject json = run.json();
    assertThat(json.getBoolean("federation_ok")).isFalse();
    assertThat(json.isNull("connections")).isTrue();
    assertThat(json.isNull("keys")).isTrue();
    assertThat(json.getJsonArray("warnings")).isEmpty();
  }

  @Test
  void onlyTheLegacySrvRecordIsAWarning() {
    JsonObject json = cli("--json", "--no-well-known", "legacy.ft.test").json();

    assertThat(json.getString("step")).isEqualTo("5");
    assertThat(warningCodes(json)).containsExactly("legacy_srv");
    assertThat(cli("--no-well-known", "legacy.ft.test").out()).contains("[legacy_srv]");
  }

  @Test
  void anSrvTargetThatIsACnameIsAWarning() {
    JsonObject json = cli("--json", "--no-well-known", "cname.ft.test").json();

    assertThat(json.getString("result")).isEqualTo("ok");
    assertThat(warningCodes(json)).containsExactly("srv_target_cname");
    assertThat(json.getJsonArray("warnings").getJsonObject(0).getString("message"))
        .contains("alias.ft.test");
    assertThat(cli("--no-well-known", "cname.ft.test").out()).contains("[srv_target_cname]");
  }

  @Test
  void aRedirectedWellKnownIsAWarning() {
    JsonObject json = cli("--json", "redir.ft.test").json();

    assertThat(json.getJsonObject("well_known").getString("outcome")).isEqualTo("delegated");
    assertThat(warningCodes(json)).containsExactly("well_known_redirected");
    assertThat(cli("redir.ft.test").out()).contains("[well_known_redirected]");
  }

  @Test
  void aWellKnownCachedUnderFiveMinutesByItsHeadersIsAWarning() {
    JsonObject json = cli("--json", "short.ft.test").json();

    assertThat(json.getJsonObject("well_known").getInt("ttl_seconds")).isGreaterThan(60);
    assertThat(warningCodes(json)).containsExactly("short_cache");
    assertThat(json.getJsonArray("warnings").getJsonObject(0).getString("message"))
        .contains("only 1m");
    assertThat(cli("short.ft.test").out()).contains("[short_cache]");
  }

  @Test
  void aFailedWellKnownWithTheNamesOwnSrvIsAWarning() {
    JsonObject json = cli("--json", "wkfail.ft.test").json();

    assertThat(json.getString("step")).isEqualTo("4");
    assertThat(json.getJsonObject("well_known").getString("error")).isEqualTo("http_status");
    assertThat(warningCodes(json)).containsExactly("well_known_failed_srv_used");
    assertThat(cli("wkfail.ft.test").out()).contains("[well_known_failed_srv_used]");
  }

  @Test
  void validKeysVerify() {
    CliRun run = cli("--keys", "--json", "keys-ok.ft.test:" + port);

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonObject json = run.json();
    assertThat(json.getBoolean("federation_ok")).isTrue();
    assertThat(json.getJsonArray("connections")).hasSize(1);
    JsonObject keys = json.getJsonObject("keys");
    assertThat(keys.getBoolean("ok")).isTrue();
    assertThat(keys.getString("server_name")).isEqualTo(host("keys-ok"));
    assertThat(keys.getBoolean("server_name_ok")).isTrue();
    assertThat(keys.getBoolean("valid_until_ok")).isTrue();
    JsonObject key = keys.getJsonArray("verify_keys").getJsonObject(0);
    assertThat(key.getString("key_id")).isEqualTo("ed25519:a");
    assertThat(key.getString("key")).isEqualTo(KeyServer.publicKey(KEY));
    assertThat(key.getString("result")).isEqualTo("ok");
    JsonObject old = keys.getJsonArray("old_verify_keys").getJsonObject(0);
    assertThat(old.getString("key_id")).isEqualTo("ed25519:old");
    assertThat(old.getJsonNumber("expired_ts").longValue()).isEqualTo(1_600_000_000_000L);
    assertThat(keys.isNull("error")).isTrue();

    CliRun text = cli("--keys", "keys-ok.ft.test:" + port);
    assertThat(text.out())
        .contains("Signing keys: ok")
        .contains("    ed25519:a:   ok")
        .contains("    old key ed25519:old: expired 2020-09-13T12:26:40Z")
        .contains("Federation:   ok");
  }

  @Test
  void aBadSignatureFails() {
    JsonObject keys = failedKeys("keys-badsig");
    assertThat(keys.getJsonArray("verify_keys").getJsonObject(0).getString("result"))
        .isEqualTo("bad_signature");
    assertThat(keys.getBoolean("server_name_ok")).isTrue();
    assertThat(keys.getBoolean("valid_until_ok")).isTrue();
  }

  @Test
  void anExpiredValidUntilFails() {
    JsonObject keys = failedKeys("keys-expired");
    assertThat(keys.getBoolean("valid_until_ok")).isFalse();
    assertThat(keys.getJsonArray("verify_keys").getJsonObject(0).getString("result"))
        .isEqualTo("ok");
  }

  @Test
  void aWrongServerNameFails() {
    JsonObject keys = failedKeys("keys-wrongname");
    assertThat(keys.getString("server_name")).isEqualTo("someone-else.ft.test");
    assertThat(keys.getBoolean("server_name_ok")).isFalse();
  }

  @Test
  void aKeyWithoutASignatureFails() {
    JsonObject keys = failedKeys("keys-nosig");
    assertThat(keys.getJsonArray("verify_keys").getValuesAs(JsonObject.class))
        .extracting(k -> k.getString("key_id") + "=" + k.getString("result"))
        .containsExactly("ed25519:a=ok", "ed25519:b=no_signature");
    assertThat(cli("--keys", "keys-nosig.ft.test:" + port).out())
        .contains("Signing keys: FAILED")
        .contains("    ed25519:b:   no_signature")
        .contains("Federation:   FAILED: the signing keys did not verify");
  }

  private static JsonObject failedKeys(String label) {
    CliRun run = cli("--keys", "--json", label + ".ft.test:" + port);
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(FedrouteCli.EXIT_FAILED);
    JsonObject json = run.json();
    assertThat(json.getBoolean("federation_ok")).isFalse();
    assertThat(json.getJsonArray("connections").getJsonObject(0).getInt("status")).isEqualTo(200);
    JsonObject keys = json.getJsonObject("keys");
    assertThat(keys.getBoolean("ok")).isFalse();
    assertThat(keys.get("error")).isEqualTo(JsonValue.NULL);
    return keys;
  }
}
