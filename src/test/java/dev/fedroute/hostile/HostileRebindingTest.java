package dev.fedroute.hostile;

import static dev.fedroute.hostile.HostileWorld.DELEGATE;
import static dev.fedroute.hostile.HostileWorld.PATH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.hostile.HostileWorld.Expect;
import dev.fedroute.testing.TestResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Type;

/**
 * DNS rebinding, through the library and the CLI: a name answers an allowed address first, then a
 * blocked one ({@code 127.0.1.0/24}, where a server listens to see), each with TTL 0. What was
 * checked is what is used: the {@code .well-known} fetch connects to the address its lookup gave
 * and the blocklist passed, and a resolution lists only checked addresses. Federation requests:
 * {@code dev.fedroute.jakarta.FederationRebindingTest}.
 */
class HostileRebindingTest {
  @RegisterExtension static final HostileWorld world = HostileWorld.start();

  @BeforeEach
  void forget() {
    world.dns().resetCounts();
  }

  /** The name's A answers: first the allowed address, then (every later query) the blocked one. */
  private static void rebind(String name, String allowed, String blocked) {
    world
        .dns()
        .answerInTurn(
            name,
            Type.A,
            List.of(List.of(name + ". 0 IN A " + allowed), List.of(name + ". 0 IN A " + blocked)));
  }

  /**
   * The {@code .well-known} host rebinds to the trap, which would delegate elsewhere: the fetch
   * goes to the address its own lookup checked. Serial lookups (no look-ahead), so that the fetch's
   * lookup is the name's first query.
   */
  @ParameterizedTest(name = "via {0}")
  @ValueSource(strings = {"library", "CLI"})
  void theWellKnownFetchConnectsOnlyToTheAddressItChecked(String via) {
    String host =
        world.serving("rebind-wk", TestResponse.json("{\"m.server\":\"" + DELEGATE + "\"}"));
    world
        .trap()
        .route(host, PATH, r -> TestResponse.json("{\"m.server\":\"evil.hostile.test:8448\"}"));
    rebind(host, "127.0.0.1", HostileWorld.BLOCKED_IP);

    var outcome =
        via.equals("library")
            ? world.library(host, b -> b.dnsLookAhead(false))
            : world.cli(host, b -> b.dnsLookAhead(false));

    Expect.delegated().check(via, outcome);
    assertThat(world.trap().connectionCount()).isZero();
  }

  /** A name with a port: one lookup, and the resolution lists only the address it checked. */
  @ParameterizedTest(name = "via {0}")
  @ValueSource(strings = {"library", "CLI"})
  void aResolutionListsOnlyTheAddressItChecked(String via) {
    String host = "rebind.hostile.test";
    rebind(host, "127.0.0.21", "127.0.1.21");

    var outcome =
        via.equals("library")
            ? world.library(host + ":8448", b -> b)
            : world.cli(host + ":8448", b -> b);

    Expect.ok("2", List.of(host + ":8448=127.0.0.21"), null).check(via, outcome);
    assertThat(world.dns().queryCount(host, Type.A)).isEqualTo(1);
  }
}
