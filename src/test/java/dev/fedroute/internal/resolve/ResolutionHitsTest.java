package dev.fedroute.internal.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResolutionHitsTest {
  static final long END = 1_000_000L;

  /** The ticker's time, set by each test (the fake for the clock). */
  final AtomicLong tick = new AtomicLong();

  /** The names reported to the cache, in order. */
  final List<String> reported = new ArrayList<>();

  final ResolutionHits hits = new ResolutionHits(tick::get, reported::add);
  final Resolution resolution = resolution();
  final ResolutionHits.Hit hit = new ResolutionHits.Hit(resolution, END);

  private static Resolution resolution() {
    return new Resolution(
        ServerName.parse("a.example.test"),
        Step.FALLBACK,
        "a.example.test",
        "a.example.test",
        List.of(new Target("a.example.test", 8448, List.of(InetAddress.getLoopbackAddress()))),
        WellKnownResult.skipped(),
        List.of(),
        Instant.parse("2026-01-01T00:00:00Z"),
        List.of());
  }

  private void remember() {
    hits.remember("a.example.test", hit, () -> true);
  }

  @Test
  void servedUpToTheTickBeforeItsEndAndNeverAtOrAfterIt() {
    remember();
    tick.set(END - 1);
    assertThat(hits.get("a.example.test")).isNotNull();
    assertThat(hits.get("a.example.test").join()).isSameAs(resolution);
    tick.set(END);
    assertThat(hits.get("a.example.test")).isNull();
    tick.set(END + 5);
    assertThat(hits.get("a.example.test")).isNull();
    assertThat(hits.get("b.example.test")).isNull();
  }

  @Test
  void aFirstReadExactlyAtItsEndOrAfterItIsNotServed() {
    remember();
    tick.set(END);
    assertThat(hits.get("a.example.test")).as("at its end").isNull();
    tick.set(END + 1);
    assertThat(hits.get("a.example.test")).as("after it").isNull();
    assertThat(reported).as("an expired read is not reported").isEmpty();
  }

  @Test
  void aNameIsReportedToTheCacheOncePerTickItIsRead() {
    remember();
    tick.set(10);
    hits.get("a.example.test");
    hits.get("a.example.test");
    assertThat(reported).containsExactly("a.example.test");
    tick.set(20);
    hits.get("a.example.test");
    hits.get("a.example.test");
    hits.get("a.example.test");
    assertThat(reported).containsExactly("a.example.test", "a.example.test");
    tick.set(10); // another thread's older tick: checked and reported again, still served
    assertThat(hits.get("a.example.test")).isNotNull();
    assertThat(reported).hasSize(3);
  }

  @Test
  void forgettingTheCachedValueItCameFromStopsServingIt() {
    remember();
    tick.set(10);
    hits.forget("a.example.test", new ResolutionHits.Hit(resolution, END));
    assertThat(hits.get("a.example.test")).as("another value went").isNotNull();
    hits.forget("a.example.test", hit);
    assertThat(hits.get("a.example.test")).isNull();
    assertThat(hits.size()).isZero();
  }

  @Test
  void aValueTheCacheNoLongerHoldsIsNotServed() {
    hits.remember("a.example.test", hit, () -> false);
    tick.set(10);
    assertThat(hits.get("a.example.test")).isNull();
  }
}
