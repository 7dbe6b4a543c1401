package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's sample: one server with one problem of each kind that still federates. Its {@code
 * .well-known} is redirected and cached for a minute by its headers; the delegated name publishes
 * only the legacy SRV record; one SRV target is a CNAME to a dual-stack host whose IPv6 address
 * refuses and whose certificate ends in 5 days; the other target's certificate is for the target
 * only; and one signing key has no signature.
 */
class EveryProblemAtOnceTest {
  private static final String WK = "/.well-known/matrix/server";
  private static final String PASSWORD = "sample";
  private static DnsTestServer dns;
  private static HttpsTestServer main;
  private static HttpsTestServer other;
  private static Path trustStore;

  @BeforeAll
  static void start(@TempDir Path dir) {
    TestCa ca = TestCa.create("Sample CA");
    trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), PASSWORD, "PKCS12");
    Instant now = Instant.now();
    TestCa.Leaf expiring =
        ca.leaf("matrix.example.test")
            .dns("matrix.example.test")
            .validity(now.minus(Duration.ofDays(85)), now.plus(Duration.ofDays(5)))
            .issue();
    main =
        HttpsTestServer.https(ca.issue("example.test", "www.example.test"))
            .identity("matrix.example.test", expiring)
            .start();
    other =
        HttpsTestServer.https(ca.issue("backup.example.test"))
            .bind("127.0.0.3", main.port())
            .start();
    int port = main.port();
    main.route(
        "example.test", WK, r -> TestResponse.redirect(301, "https://www.example.test" + WK));
    main.route(
        "www.example.test",
        WK,
        r ->
            TestResponse.json("{\"m.server\":\"matrix.example.test\"}")
                .withHeader("Cache-Control", "max-age=60"));
    main.route(
        "/_matrix/federation/v1/version",
        r -> TestResponse.json("{\"server\":{\"name\":\"Synapse\",\"version\":\"1.120.0\"}}"));
    KeyPair key = KeyServer.newKey();
    String keys =
        KeyServer.answer("example.test", now.plus(Duration.ofDays(1)).toEpochMilli())
            .verifyKey("ed25519:a1", key, key.getPrivate())
            .verifyKey("ed25519:b2", KeyServer.newKey(), null)
            .oldKey("ed25519:old", KeyServer.newKey(), 1_700_000_000_000L)
            .body();
    main.route("/_matrix/key/v2/server", r -> TestResponse.json(keys));
    dns =
        DnsTestServer.start(
            "example.test. 300 IN A 127.0.0.1",
            "www.example.test. 300 IN A 127.0.0.1",
            "_matrix._tcp.matrix.example.test. 300 IN SRV 10 1 " + port + " alias.example.test.",
            "_matrix._tcp.matrix.example.test. 300 IN SRV 20 1 " + port + " backup.example.test.",
            "alias.example.test. 300 IN CNAME host.example.test.",
            "host.example.test. 300 IN A 127.0.0.1",
            "host.example.test. 300 IN AAAA ::1",
            "backup.example.test. 300 IN A 127.0.0.3");
  }

  @AfterAll
  static void stop() {
    main.close();
    other.close();
    dns.close();
  }

  private static CliRun run(boolean json) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--keys",
                "--dns",
                "127.0.0.1:" + dns.address().getPort(),
                "--allow",
                "127.0.0.0/8",
                "--allow",
                "::1/128",
                "--well-known-port",
                Integer.toString(main.port()),
                "--trust-store",
                trustStore.toString(),
                "--trust-store-password",
                PASSWORD));
    if (json) {
      args.add("--json");
    }
    args.add("example.test");
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void everyWarningAndAFailedKeyCheck() {
    CliRun json = run(true);
    CliRun text = run(false);
    if (Boolean.getBoolean("fedroute.printSample")) {
      System.out.println(text.out());
      System.out.println(json.out());
    }

    JsonObject report = json.json();
    assertThat(report.getString("step")).isEqualTo("3.4");
    assertThat(report.getJsonArray("warnings").getValuesAs(JsonObject.class))
        .extracting(w -> w.getString("code"))
        .containsExactlyInAnyOrder(
            "legacy_srv",
            "srv_target_cname",
            "well_known_redirected",
            "short_cache",
            "certificate_for_srv_target",
            "certificate_expires_soon",
            "one_family_unreachable");
    assertThat(report.getJsonArray("connections")).hasSize(3);
    assertThat(report.getJsonObject("keys").getBoolean("ok")).isFalse();
    assertThat(report.getBoolean("federation_ok")).isFalse();
    assertThat(json.exit()).isEqualTo(FedrouteCli.EXIT_FAILED);
    assertThat(text.out()).contains("Federation:   FAILED: the signing keys did not verify");
  }
}
