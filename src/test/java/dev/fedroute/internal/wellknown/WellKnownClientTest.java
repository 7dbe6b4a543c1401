package dev.fedroute.internal.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Outcome;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WellKnownClientTest extends WellKnownTestBase {

  @Test
  void delegationIsFetchedOverHttpsWithSniAndHostAndCached() {
    serve(
        "a.wk.test",
        TestResponse.json(delegation("matrix.a.wk.test:443"))
            .withHeader("Cache-Control", "max-age=3600"));
    WellKnownResult r = lookup("a.wk.test");
    assertThat(r.outcome()).isEqualTo(Outcome.DELEGATED);
    assertThat(r.mServer()).isEqualTo("matrix.a.wk.test:443");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(r.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    assertThat(lookup("A.wk.test")).isEqualTo(r);
    RecordedRequest seen = server.requests().get(0);
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(seen.sni()).isEqualTo("a.wk.test");
    assertThat(seen.hostName()).isEqualTo("a.wk.test");
    assertThat(seen.method()).isEqualTo("GET");
    assertThat(seen.target()).isEqualTo(PATH);
    assertThat(client.cached("a.wk.test")).contains(r);
    client.invalidate("a.wk.test");
    assertThat(client.cached("a.wk.test")).isEmpty();
  }

  @Test
  void notFoundIsNoneWithStatusAndOneMinuteBackoff() {
    WellKnownResult r = lookup("missing.wk.test");
    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.detail()).isEqualTo("HTTP 404");
    assertThat(r.failure()).isEqualTo(WellKnownResult.Failure.HTTP_STATUS);
    assertThat(r.ttl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(client.cached("missing.wk.test")).contains(r);
  }

  @Test
  void defaultTtlAndJitterApplyToValidAnswersOnly() {
    client.close();
    client = client(server.port(), b -> b.wellKnownJitter(0.10));
    serve("j.wk.test", TestResponse.json(delegation("m.wk.test")));
    WellKnownResult r = lookup("j.wk.test");
    assertThat(r.ttl())
        .isBetween(
            Duration.ofHours(24).multipliedBy(9).dividedBy(10),
            Duration.ofHours(24).multipliedBy(11).dividedBy(10))
        .isNotEqualTo(Duration.ofHours(24));
    assertThat(lookup("gone.wk.test").ttl()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void errorBackoffDoublesToOneHourAndSuccessResetsIt() {
    serve("e.wk.test", TestResponse.status(500));
    long[] minutes = {1, 2, 4, 8, 16, 32, 60, 60};
    for (int i = 0; i < minutes.length; i++) {
      WellKnownResult r = lookup("e.wk.test");
      assertThat(r.ttl())
          .as("step %d, requests %d, r %s", i, server.requestCount(), r)
          .isEqualTo(Duration.ofMinutes(minutes[i]));
      assertThat(r.status()).isEqualTo(500);
      assertThat(server.requestCount()).isEqualTo(i + 1);
      clock.advance(Duration.ofMinutes(minutes[i]).minusSeconds(1));
      assertThat(lookup("e.wk.test")).isEqualTo(r);
      clock.advance(Duration.ofSeconds(1));
    }
    serve("e.wk.test", TestResponse.json(delegation("m.wk.test")));
    assertThat(lookup("e.wk.test").outcome()).isEqualTo(Outcome.DELEGATED);
    client.invalidate("e.wk.test");
    serve("e.wk.test", TestResponse.status(500));
    assertThat(lookup("e.wk.test").ttl()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void invalidateForgetsTheBackoff() {
    serve("i.wk.test", TestResponse.status(503));
    lookup("i.wk.test");
    client.invalidate("i.wk.test");
    assertThat(lookup("i.wk.test").ttl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void hundredConcurrentLookupsCauseOneFetch() {
    server.route(
        "c.wk.test",
        PATH,
        r -> {
          sleep(300);
          return TestResponse.json(delegation("m.wk.test"));
        });
    List<CompletableFuture<WellKnownResult>> all =
        IntStream.range(0, 100)
            .mapToObj(i -> CompletableFuture.supplyAsync(() -> lookup("c.wk.test"), executor))
            .toList();
    List<WellKnownResult> results = all.stream().map(CompletableFuture::join).toList();
    assertThat(results).allMatch(r -> r.outcome() == Outcome.DELEGATED).hasSize(100);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void theLifetimeTheHeadersAskedForIsKeptBesideTheFlooredOne() {
    serve(
        "short.wk.test",
        TestResponse.json(delegation("m.wk.test")).withHeader("Cache-Control", "max-age=60"));
    serve("plain.wk.test", TestResponse.json(delegation("m.wk.test")));

    WellKnownResult shortLived = lookup("short.wk.test");
    WellKnownResult plain = lookup("plain.wk.test");

    assertThat(shortLived.headersTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(shortLived.ttl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(plain.headersTtl()).isNull();
    assertThat(lookup("missing.wk.test").headersTtl()).isNull();
  }

  @Test
  void cachedNeverTouchesTheNetwork() {
    serve("n.wk.test", TestResponse.json(delegation("m.wk.test")));
    int submitted = tasksSubmitted.get();
    assertThat(client.cached("n.wk.test")).isEmpty();
    assertThat(tasksSubmitted).hasValue(submitted);
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void connectionClosedWithoutAnswerIsNone() {
    serve("x.wk.test", TestResponse.closeConnection());
    WellKnownResult r = lookup("x.wk.test");
    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.status()).isNull();
    assertThat(r.detail()).isNotBlank();
    assertThat(r.failure()).isEqualTo(WellKnownResult.Failure.CONNECT);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
