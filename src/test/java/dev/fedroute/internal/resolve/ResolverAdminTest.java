package dev.fedroute.internal.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.CachedDestination;
import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult.Outcome;
import dev.fedroute.internal.shared.SharedFormat;
import dev.fedroute.testing.MemoryGrid;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The admin operations of the resolver (ServerNameResolver#cachedDestinations, #invalidateAll,
 * #resetBackoff) against loopback DNS and {@code .well-known}, with the fake clock.
 */
class ResolverAdminTest {
  private static final List<String> ZONE =
      List.of(
          "srv.example.test. 600 IN A 127.0.21.1",
          "_matrix-fed._tcp.srv.example.test. 120 IN SRV 10 5 8443 t.example.test.",
          "t.example.test. 300 IN A 127.0.21.2",
          "legacy.example.test. 300 IN A 127.0.21.3",
          "_matrix._tcp.legacy.example.test. 300 IN SRV 1 1 8460 t.example.test.",
          "wk.example.test. 300 IN A 127.0.0.1",
          "wk.example.test. 300 IN AAAA ::1",
          "deleg.example.test. 300 IN A 127.0.0.1",
          "hostb.example.test. 300 IN A 127.0.21.4");

  private TestWorld world;
  private final AtomicReference<TestResponse> wkAnswer = new AtomicReference<>();

  @BeforeEach
  void start() {
    world = TestWorld.start(ZONE, "wk.example.test", "deleg.example.test");
    world.https().route("wk.example.test", "/.well-known/matrix/server", r -> wkAnswer.get());
    world.wellKnown("deleg.example.test", "{\"m.server\":\"hostb.example.test\"}");
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private DefaultServerNameResolver resolver(boolean wellKnown) {
    return world.resolver(
        b ->
            b.wellKnownEnabled(wellKnown)
                .wellKnownErrorBackoffInitial(Duration.ofMinutes(1))
                .wellKnownErrorBackoffMax(Duration.ofHours(1))
                .dnsErrorBackoffInitial(Duration.ofMinutes(1))
                .dnsErrorBackoffMax(Duration.ofHours(1)));
  }

  @Test
  void theSnapshotListsEachCachedResolutionWithStepTargetsAndValidUntilSortedByName() {
    var resolver = resolver(false);
    Instant start = world.clock().instant();
    Resolution srv = resolver.resolveBlocking("srv.example.test");
    Resolution legacy = resolver.resolveBlocking("legacy.example.test");

    List<CachedDestination> snapshot = resolver.cachedDestinations();

    assertThat(snapshot)
        .extracting(d -> d.serverName().text())
        .containsExactly("legacy.example.test", "srv.example.test");
    CachedDestination first = snapshot.get(1);
    assertThat(first.step()).hasValue(Step.SRV);
    assertThat(first.targets()).isEqualTo(srv.targets());
    assertThat(first.targets()).extracting(Target::host, Target::port).hasSize(1);
    assertThat(first.targets().get(0).port()).isEqualTo(8443);
    assertThat(first.validUntil()).hasValue(start.plusSeconds(120));
    assertThat(first.lastError()).isEmpty();
    assertThat(first.backoffUntil()).isEmpty();
    assertThat(snapshot.get(0).step()).hasValue(Step.LEGACY_SRV);
    assertThat(snapshot.get(0).validUntil()).hasValue(legacy.validUntil());

    world.clock().advance(Duration.ofSeconds(121));
    assertThat(resolver.cachedDestinations())
        .as("an expired resolution is no longer listed")
        .extracting(d -> d.serverName().text())
        .containsExactly("legacy.example.test");
  }

  @Test
  void aFailedResolutionIsTheLastErrorUntilTheNameResolvesAgain() {
    var resolver = resolver(false);
    world.dns().failWith("legacy.example.test", Rcode.SERVFAIL);
    world.dns().failWith("_matrix._tcp.legacy.example.test", Rcode.NXDOMAIN);
    Instant failedAt = world.clock().instant();

    assertThatThrownBy(() -> resolver.resolveBlocking("legacy.example.test"))
        .isInstanceOf(FedrouteException.class);

    CachedDestination failed = only(resolver.cachedDestinations());
    assertThat(failed.serverName()).isEqualTo(ServerName.parse("legacy.example.test"));
    assertThat(failed.step()).isEmpty();
    assertThat(failed.targets()).isEmpty();
    assertThat(failed.validUntil()).isEmpty();
    assertThat(failed.lastError()).isPresent();
    assertThat(failed.lastError().get().code()).isEqualTo(ErrorCode.DNS_FAILURE);
    assertThat(failed.lastError().get().message()).contains("legacy.example.test");
    assertThat(failed.lastError().get().at()).isEqualTo(failedAt);
    assertThat(failed.backoffUntil())
        .as("the failed SRV lookup's DNS error backoff")
        .hasValue(failedAt.plus(Duration.ofMinutes(1)));

    world.dns().clearFaults();
    world.clock().advance(Duration.ofSeconds(5));
    Resolution ok = resolver.resolveBlocking("legacy.example.test");

    CachedDestination recovered = only(resolver.cachedDestinations());
    assertThat(recovered.lastError()).as("a success ends the failure").isEmpty();
    assertThat(recovered.step()).hasValue(ok.step());
    assertThat(recovered.backoffUntil()).isEmpty();
  }

  @Test
  void aLastErrorIsKeptForTwiceTheLongestMaximalBackoff() {
    var resolver = resolver(false); // both maximal backoffs 1 hour
    world.dns().failWith("legacy.example.test", Rcode.SERVFAIL);
    world.dns().failWith("_matrix._tcp.legacy.example.test", Rcode.NXDOMAIN);
    assertThatThrownBy(() -> resolver.resolveBlocking("legacy.example.test"))
        .isInstanceOf(FedrouteException.class);

    world.clock().advance(Duration.ofHours(2).minusSeconds(1));
    assertThat(only(resolver.cachedDestinations()).lastError()).isPresent();
    world.clock().advance(Duration.ofSeconds(1));
    assertThat(resolver.cachedDestinations()).as("its backoff ended long ago").isEmpty();
  }

  @Test
  void theWellKnownErrorBackoffShowsAsBackoffUntilAndResetBackoffFetchesAgainAtOnce() {
    wkAnswer.set(TestResponse.text(500, "down"));
    var resolver = resolver(true);
    ServerName name = ServerName.parse("wk.example.test");
    Instant start = world.clock().instant();

    Resolution fallback = resolver.resolveBlocking("wk.example.test");
    assertThat(fallback.wellKnown().outcome()).isEqualTo(Outcome.NONE);
    assertThat(fallback.step()).isEqualTo(Step.FALLBACK);
    CachedDestination before = only(resolver.cachedDestinations());
    assertThat(before.backoffUntil()).hasValue(start.plus(Duration.ofMinutes(1)));
    assertThat(before.lastError()).as("the resolution itself succeeded").isEmpty();

    wkAnswer.set(TestResponse.json("{\"m.server\":\"hostb.example.test:8449\"}"));
    world.clock().advance(Duration.ofSeconds(10));
    resolver.resolveBlocking("wk.example.test");
    assertThat(wellKnownRequests("wk.example.test"))
        .as("inside the backoff nothing is fetched")
        .isEqualTo(1);

    assertThat(resolver.resetBackoff(name)).isTrue();

    assertThat(resolver.cached(name))
        .as("the resolution built on the failure is dropped")
        .isEmpty();
    Resolution delegated = resolver.resolveBlocking("wk.example.test");
    assertThat(wellKnownRequests("wk.example.test")).isEqualTo(2);
    assertThat(delegated.step()).isEqualTo(Step.DELEGATED_EXPLICIT_PORT);
    assertThat(only(resolver.cachedDestinations()).backoffUntil()).isEmpty();
    assertThat(resolver.resetBackoff(name)).as("nothing left to reset").isFalse();
    assertThat(resolver.cached(name)).as("a good resolution stays").hasValue(delegated);
  }

  @Test
  void resetBackoffEndsTheDnsErrorBackoffAndItsDoublingButKeepsTheDelegation() {
    world.dns().failWith("_matrix-fed._tcp.hostb.example.test", Rcode.SERVFAIL);
    var resolver = resolver(true);
    ServerName name = ServerName.parse("deleg.example.test");
    Instant start = world.clock().instant();

    Resolution first = resolver.resolveBlocking("deleg.example.test");
    assertThat(first.step()).isEqualTo(Step.DELEGATED_FALLBACK);
    assertThat(first.validUntil()).isEqualTo(start.plus(Duration.ofMinutes(1)));
    assertThat(only(resolver.cachedDestinations()).backoffUntil())
        .as("the delegated host's SRV lookup failed")
        .hasValue(start.plus(Duration.ofMinutes(1)));
    world.clock().advance(Duration.ofSeconds(61));
    Resolution second = resolver.resolveBlocking("deleg.example.test");
    assertThat(second.validUntil())
        .as("a second consecutive failure doubles the backoff")
        .isEqualTo(world.clock().instant().plus(Duration.ofMinutes(2)));
    int srvQueries = world.dns().queryCount("_matrix-fed._tcp.hostb.example.test", Type.SRV);

    assertThat(resolver.resetBackoff(name)).isTrue();
    Resolution third = resolver.resolveBlocking("deleg.example.test");

    assertThat(world.dns().queryCount("_matrix-fed._tcp.hostb.example.test", Type.SRV))
        .as("asked again at once")
        .isGreaterThan(srvQueries);
    assertThat(third.validUntil())
        .as("the doubling starts over")
        .isEqualTo(world.clock().instant().plus(Duration.ofMinutes(1)));
    assertThat(wellKnownRequests("deleg.example.test"))
        .as("the cached delegation is kept")
        .isEqualTo(1);
  }

  @Test
  void resetBackoffOfAHealthyDestinationChangesNothing() {
    var resolver = resolver(false);
    ServerName name = ServerName.parse("srv.example.test");
    Resolution r = resolver.resolveBlocking("srv.example.test");
    int queries = world.dns().totalQueries();

    assertThat(resolver.resetBackoff(name)).isFalse();
    assertThat(resolver.resetBackoff(ServerName.parse("never.example.test"))).isFalse();

    assertThat(resolver.cached(name)).hasValue(r);
    resolver.resolveBlocking("srv.example.test");
    assertThat(world.dns().totalQueries()).isEqualTo(queries);
  }

  @Test
  void invalidateAllForgetsEveryResolutionOutcomeAnswerAndFailure() {
    wkAnswer.set(TestResponse.text(500, "down"));
    world.dns().failWith("hostb.example.test", Rcode.SERVFAIL);
    var resolver = resolver(true);
    resolver.resolveBlocking("wk.example.test");
    assertThatThrownBy(() -> resolver.resolveBlocking("deleg.example.test"))
        .isInstanceOf(FedrouteException.class);
    world.dns().clearFaults();
    assertThat(resolver.cachedDestinations()).hasSize(2);
    int wkQueries = world.dns().queryCount("wk.example.test", Type.A);

    resolver.invalidateAll();

    assertThat(resolver.cachedDestinations()).isEmpty();
    assertThat(resolver.cached(ServerName.parse("wk.example.test"))).isEmpty();
    resolver.resolveBlocking("wk.example.test");
    assertThat(wellKnownRequests("wk.example.test"))
        .as("the .well-known outcome was forgotten")
        .isEqualTo(2);
    assertThat(world.dns().queryCount("wk.example.test", Type.A))
        .as("the DNS answers were forgotten")
        .isEqualTo(wkQueries + 1);
    assertThat(resolver.resolveBlocking("deleg.example.test").step())
        .isEqualTo(Step.DELEGATED_FALLBACK);
  }

  @Test
  void resetBackoffAlsoRemovesTheFailureFromASharedSecondLevel() {
    wkAnswer.set(TestResponse.text(500, "down"));
    MemoryGrid grid = new MemoryGrid(Duration.ofMillis(100));
    var resolver = world.resolver(grid, b -> {});
    String key = SharedFormat.wellKnownKey("wk.example.test");
    resolver.resolveBlocking("wk.example.test");
    grid.awaitCall("put " + key);
    grid.awaitCall("put " + SharedFormat.resolutionKey("wk.example.test"));
    wkAnswer.set(TestResponse.json("{\"m.server\":\"hostb.example.test:8449\"}"));

    assertThat(resolver.resetBackoff(ServerName.parse("wk.example.test"))).isTrue();
    grid.awaitCall("remove " + key);
    grid.awaitCall("remove " + SharedFormat.resolutionKey("wk.example.test"));

    assertThat(grid.values())
        .doesNotContainKeys(key, SharedFormat.resolutionKey("wk.example.test"));
    assertThat(resolver.resolveBlocking("wk.example.test").step())
        .as("the failure is not read back from the grid")
        .isEqualTo(Step.DELEGATED_EXPLICIT_PORT);
    assertThat(wellKnownRequests("wk.example.test")).isEqualTo(2);
  }

  private long wellKnownRequests(String host) {
    return world.https().requests().stream()
        .filter(r -> r.path().equals("/.well-known/matrix/server") && host.equals(r.hostName()))
        .count();
  }

  private static CachedDestination only(List<CachedDestination> destinations) {
    assertThat(destinations).hasSize(1);
    return destinations.get(0);
  }
}
