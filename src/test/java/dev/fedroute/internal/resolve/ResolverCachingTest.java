package dev.fedroute.internal.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerPattern;
import dev.fedroute.Step;
import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.testing.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Caching, coalescing, DNS failures and deadlines of whole resolutions. */
class ResolverCachingTest {
  private static final List<String> ZONE =
      List.of(
          "srv.example.test. 600 IN A 127.0.20.1",
          "_matrix-fed._tcp.srv.example.test. 120 IN SRV 10 5 8443 t.example.test.",
          "t.example.test. 300 IN A 127.0.20.2",
          "plain.example.test. 300 IN A 127.0.20.3",
          "plain.example.test. 300 IN AAAA ::1",
          "deleg.example.test. 300 IN A 127.0.0.1",
          "target.example.test. 900 IN A 127.0.20.4",
          "legacy.example.test. 300 IN A 127.0.20.5",
          "_matrix._tcp.legacy.example.test. 300 IN SRV 1 1 8460 t.example.test.",
          "_matrix-fed._tcp.both.example.test. 300 IN SRV 1 1 8461 t.example.test.",
          "_matrix._tcp.both.example.test. 300 IN SRV 1 1 8462 t.example.test.",
          "both.example.test. 300 IN A 127.0.20.6",
          "slow.example.test. 300 IN A 127.0.0.1",
          "dual.example.test. 300 IN A 127.0.20.7",
          "dual.example.test. 300 IN AAAA ::1",
          "_matrix-fed._tcp.two.example.test. 300 IN SRV 1 1 8470 first.example.test.",
          "_matrix-fed._tcp.two.example.test. 300 IN SRV 2 1 8471 second.example.test.",
          "first.example.test. 300 IN A 127.0.20.8",
          "second.example.test. 300 IN A 127.0.20.9");

  private TestWorld world;

  @BeforeEach
  void start() {
    world = TestWorld.start(ZONE, "deleg.example.test", "slow.example.test");
    world
        .https()
        .route(
            "deleg.example.test",
            "/.well-known/matrix/server",
            r ->
                dev.fedroute.testing.TestResponse.json(
                        "{\"m.server\":\"target.example.test:8448\"}")
                    .withHeader("Cache-Control", "max-age=3600"));
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void aResolutionIsValidUntilItsEarliestIngredientExpires() {
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    Instant start = world.clock().instant();
    Resolution r = resolver.resolveBlocking("srv.example.test");
    assertThat(r.step()).isEqualTo(Step.SRV);
    // SRV 120 s, target A 300 s: the SRV record expires first.
    assertThat(r.validUntil()).isEqualTo(start.plusSeconds(120));
  }

  @Test
  void aCachedResolutionCausesNoQueryUntilItExpires() {
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    ServerName name = ServerName.parse("srv.example.test");
    resolver.resolveBlocking("srv.example.test");
    int queries = world.dns().totalQueries();

    world.clock().advance(Duration.ofSeconds(119));
    assertThat(resolver.cached(name)).isPresent();
    resolver.resolveBlocking("srv.example.test");
    assertThat(world.dns().totalQueries()).isEqualTo(queries);

    world.clock().advance(Duration.ofSeconds(2));
    assertThat(resolver.cached(name)).isEmpty();
    resolver.resolveBlocking("srv.example.test");
    assertThat(world.dns().queryCount("_matrix-fed._tcp.srv.example.test", Type.SRV)).isEqualTo(2);
  }

  @Test
  void aHitIsOneCompletedStageServedUntilTheNanosecondBeforeTheEnd() {
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    ServerName name = ServerName.parse("srv.example.test");
    Resolution first = resolver.resolveBlocking("srv.example.test");
    int queries = world.dns().totalQueries();

    var hit = resolver.resolve(name).toCompletableFuture();
    assertThat(hit).isCompletedWithValue(first);
    assertThat(resolver.resolve(name)).as("the hot path's shared stage").isSameAs(hit);

    world.clock().advance(Duration.ofSeconds(120).minusNanos(1));
    assertThat(resolver.resolve(name)).isSameAs(hit);
    assertThat(world.dns().totalQueries()).isEqualTo(queries);

    world.clock().advance(Duration.ofNanos(1)); // the resolution's validUntil
    Resolution again = resolver.resolve(name).toCompletableFuture().join();
    assertThat(again).isNotSameAs(first);
    assertThat(world.dns().queryCount("_matrix-fed._tcp.srv.example.test", Type.SRV)).isEqualTo(2);
    assertThat(resolver.resolve(name).toCompletableFuture()).isCompletedWithValue(again);
  }

  @Test
  void theCacheKeepsAResolutionAsTheHotPathsStageItself() throws ReflectiveOperationException {
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    ServerName name = ServerName.parse("srv.example.test");
    Resolution first = resolver.resolveBlocking("srv.example.test");

    var hit = resolver.resolve(name).toCompletableFuture();
    var cacheField = DefaultServerNameResolver.class.getDeclaredField("cache");
    cacheField.setAccessible(true);
    var cache = (AsyncCache<?, ?>) cacheField.get(resolver);
    CompletableFuture<?> cached = cache.asMap().get(name.canonical());

    assertThat(hit).isCompletedWithValue(first);
    assertThat(cached.join()).as("one object per cached name for both").isSameAs(hit);
  }

  @Test
  void anEvictedResolutionIsNoLongerServed() throws Exception {
    var resolver = world.resolver(b -> b.wellKnownEnabled(false).cacheMaxSize(1));
    ServerName name = ServerName.parse("srv.example.test");
    resolver.resolveBlocking("srv.example.test");
    var served = resolver.resolve(name).toCompletableFuture();
    for (int i = 0; i < 50 && resolver.cached(name).isPresent(); i++) {
      resolver.resolveBlocking("legacy.example.test");
      resolver.resolveBlocking("both.example.test");
      Thread.sleep(20);
    }
    assertThat(resolver.cached(name)).as("evicted from the resolution cache").isEmpty();
    // The eviction reaches the hot path shortly after (the cache's removal listener).
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (resolver.resolve(name) == served) {
      assertThat(System.nanoTime()).as("evicted resolution still served after 5 s").isLessThan(end);
      Thread.sleep(20);
    }
  }

  @Test
  void callersContinuationsRunOnTheResolversExecutorNotOnAnIoThread() throws Exception {
    world
        .https()
        .route(
            "slow.example.test",
            "/.well-known/matrix/server",
            r -> {
              sleep(300);
              return dev.fedroute.testing.TestResponse.text(404, "none");
            });
    var resolver = world.resolver();

    String thread =
        resolver
            .resolve(ServerName.parse("slow.example.test"))
            .thenApply(r -> Thread.currentThread().getName())
            .toCompletableFuture()
            .get();

    assertThat(thread).startsWith("fedroute-");
  }

  @Test
  void invalidateForgetsTheResolutionAndTheWellKnownOutcome() {
    var resolver = world.resolver();
    ServerName name = ServerName.parse("deleg.example.test");
    resolver.resolveBlocking("deleg.example.test");
    assertThat(resolver.cached(name)).isPresent();

    resolver.invalidate(name);

    assertThat(resolver.cached(name)).isEmpty();
    resolver.resolveBlocking("deleg.example.test");
    assertThat(wellKnownRequests()).isEqualTo(2);
  }

  @Test
  void insideTheRefreshWindowTheDelegationIsRefreshedInTheBackground() throws Exception {
    var resolver = world.resolver();
    ServerName name = ServerName.parse("deleg.example.test");
    Resolution first = resolver.resolveBlocking("deleg.example.test");
    Duration ttl = first.wellKnown().ttl();

    world.clock().advance(Duration.ofNanos((long) (ttl.toNanos() * 0.85)));
    Resolution second = resolver.resolveBlocking("deleg.example.test");

    assertThat(second.wellKnown().expiresAt())
        .as("the current delegation is served meanwhile")
        .isEqualTo(first.wellKnown().expiresAt());
    for (int i = 0; i < 100 && wellKnownRequests() < 2; i++) {
      Thread.sleep(50);
    }
    assertThat(wellKnownRequests()).as("one background refresh").isEqualTo(2);
    assertThat(resolver.cached(name))
        .as("kept for the error backoff, not recomputed per call")
        .isPresent();
  }

  @Test
  void concurrentResolutionsShareOneSetOfLookups() throws Exception {
    var resolver = world.resolver();
    ServerName name = ServerName.parse("deleg.example.test");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Resolution>> all = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        all.add(
            CompletableFuture.supplyAsync(
                    () -> {
                      await(go);
                      return resolver.resolve(name);
                    },
                    pool)
                .thenCompose(stage -> stage));
      }
      go.countDown();
      for (CompletableFuture<Resolution> f : all) {
        assertThat(f.get().step()).isEqualTo(Step.DELEGATED_EXPLICIT_PORT);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(wellKnownRequests()).isEqualTo(1);
    assertThat(world.dns().queryCount("deleg.example.test", Type.A)).isEqualTo(1);
    assertThat(world.dns().queryCount("deleg.example.test", Type.AAAA)).isEqualTo(1);
    assertThat(world.dns().queryCount("target.example.test", Type.A)).isEqualTo(1);
    assertThat(world.dns().queryCount("target.example.test", Type.AAAA)).isEqualTo(1);
  }

  @Test
  void withWellKnownOffTheResultIsTheSeedAlgorithm() {
    // The seed: _matrix._tcp SRV, else A/AAAA and 8448; no .well-known, no _matrix-fed.
    var seedLike = world.resolver(b -> b.wellKnownEnabled(false));
    Resolution legacy = seedLike.resolveBlocking("legacy.example.test");
    assertThat(legacy.step()).isEqualTo(Step.LEGACY_SRV);
    assertThat(legacy.targets().get(0).port()).isEqualTo(8460);
    assertThat(legacy.hostHeader()).isEqualTo("legacy.example.test");

    Resolution fallback = seedLike.resolveBlocking("plain.example.test");
    assertThat(fallback.step()).isEqualTo(Step.FALLBACK);
    assertThat(fallback.targets().get(0).port()).isEqualTo(8448);

    Resolution delegating = seedLike.resolveBlocking("deleg.example.test");
    assertThat(delegating.step()).isEqualTo(Step.FALLBACK);
    assertThat(wellKnownRequests()).isZero();
  }

  @Test
  void withWellKnownAndMatrixFedOffTheSeedAlgorithmIgnoresMatrixFedRecords() {
    var seed = world.resolver(b -> b.wellKnownEnabled(false).matrixFedSrvEnabled(false));
    Resolution both = seed.resolveBlocking("both.example.test");
    assertThat(both.step()).isEqualTo(Step.LEGACY_SRV);
    assertThat(both.targets().get(0).port()).isEqualTo(8462);
    assertThat(world.dns().queryCount("_matrix-fed._tcp.both.example.test", Type.SRV)).isZero();
    assertThat(wellKnownRequests()).isZero();
  }

  @Test
  void matrixFedRecordsWinOverLegacyAndLegacyCanBeSwitchedOff() {
    Resolution both =
        world
            .resolver(b -> b.wellKnownEnabled(false).dnsLookAhead(false))
            .resolveBlocking("both.example.test");
    assertThat(both.step()).isEqualTo(Step.SRV);
    assertThat(both.targets().get(0).port()).isEqualTo(8461);
    assertThat(world.dns().queryCount("_matrix._tcp.both.example.test", Type.SRV))
        .as("the serial order never asks for the legacy record")
        .isZero();

    Resolution ahead =
        world.resolver(b -> b.wellKnownEnabled(false)).resolveBlocking("both.example.test");
    assertThat(ahead.targets()).isEqualTo(both.targets());
    assertThat(ahead.trace())
        .as("the legacy record looked up ahead is not a step taken")
        .noneMatch(l -> l.contains("_matrix._tcp"));

    Resolution noLegacy =
        world
            .resolver(b -> b.wellKnownEnabled(false).legacySrvEnabled(false))
            .resolveBlocking("legacy.example.test");
    assertThat(noLegacy.step()).isEqualTo(Step.FALLBACK);
  }

  @Test
  void aRefusedNameFailsBeforeAnyNetworkTraffic() {
    var resolver =
        world.resolver(
            b ->
                b.serversAllow(List.of(ServerPattern.parse("*.example.test")))
                    .serversDeny(List.of(ServerPattern.parse("legacy.example.test"))));
    int queries = world.dns().totalQueries();
    int requests = world.https().requestCount();

    assertThatThrownBy(() -> resolver.resolveBlocking("legacy.example.test"))
        .isInstanceOf(FedrouteException.class)
        .satisfies(
            e -> assertThat(((FedrouteException) e).code()).isEqualTo(ErrorCode.DESTINATION_DENIED))
        .hasMessage("legacy.example.test is denied (pattern legacy.example.test)");
    assertThatThrownBy(() -> resolver.resolveBlocking("elsewhere.test:8448"))
        .satisfies(
            e -> assertThat(((FedrouteException) e).code()).isEqualTo(ErrorCode.DESTINATION_DENIED))
        .hasMessage("elsewhere.test:8448 is not among the allowed servers");
    assertThatThrownBy(() -> resolver.resolveBlocking("127.0.20.50"))
        .satisfies(
            e ->
                assertThat(((FedrouteException) e).code()).isEqualTo(ErrorCode.DESTINATION_DENIED));
    assertThat(world.dns().totalQueries()).as("DNS queries").isEqualTo(queries);
    assertThat(world.https().requestCount()).as("HTTP requests").isEqualTo(requests);
    assertThat(resolver.cached(ServerName.parse("legacy.example.test"))).isEmpty();
    assertThat(resolver.resolveBlocking("both.example.test").step())
        .as("an allowed name still resolves")
        .isEqualTo(Step.SRV);
  }

  @Test
  void aFailedLookupTheStepsDoNotNeedFailsNothing() {
    world.dns().failWith("_matrix._tcp.both.example.test", Rcode.SERVFAIL);
    world.dns().dropQueries("both.example.test");
    var resolver =
        world.resolver(b -> b.wellKnownEnabled(false).dnsQueryTimeout(Duration.ofSeconds(5)));
    Instant start = world.clock().instant();

    Resolution r =
        resolver.resolveBlocking(ServerName.parse("both.example.test"), Duration.ofSeconds(3));

    assertThat(r.step()).as("the _matrix-fed record answered").isEqualTo(Step.SRV);
    assertThat(r.validUntil())
        .as("the failed legacy lookup does not shorten the resolution's life")
        .isEqualTo(start.plus(Duration.ofSeconds(300)));
    assertThat(r.trace())
        .as("neither lookup run ahead is a step taken")
        .noneMatch(l -> l.contains("_matrix._tcp") || l.contains("A/AAAA both.example.test"));
    assertThat(world.dns().queryCount("_matrix._tcp.both.example.test", Type.SRV))
        .as("it was looked up ahead")
        .isPositive();
  }

  @Test
  void aFailedSrvLookupFallsThroughAndIsCachedOnlyForTheErrorBackoff() {
    world.dns().failWith("_matrix-fed._tcp.legacy.example.test", Rcode.SERVFAIL);
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    Instant start = world.clock().instant();

    Resolution r = resolver.resolveBlocking("legacy.example.test");

    assertThat(r.step()).isEqualTo(Step.LEGACY_SRV);
    assertThat(r.validUntil()).isEqualTo(start.plus(Duration.ofMinutes(1)));
    assertThat(r.trace())
        .anyMatch(l -> l.contains("_matrix-fed._tcp.legacy.example.test") && l.contains("failed"));
  }

  @Test
  void theDnsErrorBackoffAloneGovernsFailedDnsLookups() {
    world.dns().failWith("_matrix-fed._tcp.legacy.example.test", Rcode.SERVFAIL);
    world.dns().failWith("dual.example.test", Type.AAAA, Rcode.SERVFAIL);
    var resolver =
        world.resolver(
            b ->
                b.wellKnownEnabled(false)
                    .dnsErrorBackoffInitial(Duration.ofSeconds(10))
                    .dnsErrorBackoffMax(Duration.ofSeconds(20))
                    .wellKnownErrorBackoffInitial(Duration.ofMinutes(30))
                    .wellKnownErrorBackoffMax(Duration.ofHours(2)));
    Instant start = world.clock().instant();

    assertThat(resolver.resolveBlocking("legacy.example.test").validUntil())
        .isEqualTo(start.plus(Duration.ofSeconds(10)));
    assertThat(resolver.resolveBlocking("dual.example.test").validUntil())
        .isEqualTo(start.plus(Duration.ofSeconds(10)));
  }

  @Test
  void anAaaaFailureBesideAGoodAIsRetriedAfterTheErrorBackoffNotOnEveryCall() {
    world.dns().failWith("dual.example.test", Type.AAAA, Rcode.SERVFAIL);
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    Instant start = world.clock().instant();

    Resolution r = resolver.resolveBlocking("dual.example.test");

    assertThat(r.targets().get(0).addresses())
        .extracting(IpAddresses::toText)
        .containsExactly("127.0.20.7");
    assertThat(r.validUntil()).isEqualTo(start.plus(Duration.ofMinutes(1)));
    int aaaaQueries = world.dns().queryCount("dual.example.test", Type.AAAA);
    resolver.resolveBlocking("dual.example.test");
    assertThat(world.dns().queryCount("dual.example.test", Type.AAAA)).isEqualTo(aaaaQueries);
  }

  @Test
  void aFailedSrvTargetIsSkippedAndTheResolutionKeptOnlyForTheErrorBackoff() {
    world.dns().failWith("first.example.test", Rcode.SERVFAIL);
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    Instant start = world.clock().instant();

    Resolution r = resolver.resolveBlocking("two.example.test");

    assertThat(r.targets()).extracting(t -> t.host()).containsExactly("second.example.test");
    assertThat(r.validUntil()).isEqualTo(start.plus(Duration.ofMinutes(1)));
  }

  @Test
  void consecutiveSrvFailuresDoubleTheErrorBackoff() {
    world.dns().failWith("_matrix-fed._tcp.legacy.example.test", Rcode.SERVFAIL);
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));

    Resolution first = resolver.resolveBlocking("legacy.example.test");
    assertThat(first.validUntil()).isEqualTo(world.clock().instant().plus(Duration.ofMinutes(1)));
    world.clock().advance(Duration.ofSeconds(61));
    Resolution second = resolver.resolveBlocking("legacy.example.test");
    assertThat(second.validUntil()).isEqualTo(world.clock().instant().plus(Duration.ofMinutes(2)));
    world.dns().clearFaults();
    world.clock().advance(Duration.ofSeconds(121));
    Resolution recovered = resolver.resolveBlocking("legacy.example.test");
    assertThat(recovered.step()).isEqualTo(Step.LEGACY_SRV);
    world.dns().failWith("_matrix-fed._tcp.legacy.example.test", Rcode.SERVFAIL);
    world.clock().advance(Duration.ofSeconds(10));
    resolver.invalidate(ServerName.parse("legacy.example.test"));
    Resolution afterSuccess = resolver.resolveBlocking("legacy.example.test");
    assertThat(afterSuccess.validUntil())
        .as("a success (NXDOMAIN is an answer) resets the backoff")
        .isEqualTo(world.clock().instant().plus(Duration.ofMinutes(1)));
  }

  @Test
  void invalidateAlsoForgetsTheSrvTargetsAddresses() {
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    resolver.resolveBlocking("srv.example.test");
    assertThat(world.dns().queryCount("t.example.test", Type.A)).isEqualTo(1);

    resolver.invalidate(ServerName.parse("srv.example.test"));
    resolver.resolveBlocking("srv.example.test");

    assertThat(world.dns().queryCount("t.example.test", Type.A)).isEqualTo(2);
  }

  @Test
  void invalidateAlsoForgetsTheDelegatedHostsAddresses() {
    var resolver = world.resolver();
    resolver.resolveBlocking("deleg.example.test");
    assertThat(world.dns().queryCount("target.example.test", Type.A)).isEqualTo(1);

    resolver.invalidate(ServerName.parse("deleg.example.test"));
    resolver.resolveBlocking("deleg.example.test");

    assertThat(world.dns().queryCount("target.example.test", Type.A)).isEqualTo(2);
  }

  @Test
  void invalidateAlsoForgetsTheFallbackHostsRecords() {
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    Resolution first = resolver.resolveBlocking("plain.example.test");
    assertThat(first.step()).isEqualTo(Step.FALLBACK);

    resolver.invalidate(ServerName.parse("plain.example.test"));
    resolver.resolveBlocking("plain.example.test");

    assertThat(world.dns().queryCount("plain.example.test", Type.A)).isEqualTo(2);
    assertThat(world.dns().queryCount("_matrix-fed._tcp.plain.example.test", Type.SRV))
        .isEqualTo(2);
  }

  @Test
  void aFailedAddressLookupWithNothingCachedIsDnsFailure() {
    world.dns().failWith("plain.example.test", Rcode.SERVFAIL);
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    assertThatThrownBy(() -> resolver.resolveBlocking("plain.example.test:8448"))
        .satisfies(
            e -> assertThat(((FedrouteException) e).code()).isEqualTo(ErrorCode.DNS_FAILURE));
  }

  @Test
  void aStaleAnswerIsServedWhenDnsFailsAfterExpiry() {
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));
    Resolution fresh = resolver.resolveBlocking("plain.example.test:8448");
    world.clock().advance(Duration.ofSeconds(301));
    world.dns().failWith("plain.example.test", Rcode.SERVFAIL);

    Resolution stale = resolver.resolveBlocking("plain.example.test:8448");

    assertThat(stale.targets()).isEqualTo(fresh.targets());
    assertThat(stale.trace()).anyMatch(l -> l.contains("stale"));
    world.clock().advance(Duration.ofDays(1));
    assertThatThrownBy(() -> resolver.resolveBlocking("plain.example.test:8448"))
        .satisfies(
            e -> assertThat(((FedrouteException) e).code()).isEqualTo(ErrorCode.DNS_FAILURE));
  }

  /**
   * Regression (issue 11, load under faults): the DNS cache held {@code cacheMaxSize} (name, record
   * type) entries, so a resolver asked for as many names as its caches hold kept the stale answers
   * of only about half of them (A and AAAA are two entries per name) and failed the others with
   * {@code dns_failure} during a DNS outage.
   */
  @Test
  void everyNameTheCachesHoldKeepsItsStaleAnswerThroughADnsOutage() {
    int names = 40;
    for (int i = 0; i < names; i++) {
      world.dns().addRecords("cap" + i + ".example.test. 300 IN A 127.0.30.1");
    }
    var resolver = world.resolver(b -> b.wellKnownEnabled(false).cacheMaxSize(names));
    for (int i = 0; i < names; i++) {
      resolver.resolveBlocking("cap" + i + ".example.test:8448");
    }
    world.clock().advance(Duration.ofSeconds(301));
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < names; i++) {
      world.dns().failWith("cap" + i + ".example.test", Rcode.SERVFAIL);
    }

    for (int i = 0; i < names; i++) {
      try {
        resolver.resolveBlocking("cap" + i + ".example.test:8448");
      } catch (FedrouteException e) {
        failed.add("cap" + i + ": " + e.code());
      }
    }

    assertThat(failed).as("names without their stale answer").isEmpty();
  }

  @Test
  void theOverallDeadlineEndsAResolutionWithTimeout() {
    world.dns().dropQueries("plain.example.test");
    var resolver =
        world.resolver(
            b ->
                b.wellKnownEnabled(false)
                    .dnsQueryTimeout(Duration.ofSeconds(5))
                    .resolveTimeout(Duration.ofMillis(400)));
    long started = System.nanoTime();
    assertThatThrownBy(() -> resolver.resolveBlocking("plain.example.test:8448"))
        .satisfies(e -> assertThat(((FedrouteException) e).code()).isEqualTo(ErrorCode.TIMEOUT))
        .satisfies(
            e ->
                assertThat(((FedrouteException) e).trace())
                    .as("the steps taken before the deadline")
                    .anyMatch(l -> l.contains("explicit port"))
                    .last()
                    .asString()
                    .contains("deadline of 400 ms"))
        .hasMessageContaining("plain.example.test");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aDnsTimeoutWithinTheDeadlineIsDnsFailure() {
    world.dns().dropQueries("plain.example.test");
    var resolver =
        world.resolver(b -> b.wellKnownEnabled(false).dnsQueryTimeout(Duration.ofMillis(300)));
    assertThatThrownBy(() -> resolver.resolveBlocking("plain.example.test:8448"))
        .satisfies(
            e -> assertThat(((FedrouteException) e).code()).isEqualTo(ErrorCode.DNS_FAILURE));
  }

  @Test
  void anUnexpectedErrorInTheStepsIsDnsFailureAndIsNotCached() throws Exception {
    RandomGenerator broken =
        () -> {
          throw new IllegalStateException("no randomness");
        };
    ServerName name = ServerName.parse("srv.example.test");
    try (var resolver =
        new DefaultServerNameResolver(
            world.config().wellKnownEnabled(false).build(), world.clock(), null, broken)) {
      for (int attempt = 1; attempt <= 2; attempt++) {
        assertThatThrownBy(() -> resolver.resolve(name).toCompletableFuture().get())
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(FedrouteException.class)
            .hasMessage(
                "resolving srv.example.test failed: java.lang.IllegalStateException: no randomness")
            .hasCauseInstanceOf(IllegalStateException.class)
            .satisfies(
                e -> assertThat(((FedrouteException) e).code()).isEqualTo(ErrorCode.DNS_FAILURE));
        assertThat(resolver.cached(name)).isEmpty();
      }
    }
  }

  @Test
  void aClassMissingAtRunTimeIsNoDnsFailureAndIsNotCached() throws Exception {
    RandomGenerator missing =
        () -> {
          throw new NoClassDefFoundError("jakarta/json/JsonException");
        };
    ServerName name = ServerName.parse("srv.example.test");
    try (var resolver =
        new DefaultServerNameResolver(
            world.config().wellKnownEnabled(false).build(), world.clock(), null, missing)) {
      assertThatThrownBy(() -> resolver.resolve(name).toCompletableFuture().get())
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(NoClassDefFoundError.class)
          .hasMessage("jakarta/json/JsonException");
      assertThatThrownBy(() -> resolver.resolveBlocking("srv.example.test"))
          .as("the blocking call throws the error itself, not a FedrouteException")
          .isInstanceOf(NoClassDefFoundError.class);
      assertThatThrownBy(() -> resolver.resolveBlocking(name, Duration.ofSeconds(5)))
          .isInstanceOf(NoClassDefFoundError.class);
      assertThat(resolver.cached(name)).isEmpty();
    }
  }

  private long wellKnownRequests() {
    return world.https().requests().stream()
        .filter(r -> r.path().equals("/.well-known/matrix/server"))
        .count();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
