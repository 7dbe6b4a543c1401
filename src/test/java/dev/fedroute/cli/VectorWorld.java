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
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The sample resolution vectors (src/test/resources/vectors) made real: their zone on a DNS server
 * on loopback, and each {@code .well-known} answer on an HTTPS server on the host's own loopback
 * address with a certificate from a test CA. Closes its servers.
 */
final class VectorWorld implements AutoCloseable {
  private static final String TRUST_PASSWORD = "vectors";
  private static final JsonObject VECTORS = load();

  private final DnsTestServer dns;
  private final List<HttpsTestServer> servers = new ArrayList<>();
  private final Path trustStore;
  private final int wellKnownPort;

  /**
   * Starts the servers.
   *
   * @param dir where the trust store is written
   * @param port the {@code .well-known} port, or 0 for any free one (the same for every host)
   */
  VectorWorld(Path dir, int port) throws IOException {
    List<String> zone =
        VECTORS.getJsonArray("zone").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList();
    dns = DnsTestServer.start(zone);
    TestCa ca = TestCa.create("Vectors CA");
    trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), TRUST_PASSWORD, "PKCS12");
    int chosen = port;
    try {
      for (Map.Entry<String, JsonValue> e : VECTORS.getJsonObject("wellknown").entrySet()) {
        String host = e.getKey();
        HttpsTestServer server =
            HttpsTestServer.https(ca.issue(host)).bind(addressOf(zone, host), chosen).start();
        servers.add(server);
        chosen = server.port();
        server.route(host, "/.well-known/matrix/server", r -> answer(e.getValue().asJsonObject()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    wellKnownPort = chosen;
  }

  /** The cases, as (name, vector) arguments. */
  static Stream<Arguments> cases() {
    return VECTORS.getJsonArray("cases").stream()
        .map(JsonValue::asJsonObject)
        .map(c -> Arguments.of(c.getString("name"), c));
  }

  /** The port every {@code .well-known} server listens on. */
  int wellKnownPort() {
    return wellKnownPort;
  }

  /**
   * The CLI arguments for one server name: JSON, the test DNS server, the test CA's trust store and
   * the vectors' allowlist.
   */
  List<String> arguments(String serverName) {
    List<String> args =
        new ArrayList<>(List.of("--json", "--dns", "127.0.0.1:" + dns.address().getPort()));
    args.addAll(
        List.of("--trust-store", trustStore.toString(), "--trust-store-password", TRUST_PASSWORD));
    for (JsonString allow : VECTORS.getJsonArray("allow").getValuesAs(JsonString.class)) {
      args.addAll(List.of("--allow", allow.getString()));
    }
    args.add("--");
    args.add(serverName);
    return args;
  }

  /** Checks the exit code and the CLI's JSON against a vector. */
  static void check(String name, JsonObject vector, int exit, JsonObject json, String output) {
    assertThat(exit).as(output).isEqualTo(vector.getInt("exit"));
    assertThat(json.getString("server_name")).isEqualTo(name);
    assertContains(json, vector.getJsonObject("expect"), "$");
    if (vector.containsKey("ttl_seconds_range")) {
      JsonArray range = vector.getJsonArray("ttl_seconds_range");
      assertThat(json.getJsonObject("well_known").getInt("ttl_seconds"))
          .isBetween(range.getInt(0), range.getInt(1));
    }
  }

  @Override
  public void close() {
    servers.forEach(HttpsTestServer::close);
    dns.close();
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
      response = response.withHeader(h.getKey(), ((JsonString) h.getValue()).getString());
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

  private static JsonObject load() {
    try (InputStream in =
            VectorWorld.class.getResourceAsStream("/vectors/resolution-vectors.json");
        JsonReader reader = Json.createReader(in)) {
      return reader.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
