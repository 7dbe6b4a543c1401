package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.testing.FakeClock;
import dev.fedroute.testing.TestWorld;
import jakarta.ws.rs.client.Client;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Idle clients are closed after the idle timeout (fake clock); used ones are kept. */
class FederationClientsIdleTest {

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void anIdleClientIsClosedAndReplaced(ClientStack stack) {
    FakeClock clock = new FakeClock();
    try (TestWorld world =
            TestWorld.start(List.of("x.example.test. 300 IN A 127.0.0.1"), "x.test");
        FederationClients clients =
            FederationClients.builder(world.resolver())
                .config(FedrouteConfig.defaults())
                .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(5), 4)
                .clientBuilder(stack.builders())
                .clock(clock)
                .build()) {
      Client kept = clients.client("kept.example.test");
      Client idle = clients.client("idle.example.test");
      clock.advance(Duration.ofMinutes(4));
      assertThat(clients.client("kept.example.test")).isSameAs(kept);
      clock.advance(Duration.ofMinutes(2));
      clients.cleanUp();

      assertThatThrownBy(() -> idle.target("https://127.0.0.1/"))
          .isInstanceOf(IllegalStateException.class);
      assertThat(clients.client("idle.example.test")).isNotSameAs(idle);
      assertThat(clients.client("kept.example.test")).isSameAs(kept);
    }
  }
}
