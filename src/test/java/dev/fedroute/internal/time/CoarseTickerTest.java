package dev.fedroute.internal.time;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fedroute.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class CoarseTickerTest {
  static final Duration MARGIN = Duration.ofMillis(250);
  static final Duration TICK = Duration.ofMillis(10);

  final FakeClock clock = new FakeClock();

  /** The refreshes the ticker scheduled, run by hand one tick later. */
  final Queue<Runnable> pending = new ArrayDeque<>();

  final CoarseTicker ticker = new CoarseTicker(clock, MARGIN, pending::add);

  private void tick() {
    clock.advance(TICK);
    Runnable next = pending.poll();
    if (next != null) {
      next.run();
    }
  }

  private long nanos(Instant t) {
    return ClockTicker.epochNanos(t);
  }

  @Test
  void readsRunAheadByTheMarginAndChangeOnlyAtATick() {
    long start = nanos(clock.instant());
    assertThat(ticker.read()).isEqualTo(start + MARGIN.toNanos());
    clock.advance(Duration.ofMillis(3));
    assertThat(ticker.read()).as("no clock read between ticks").isEqualTo(start + MARGIN.toNanos());
    tick();
    assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
  }

  @Test
  void itStopsAfterATickWithoutReadsAndTheNextReadReadsTheClock() {
    ticker.read();
    tick(); // read since the previous tick: goes on
    assertThat(pending).hasSize(1);
    tick(); // no read since: stops
    assertThat(pending).isEmpty();
    clock.advance(Duration.ofMinutes(5));
    assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
    assertThat(pending).as("ticking again").hasSize(1);
  }

  @Test
  void afterCloseEveryReadReadsTheClockAndNothingIsScheduled() {
    ticker.read();
    ticker.close();
    tick();
    assertThat(pending).isEmpty();
    clock.advance(Duration.ofSeconds(7));
    assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
    assertThat(pending).isEmpty();
  }

  @Test
  void aCacheOnItNeverServesAnEntryAtOrAfterItsEndEvenWithTicksLateByTheMargin() {
    Instant end = clock.instant().plusSeconds(2);
    Cache<String, Instant> cache =
        Caffeine.newBuilder()
            .ticker(ticker)
            .executor(Runnable::run)
            .expireAfter(ExpireAt.<String, Instant>of(v -> v))
            .build();
    cache.put("k", end);
    Instant lastRefresh = clock.instant();
    Instant lastServed = null;
    // Every refresh comes MARGIN after the previous one: as late as the ticker allows.
    for (int i = 0; i < 1000; i++) {
      clock.advance(Duration.ofMillis(5));
      if (Duration.between(lastRefresh, clock.instant()).compareTo(MARGIN) >= 0) {
        Runnable next = pending.poll();
        if (next != null) {
          next.run();
        }
        lastRefresh = clock.instant();
      }
      if (cache.getIfPresent("k") != null) {
        assertThat(clock.instant()).as("served at").isBefore(end);
        lastServed = clock.instant();
      }
    }
    assertThat(lastServed)
        .as("served for most of its life")
        .isAfter(end.minus(MARGIN.multipliedBy(3)));
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void theSystemClockGetsACoarseTickerAnyOtherClockAnExactOne() {
    Ticker system = CoarseTicker.forClock(InstantSource.system());
    assertThat(system).isInstanceOf(CoarseTicker.class);
    ((CoarseTicker) system).close();
    assertThat(CoarseTicker.forClock(clock)).isInstanceOf(ClockTicker.class);
  }
}
