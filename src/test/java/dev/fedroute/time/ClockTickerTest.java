package dev.fedroute.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockTickerTest {

  @Test
  void readsTheClockInEpochNanoseconds() {
    FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00.000000123Z"));
    ClockTicker ticker = ClockTicker.of(clock);

    long before = ticker.read();
    clock.advance(Duration.ofSeconds(2));

    assertThat(before).isEqualTo(1_767_225_600_000_000_123L);
    assertThat(ticker.read() - before).isEqualTo(2_000_000_000L);
    assertThat(ClockTicker.epochNanos(clock.instant())).isEqualTo(ticker.read());
  }

  @Test
  void instantMaxSaturates() {
    assertThat(ClockTicker.epochNanos(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
  }
}
