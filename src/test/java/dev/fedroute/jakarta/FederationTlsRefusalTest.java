package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import jakarta.ws.rs.ProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Certificates that must be refused, each on its own server presenting nothing else: the request
 * fails closed with {@code tls_failure} and the server never receives it. A control case with the
 * right certificate proves the setup can succeed, and an upper-case SAN is the right certificate
 * too. The same certificates on the {@code .well-known} fetch: {@code
 * dev.fedroute.hostile.HostileWellKnownTlsTest}.
 */
class FederationTlsRefusalTest {
  private static final Map<String, Function<TestCa, TestCa.Leaf>> CASES =
      Map.ofEntries(
          Map.entry("srv-target-only", ca -> ca.issue("target-only.example.test")),
          Map.entry(
              "untrusted-ca", ca -> TestCa.create("Untrusted CA").issue("untrusted.example.test")),
          Map.entry(
              "expired",
              ca -> ca.leaf("expired.example.test").dns("expired.example.test").expired().issue()),
          Map.entry(
              "not-yet-valid",
              ca ->
                  ca.leaf("notyet.example.test").dns("notyet.example.test").notYetValid().issue()),
          Map.entry("wrong-name", ca -> ca.issue("other.example.test")),
          Map.entry("cn-only", ca -> ca.leaf("cnonly.example.test").issue()),
          Map.entry("partial-label-wildcard", ca -> ca.issue("f*.example.test")),
          Map.entry("bare-parent-wildcard", ca -> ca.issue("*.bare.example.test")),
          Map.entry("ip-only", ca -> ca.leaf("ip").ip("127.0.0.1").issue()),
          Map.entry("ip-as-dns-san", ca -> ca.leaf("ip-as-dns").dns("127.0.0.1").issue()),
          Map.entry("two-label-wildcard", ca -> ca.issue("*.example.test")),
          Map.entry("double-wildcard", ca -> ca.issue("*.*.example.test")),
          Map.entry("upper-case", ca -> ca.issue("UPPER.EXAMPLE.TEST")),
          Map.entry("control", ca -> ca.issue("control.example.test")));

  /** The cases whose certificate is right: names compare case-insensitively. */
  private static final List<String> ACCEPTED = List.of("control", "upper-case");

  private static final Map<String, String> SERVER_NAMES =
      Map.ofEntries(
          Map.entry("srv-target-only", "srvcase.example.test"),
          Map.entry("untrusted-ca", "untrusted.example.test:%d"),
          Map.entry("expired", "expired.example.test:%d"),
          Map.entry("not-yet-valid", "notyet.example.test:%d"),
          Map.entry("wrong-name", "wrongname.example.test:%d"),
          Map.entry("cn-only", "cnonly.example.test:%d"),
          Map.entry("partial-label-wildcard", "fpartial.example.test:%d"),
          Map.entry("bare-parent-wildcard", "bare.example.test:%d"),
          Map.entry("ip-only", "iponly.example.test:%d"),
          Map.entry("ip-as-dns-san", "127.0.0.1:%d"),
          Map.entry("two-label-wildcard", "a.b.example.test:%d"),
          Map.entry("double-wildcard", "a.c.example.test:%d"),
          Map.entry("upper-case", "upper.example.test:%d"),
          Map.entry("control", "control.example.test:%d"));

  private static TestWorld world;
  private static final Map<String, HttpsTestServer> SERVERS = new java.util.HashMap<>();

  @BeforeAll
  static void start() {
    world = TestWorld.start(List.of("wk.example.test. 300 IN A 127.0.0.1"), "wk.example.test");
    List<String> zone = new ArrayList<>();
    for (var e : CASES.entrySet()) {
      HttpsTestServer server = HttpsTestServer.https(e.getValue().apply(world.ca())).start();
      server.defaultHandler(r -> TestResponse.text(200, "should not get here"));
      SERVERS.put(e.getKey(), server);
    }
    for (String host :
        List.of(
            "target-only",
            "untrusted",
            "expired",
            "notyet",
            "wrongname",
            "cnonly",
            "fpartial",
            "bare",
            "iponly",
            "a.b",
            "a.c",
            "upper",
            "control",
            "srvcase")) {
      zone.add(host + ".example.test. 300 IN A 127.0.0.1");
    }
    zone.add(
        "_matrix-fed._tcp.srvcase.example.test. 300 IN SRV 10 5 "
            + SERVERS.get("srv-target-only").port()
            + " target-only.example.test.");
    world.dns().addRecords(zone.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    SERVERS.values().forEach(HttpsTestServer::close);
    world.close();
  }

  static Stream<Arguments> refusals() {
    List<Arguments> out = new ArrayList<>();
    for (ClientStack stack : ClientStack.values()) {
      for (String c : CASES.keySet()) {
        if (!ACCEPTED.contains(c)) {
          out.add(arguments(stack, c));
        }
      }
    }
    return out.stream();
  }

  private static String serverName(String c) {
    return String.format(SERVER_NAMES.get(c), SERVERS.get(c).port());
  }

  private static FederationClients clients(ClientStack stack) {
    return FederationClients.builder(world.resolver())
        .config(world.config().build())
        .clientBuilder(stack.builders())
        .clock(world.clock())
        .build();
  }

  @ParameterizedTest(name = "{0}: {1} refused")
  @MethodSource("refusals")
  void refusesTheCertificate(ClientStack stack, String c) {
    HttpsTestServer server = SERVERS.get(c);
    server.clearRequests();
    try (FederationClients clients = clients(stack)) {
      assertThatThrownBy(() -> clients.request(serverName(c), "/_matrix/key/v2/server").get())
          .isInstanceOf(ProcessingException.class)
          .cause()
          .isInstanceOfSatisfying(
              FedrouteException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TLS_FAILURE));
      assertThat(server.connectionCount()).isPositive();
      assertThat(server.requestCount()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}: refused through a plain WebTarget too")
  @MethodSource("stacks")
  void refusesThroughThePlainClientPath(ClientStack stack) {
    try (FederationClients clients = clients(stack)) {
      assertThatThrownBy(
              () -> clients.target(serverName("expired")).path("/x").request().get().close())
          .isInstanceOf(ProcessingException.class);
      assertThat(SERVERS.get("expired").requestCount()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}: {1} accepted")
  @MethodSource("acceptances")
  void acceptsTheRightCertificate(ClientStack stack, String c) {
    try (FederationClients clients = clients(stack)) {
      assertThat(clients.request(serverName(c), "/x").get().getStatus()).isEqualTo(200);
    }
  }

  static Stream<Arguments> acceptances() {
    return Stream.of(ClientStack.values())
        .flatMap(stack -> ACCEPTED.stream().map(c -> arguments(stack, c)));
  }

  static Stream<ClientStack> stacks() {
    return Stream.of(ClientStack.values());
  }
}
