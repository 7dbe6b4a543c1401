package dev.fedroute.hostile;

import static dev.fedroute.hostile.HostileWorld.DELEGATE;
import static dev.fedroute.hostile.HostileWorld.Expect.delegated;
import static dev.fedroute.hostile.HostileWorld.Expect.noDelegation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile certificates on the {@code .well-known} fetch, each presented by SNI for one host whose
 * body would delegate: a refused certificate means no delegation (step 4) and no request sent; an
 * acceptable one delegates. Through the library and the CLI. The same certificates on federation
 * requests: {@code dev.fedroute.jakarta.FederationTlsRefusalTest}; an IP literal carried only as a
 * DNS SAN, on a redirect: {@link HostileRedirectTest}. The same certificates on a federation
 * request through the CLI's {@code --connect}: {@link
 * #federationRequestsThroughTheCliRefuseTheSameCertificates}.
 */
class HostileWellKnownTlsTest {
  /** Host label, and the certificate its SNI gets (from the world's CA unless said otherwise). */
  private static final Map<String, BiFunction<TestCa, String, TestCa.Leaf>> LEAVES =
      new LinkedHashMap<>();

  static {
    LEAVES.put("expired", (ca, host) -> ca.leaf(host).dns(host).expired().issue());
    LEAVES.put("not-yet-valid", (ca, host) -> ca.leaf(host).dns(host).notYetValid().issue());
    LEAVES.put("wrong-name", (ca, host) -> ca.issue("other.hostile.test"));
    LEAVES.put("cn-only", (ca, host) -> ca.leaf(host).issue());
    LEAVES.put("fpartial", (ca, host) -> ca.issue("f*.hostile.test"));
    LEAVES.put("bare", (ca, host) -> ca.issue("*.bare.hostile.test"));
    LEAVES.put("a.two", (ca, host) -> ca.issue("*.hostile.test"));
    LEAVES.put("a.b", (ca, host) -> ca.issue("*.*.hostile.test"));
    LEAVES.put("untrusted", (ca, host) -> TestCa.create("Untrusted CA").issue(host));
    LEAVES.put("upper", (ca, host) -> ca.issue(host.toUpperCase(java.util.Locale.ROOT)));
    LEAVES.put("control", (ca, host) -> ca.issue(host));
  }

  @RegisterExtension
  static final HostileWorld world =
      HostileWorld.start(
          (ca, server) ->
              LEAVES.forEach(
                  (label, leaf) -> {
                    String host = label + "." + HostileWorld.DOMAIN;
                    server.identity(host, leaf.apply(ca, host));
                  }));

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("expired", "expired certificate", false),
        arguments("not-yet-valid", "certificate not yet valid", false),
        arguments("wrong-name", "certificate for another name", false),
        arguments("cn-only", "the name only in the subject CN, no SAN", false),
        arguments("fpartial", "partial-label wildcard f*.hostile.test", false),
        arguments("bare", "wildcard *.bare.hostile.test for its bare parent", false),
        arguments("a.two", "wildcard *.hostile.test for a name two labels down", false),
        arguments("a.b", "two-label wildcard *.*.hostile.test", false),
        arguments("untrusted", "certificate from an untrusted CA", false),
        arguments("upper", "upper-case SAN: names compare case-insensitively", true),
        arguments("control", "the right certificate", true));
  }

  @ParameterizedTest(name = "{1}: delegates {2}")
  @MethodSource("cases")
  void onlyAValidCertificateForTheHostDelegates(String label, String what, boolean accepted) {
    String host = world.serving(label, TestResponse.json("{\"m.server\":\"" + DELEGATE + "\"}"));
    world.wellKnown().clearRequests();

    world.expect(host, accepted ? delegated() : noDelegation("tls", "TLS: "));

    assertThat(world.wellKnown().requests())
        .as("requests received for %s", host)
        .hasSize(accepted ? 2 : 0);
  }

  /**
   * The same certificates on a federation request, through the CLI's {@code --connect} (the
   * library's JAX-RS path): {@code <host>:<port>} resolves at step 2 to the server presenting the
   * certificate; a refused one fails with {@code tls_failure} and no request is sent, an acceptable
   * one gets an answer (any status is a connection).
   */
  @ParameterizedTest(name = "{1}: connects {2}")
  @MethodSource("cases")
  void federationRequestsThroughTheCliRefuseTheSameCertificates(
      String label, String what, boolean accepted) {
    String host = world.host(label);
    String serverName = host + ":" + world.wellKnown().port();
    world.wellKnown().clearRequests();

    JsonObject json = world.cliJson(serverName, b -> b, "--connect", "--timeout", "5s");

    if (accepted) {
      assertThat(json.getString("result")).as(json.toString()).isEqualTo("ok");
      assertThat(json.getJsonObject("connection").getBoolean("tls_ok")).isTrue();
      assertThat(world.wellKnown().requests())
          .extracting(r -> r.path())
          .contains("/_matrix/federation/v1/version");
    } else {
      assertThat(json.getJsonObject("error").getString("code"))
          .as(json.toString())
          .isEqualTo("tls_failure");
      assertThat(world.wellKnown().requests()).isEmpty();
    }
  }
}
