package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two server names on one IP:port, told apart by SNI with a certificate each: over many interleaved
 * keep-alive requests no TCP connection carries requests for both, while connections are reused.
 */
class FederationConnectionIsolationTest {
  private static final int ROUNDS = 15;
  private static TestWorld world;
  private static HttpsTestServer shared;

  @BeforeAll
  static void start() {
    world = TestWorld.start(List.of("wk.example.test. 300 IN A 127.0.0.1"), "wk.example.test");
    shared =
        HttpsTestServer.https(world.ca().issue("default.example.test"))
            .identity("one.example.test", world.ca().issue("one.example.test"))
            .identity("two.example.test", world.ca().issue("two.example.test"))
            .start();
    shared.defaultHandler(r -> TestResponse.text(200, r.sni()));
    int p = shared.port();
    world
        .dns()
        .addRecords(
            "one.example.test. 300 IN A 127.0.0.1",
            "two.example.test. 300 IN A 127.0.0.1",
            "_matrix-fed._tcp.one.example.test. 300 IN SRV 1 1 " + p + " hosting.example.test.",
            "_matrix-fed._tcp.two.example.test. 300 IN SRV 1 1 " + p + " hosting.example.test.",
            "hosting.example.test. 300 IN A 127.0.0.1");
  }

  @AfterAll
  static void stop() {
    shared.close();
    world.close();
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void noConnectionCarriesTwoNames(ClientStack stack) {
    shared.clearRequests();
    try (FederationClients clients =
        FederationClients.builder(world.resolver())
            .config(world.config().build())
            .clientBuilder(stack.builders())
            .build()) {
      for (int i = 0; i < ROUNDS; i++) {
        for (String name : List.of("one.example.test", "two.example.test")) {
          try (Response r = clients.request(name, "/_matrix/federation/v1/version").get()) {
            assertThat(r.readEntity(String.class)).isEqualTo(name);
          }
        }
      }
    }
    List<RecordedRequest> seen = shared.requests();
    Map<Integer, Set<String>> namesByConnection =
        seen.stream()
            .collect(
                Collectors.groupingBy(
                    RecordedRequest::connectionId,
                    Collectors.mapping(r -> r.sni() + " " + r.host(), Collectors.toSet())));
    assertThat(seen).hasSize(2 * ROUNDS);
    assertThat(namesByConnection.values()).allSatisfy(names -> assertThat(names).hasSize(1));
    assertThat(namesByConnection.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "one.example.test one.example.test", "two.example.test two.example.test");
    assertThat(namesByConnection).as("keep-alive reused connections").hasSizeLessThan(ROUNDS);
  }
}
