package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample resolution vectors (shared/vectors, copied to test resources): the CLI's JSON on their
 * zone, with each {@code .well-known} answer served by an HTTPS server on the host's own loopback
 * address.
 */
class ResolutionVectorsTest {
  private static final String TRUST_PASSWORD = "vectors";
  private static JsonObject vectors;
  private static DnsTestServer dns;
  private static final List<HttpsTestServer> servers = new ArrayList<>();
  private static Path trustStore;
  private static int wellKnownPort;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    try (InputStream in =
            ResolutionVectorsTest.class.getResourceAsStream("/vectors/resolution-vectors.json");
        JsonReader reader = Json.createReader(in)) {
      vectors = reader.readObject();
    }
    List<String> zone =
        vectors.getJsonArray("zone").getValuesAs(JsonValue::toString).stream()
            .map(s -> s.substring(1, s.length() - 1))
            .toList();
    dns = DnsTestServer.start(zone);
    TestCa ca = TestCa.create("Vectors CA");
    trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), TRUST_PASSWORD, "PKCS12");
    for (Map.Entry<String, JsonValue> e : vectors.getJsonObject("wellknown").entrySet()) {
      String host = e.getKey();
      HttpsTestServer server =
          HttpsTestServer.https(ca.issue(host)).bind(addressOf(zone, host), wellKnownPort).start();
      wellKnownPort = server.port();
      server.route(host, "/.well-known/matrix/server", r -> answer(e.getValue().asJsonObject()));
      servers.add(server);
    }
  }

  @AfterAll
  static void stop() {
    servers.forEach(HttpsTestServer::close);
    dns.close();
  }

  static Stream<Arguments> cases() {
    return vectors.getJsonArray("cases").stream()
        .map(JsonValue::asJsonObject)
        .map(c -> Arguments.of(c.getString("name"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void cliJsonMatchesTheVector(String name, JsonObject vector) {
    List<String> args =
        new ArrayList<>(List.of("--json", "--dns", "127.0.0.1:" + dns.address().getPort()));
    args.addAll(List.of("--well-known-port", Integer.toString(wellKnownPort)));
    args.addAll(
        List.of("--trust-store", trustStore.toString(), "--trust-store-password", TRUST_PASSWORD));
    for (JsonValue allow : vectors.getJsonArray("allow")) {
      args.addAll(List.of("--allow", ((jakarta.json.JsonString) allow).getString()));
    }
    args.add(name);

    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(vector.getInt("exit"));
    JsonObject json = run.json();
    assertThat(json.getString("server_name")).isEqualTo(name);
    assertContains(json, vector.getJsonObject("expect"), "$");
    if (vector.containsKey("ttl_seconds_range")) {
      JsonArray range = vector.getJsonArray("ttl_seconds_range");
      assertThat(json.getJsonObject("well_known").getInt("ttl_seconds"))
          .isBetween(range.getInt(0), range.getInt(1));
    }
  }

  /** Every field of the expectation is in the actual output; address lists compare as sets. */
  private static void assertContains(JsonValue actual, JsonValue expected, String path) {
    if (expected instanceof JsonObject object) {
      assertThat(actual).as(path).isInstanceOf(JsonObject.class);
      for (Map.Entry<String, JsonValue> e : object.entrySet()) {
        assertThat(((JsonObject) actual).containsKey(e.getKey()))
            .as(path + "." + e.getKey())
            .isTrue();
        assertContains(
            ((JsonObject) actual).get(e.getKey()), e.getValue(), path + "." + e.getKey());
      }
    } else if (expected instanceof JsonArray array && path.endsWith(".addresses")) {
      assertThat((JsonArray) actual).as(path).containsExactlyInAnyOrderElementsOf(array);
    } else if (expected instanceof JsonArray array) {
      assertThat((JsonArray) actual).as(path).hasSameSizeAs(array);
      for (int i = 0; i < array.size(); i++) {
        assertContains(((JsonArray) actual).get(i), array.get(i), path + "[" + i + "]");
      }
    } else {
      assertThat(actual).as(path).isEqualTo(expected);
    }
  }

  private static TestResponse answer(JsonObject spec) {
    TestResponse response =
        TestResponse.of(
            spec.getInt("status"), spec.getString("body").getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, JsonValue> h : spec.getJsonObject("headers").entrySet()) {
      response =
          response.withHeader(h.getKey(), ((jakarta.json.JsonString) h.getValue()).getString());
    }
    return response;
  }

  private static String addressOf(List<String> zone, String host) {
    return zone.stream()
        .map(line -> line.split("\\s+"))
        .filter(f -> f[0].equals(host + ".") && f[3].equals("A"))
        .map(f -> f[4])
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no A record for " + host));
  }
}
