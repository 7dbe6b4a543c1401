package dev.fedroute.internal.time;

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
  }

  @Test
  void epochNanosOfKnownInstants() {
    assertThat(ClockTicker.epochNanos(Instant.EPOCH)).isZero();
    assertThat(ClockTicker.epochNanos(Instant.parse("2026-01-01T00:00:02.000000123Z")))
        .isEqualTo(1_767_225_602_000_000_123L);
    assertThat(ClockTicker.epochNanos(Instant.ofEpochSecond(9_223_372_035L, 999_999_999)))
        .as("the last whole second below the saturation")
        .isEqualTo(9_223_372_035_999_999_999L);
  }

  @Test
  void instantMaxSaturates() {
    assertThat(ClockTicker.epochNanos(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
    assertThat(ClockTicker.epochNanos(Instant.parse("3000-01-01T00:00:00Z")))
        .as("far future, past the range of a long")
        .isEqualTo(Long.MAX_VALUE);
  }
}
