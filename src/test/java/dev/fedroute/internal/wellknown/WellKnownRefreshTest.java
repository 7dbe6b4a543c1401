package dev.fedroute.internal.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Outcome;
import dev.fedroute.testing.TestResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WellKnownRefreshTest extends WellKnownTestBase {
  static final String HOST = "f.wk.test";
  WellKnownResult first;

  @BeforeEach
  void cacheOne() {
    serve(
        HOST,
        TestResponse.json(delegation("old.wk.test")).withHeader("Cache-Control", "max-age=1000"));
    first = lookup(HOST);
    assertThat(first.ttl()).isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void noRefreshBeforeTheLastFifthOfLife() throws InterruptedException {
    int tasksBefore = tasksSubmitted.get();
    clock.advance(Duration.ofSeconds(799));
    assertThat(lookup(HOST)).isEqualTo(first);

    // The lookup decides on a refresh before it returns: none was handed to the executor.
    assertThat(tasksSubmitted.get()).isEqualTo(tasksBefore);
    assertThat(server.requestCount()).isEqualTo(1);

    // Two seconds later (801 s), in the last fifth, the same lookup starts exactly one refresh.
    clock.advance(Duration.ofSeconds(2));
    assertThat(lookup(HOST)).isEqualTo(first);
    assertThat(tasksSubmitted.get()).isEqualTo(tasksBefore + 1);
    await(() -> server.requestCount() == 2);
  }

  @Test
  void refreshInTheLastFifthReplacesTheValue() throws InterruptedException {
    serve(
        HOST,
        TestResponse.json(delegation("new.wk.test")).withHeader("Cache-Control", "max-age=1000"));
    clock.advance(Duration.ofSeconds(850));
    assertThat(lookup(HOST)).isEqualTo(first);
    await(() -> client.cached(HOST).map(r -> r.mServer().equals("new.wk.test")).orElse(false));
    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(client.cached(HOST).orElseThrow().expiresAt())
        .isEqualTo(clock.instant().plusSeconds(1000));
  }

  @Test
  void transientFailureKeepsTheOldValueUntilItExpires() throws InterruptedException {
    serve(HOST, TestResponse.status(503));
    clock.advance(Duration.ofSeconds(850));
    assertThat(lookup(HOST)).isEqualTo(first);
    await(() -> server.requestCount() == 2);
    await(() -> tasksFinished.get() == tasksSubmitted.get());
    assertThat(lookup(HOST)).isEqualTo(first);
    assertThat(client.cached(HOST)).contains(first);
    clock.advance(Duration.ofSeconds(150));
    WellKnownResult after = lookup(HOST);
    assertThat(after.outcome()).isEqualTo(Outcome.NONE);
    assertThat(after.status()).isEqualTo(503);
  }

  @Test
  void permanentAnswerReplacesTheValue() throws InterruptedException {
    serve(HOST, TestResponse.status(404));
    clock.advance(Duration.ofSeconds(850));
    assertThat(lookup(HOST)).isEqualTo(first);
    await(() -> client.cached(HOST).map(r -> r.outcome() == Outcome.NONE).orElse(false));
    WellKnownResult now = client.cached(HOST).orElseThrow();
    assertThat(now.status()).isEqualTo(404);
    assertThat(now.ttl()).isEqualTo(Duration.ofMinutes(1));
  }
}
