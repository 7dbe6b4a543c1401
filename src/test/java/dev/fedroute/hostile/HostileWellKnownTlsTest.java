package dev.fedroute.hostile;

import static dev.fedroute.hostile.HostileWorld.DELEGATE;
import static dev.fedroute.hostile.HostileWorld.Expect.delegated;
import static dev.fedroute.hostile.HostileWorld.Expect.noDelegation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile certificates on the {@code .well-known} fetch, each presented by SNI for one host whose
 * body would delegate: a refused certificate means no delegation (step 4) and no request sent; an
 * acceptable one delegates. Through the library and the CLI. The same certificates on federation
 * requests: {@code dev.fedroute.jakarta.FederationTlsRefusalTest}; an IP literal carried only as a
 * DNS SAN, on a redirect: {@link HostileRedirectTest}.
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

  private static HostileWorld world;

  @BeforeAll
  static void start() {
    world =
        HostileWorld.start(
            (ca, server) ->
                LEAVES.forEach(
                    (label, leaf) -> {
                      String host = label + "." + HostileWorld.DOMAIN;
                      server.identity(host, leaf.apply(ca, host));
                    }));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

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
}
