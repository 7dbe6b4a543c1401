package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.Cidr;
import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.internal.resolve.DefaultServerNameResolver;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Type;

/**
 * DNS rebinding against federation requests: a name first answers an allowed address, then a
 * blocked one, each with TTL 0. The request goes to the address that was checked; once the name
 * answers the blocked address, requests fail with {@code destination_blocked} and nothing ever
 * connects to it (a server listens there to see).
 */
class FederationRebindingTest {
  private static final String NAME = "rebind.example.test";
  private static final String ALLOWED = "127.0.0.1";
  private static final String BLOCKED = "127.0.1.1";
  private static final Consumer<FedrouteConfig.Builder> ALLOW_ONLY_127_0_0 =
      b -> b.allowlist(Cidr.parseAll(List.of("127.0.0.0/24", "::1/128")));
  private static TestWorld world;
  private static HttpsTestServer good;
  private static HttpsTestServer trap;

  @BeforeAll
  static void start() {
    world = TestWorld.start(List.of("wk.example.test. 300 IN A 127.0.0.1"), "wk.example.test");
    good = HttpsTestServer.https(world.ca().issue(NAME)).start();
    good.defaultHandler(r -> TestResponse.text(200, "checked address"));
    trap = HttpsTestServer.https(world.ca().issue(NAME)).bind(BLOCKED, good.port()).start();
    trap.defaultHandler(r -> TestResponse.text(200, "blocked address"));
  }

  @AfterAll
  static void stop() {
    good.close();
    trap.close();
    world.close();
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void requestsGoOnlyToTheAddressThatWasChecked(ClientStack stack) {
    world
        .dns()
        .answerInTurn(
            NAME,
            Type.A,
            List.of(List.of(NAME + ". 0 IN A " + ALLOWED), List.of(NAME + ". 0 IN A " + BLOCKED)));
    world.dns().resetCounts();
    DefaultServerNameResolver resolver = world.resolver(ALLOW_ONLY_127_0_0);
    FedrouteConfig.Builder config = world.config();
    ALLOW_ONLY_127_0_0.accept(config);
    String serverName = NAME + ":" + good.port();
    try (FederationClients clients =
        FederationClients.builder(resolver)
            .config(config.build())
            .clientBuilder(stack.builders())
            .clock(world.clock())
            .build()) {
      try (Response r = clients.request(serverName, "/_matrix/federation/v1/version").get()) {
        assertThat(r.readEntity(String.class)).isEqualTo("checked address");
      }
      world.clock().advance(Duration.ofSeconds(1));

      assertThatThrownBy(() -> clients.request(serverName, "/_matrix/federation/v1/version").get())
          .isInstanceOf(ProcessingException.class)
          .cause()
          .isInstanceOfSatisfying(
              FedrouteException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_BLOCKED));
    }
    assertThat(world.dns().queryCount(NAME, Type.A)).isEqualTo(2);
    assertThat(trap.connectionCount()).isZero();
  }
}
