package dev.fedroute.internal.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.WellKnownResult.Outcome;
import dev.fedroute.internal.shared.SharedFormat;
import dev.fedroute.testing.MemoryGrid;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two resolvers sharing one second level behave like two nodes of a cluster: what one resolved or
 * failed to fetch, the other takes from the grid; a slow, failing or absent grid leaves both
 * resolving on their own. Fetches and queries are counted at the loopback fixtures.
 */
class SharedCacheResolverTest {
  private static final Duration GRID_TIMEOUT = Duration.ofMillis(100);
  private static final List<String> ZONE =
      List.of(
          "deleg.example.test. 300 IN A 127.0.0.1",
          "_matrix-fed._tcp.target.example.test. 600 IN SRV 10 5 8443 t.example.test.",
          "t.example.test. 900 IN A 127.0.20.2",
          "down.example.test. 300 IN A 127.0.0.1",
          "_matrix-fed._tcp.down.example.test. 300 IN SRV 10 5 8443 private.example.test.",
          "private.example.test. 300 IN A 10.0.0.1");

  private TestWorld world;
  private MemoryGrid grid;

  @BeforeEach
  void start() {
    world = TestWorld.start(ZONE, "deleg.example.test", "down.example.test");
    world
        .https()
        .route(
            "deleg.example.test",
            "/.well-known/matrix/server",
            r ->
                TestResponse.json("{\"m.server\":\"target.example.test\"}")
                    .withHeader("Cache-Control", "max-age=3600"));
    world
        .https()
        .route("down.example.test", "/.well-known/matrix/server", r -> TestResponse.status(500));
    grid = new MemoryGrid(GRID_TIMEOUT);
  }

  @AfterEach
  void stop() {
    grid.behave();
    world.close();
  }

  @Test
  void aResolutionMadeOnOneNodeIsServedOnTheOtherWithoutAFetchOrQuery() {
    var node1 = node();
    var node2 = node();
    Resolution first = node1.resolveBlocking("deleg.example.test");
    assertThat(first.step()).isEqualTo(Step.DELEGATED_SRV);
    awaitWrite(SharedFormat.resolutionKey("deleg.example.test"));
    int fetches = wellKnownRequests();
    int queries = world.dns().totalQueries();

    Resolution second = node2.resolveBlocking("deleg.example.test");

    assertThat(second).isEqualTo(first);
    assertThat(wellKnownRequests()).isEqualTo(fetches).isEqualTo(1);
    assertThat(world.dns().totalQueries()).isEqualTo(queries);
    assertThat(node2.cached(ServerName.parse("deleg.example.test")))
        .as("now in node 2's local cache")
        .contains(first);
    assertThat(grid.lifetime(SharedFormat.resolutionKey("deleg.example.test")))
        .as("written with the resolution's own lifetime")
        .isEqualTo(Duration.between(world.clock().instant(), first.validUntil()));
  }

  @Test
  void aFailureBackoffStartedOnOneNodeIsRespectedOnTheOther() {
    var node1 = node();
    var node2 = node();
    assertThatThrownBy(() -> node1.resolveBlocking("down.example.test"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DESTINATION_BLOCKED));
    awaitWrite(SharedFormat.wellKnownKey("down.example.test"));
    assertThat(wellKnownRequests()).isEqualTo(1);
    assertThat(grid.values()).doesNotContainKey(SharedFormat.resolutionKey("down.example.test"));

    assertThatThrownBy(() -> node2.resolveBlocking("down.example.test"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DESTINATION_BLOCKED));
    assertThat(wellKnownRequests()).as("node 2 waits out node 1's backoff").isEqualTo(1);

    world.clock().advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> node2.resolveBlocking("down.example.test"))
        .isInstanceOf(FedrouteException.class);
    assertThat(wellKnownRequests()).as("after the backoff (1 minute), a new fetch").isEqualTo(2);
  }

  @Test
  void anExpiredSharedResolutionIsNotServed() {
    var node1 = node();
    var node2 = node();
    node1.resolveBlocking("deleg.example.test");
    awaitWrite(SharedFormat.resolutionKey("deleg.example.test"));
    int queries = world.dns().totalQueries();

    world.clock().advance(Duration.ofSeconds(601));
    node2.resolveBlocking("deleg.example.test");

    assertThat(world.dns().totalQueries()).as("node 2 resolved anew").isGreaterThan(queries);
    assertThat(wellKnownRequests())
        .as("the .well-known outcome (1 hour) still came from the grid")
        .isEqualTo(1);
  }

  @Test
  void aValueOfAnotherVersionOrCorruptIsIgnored() {
    var node2 = node();
    grid.store(SharedFormat.resolutionKey("deleg.example.test"), "fedroute-shared 0 resolution");
    grid.store(SharedFormat.wellKnownKey("deleg.example.test"), "\u0000garbage");

    Resolution r = node2.resolveBlocking("deleg.example.test");

    assertThat(r.step()).isEqualTo(Step.DELEGATED_SRV);
    assertThat(wellKnownRequests()).isEqualTo(1);
  }

  @Test
  void aHangingGridDelaysAResolutionByItsTimeoutOnlyAndTheResolutionSucceeds() {
    var node = node();
    grid.hang();

    Resolution r =
        node.resolveBlocking(ServerName.parse("deleg.example.test"), Duration.ofSeconds(5));

    assertThat(r.step()).isEqualTo(Step.DELEGATED_SRV);
    assertThat(r.wellKnown().outcome()).isEqualTo(Outcome.DELEGATED);
    assertThat(grid.calls())
        .contains(
            "get " + SharedFormat.resolutionKey("deleg.example.test"),
            "get " + SharedFormat.wellKnownKey("deleg.example.test"));
  }

  @Test
  void aFailingGridNeverFailsAResolutionAndIsUsedAgainWhenItRecovers() {
    var node1 = node();
    var node2 = node();
    grid.fail(new IllegalStateException("grid down"));

    assertThat(node1.resolveBlocking("deleg.example.test").step()).isEqualTo(Step.DELEGATED_SRV);
    assertThat(grid.values()).isEmpty();

    grid.behave();
    node1.invalidate(ServerName.parse("deleg.example.test"));
    node1.resolveBlocking("deleg.example.test");
    awaitWrite(SharedFormat.resolutionKey("deleg.example.test"));
    int fetches = wellKnownRequests();
    node2.resolveBlocking("deleg.example.test");
    assertThat(wellKnownRequests()).isEqualTo(fetches);
  }

  @Test
  void invalidateRemovesTheSharedEntriesToo() {
    var node1 = node();
    var node2 = node();
    node1.resolveBlocking("deleg.example.test");
    awaitWrite(SharedFormat.resolutionKey("deleg.example.test"));

    node1.invalidate(ServerName.parse("deleg.example.test"));
    grid.awaitCall("remove " + SharedFormat.resolutionKey("deleg.example.test"));
    grid.awaitCall("remove " + SharedFormat.wellKnownKey("deleg.example.test"));

    node2.resolveBlocking("deleg.example.test");
    assertThat(wellKnownRequests()).isEqualTo(2);
  }

  @Test
  void withoutASharedCacheTheResolverNeverCallsOne() {
    var alone = world.resolver(null, b -> {});
    alone.resolveBlocking("deleg.example.test");
    assertThat(grid.calls()).isEmpty();
  }

  private DefaultServerNameResolver node() {
    return world.resolver(grid, b -> {});
  }

  private int wellKnownRequests() {
    return (int)
        world.https().requests().stream()
            .filter(r -> r.path().equals("/.well-known/matrix/server"))
            .count();
  }

  private static ErrorCode code(Throwable e) {
    return ((FedrouteException) e).code();
  }

  /** Writes run in the background: wait (at most 5 s) until the grid holds the key. */
  private void awaitWrite(String key) {
    grid.awaitCall("put " + key);
  }
}
