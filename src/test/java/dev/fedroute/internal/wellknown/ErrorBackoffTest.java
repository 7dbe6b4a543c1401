package dev.fedroute.internal.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.internal.time.ClockTicker;
import dev.fedroute.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorBackoffTest {
  final FakeClock clock = new FakeClock();
  final ErrorBackoff backoff =
      new ErrorBackoff(Duration.ofMinutes(1), Duration.ofHours(1), 100, ClockTicker.of(clock));

  @Test
  void doublesUpToTheCapAndResets() {
    long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
    for (long minutes : expected) {
      Duration d = backoff.recordFailure("h.test");
      assertThat(d).isEqualTo(Duration.ofMinutes(minutes));
      clock.advance(d);
    }
    assertThat(backoff.recordFailure("other.test")).isEqualTo(Duration.ofMinutes(1));
    backoff.reset("h.test");
    assertThat(backoff.recordFailure("h.test")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void forgetsAHostQuietForTwiceTheCap() {
    backoff.recordFailure("h.test");
    assertThat(backoff.recordFailure("h.test")).isEqualTo(Duration.ofMinutes(2));
    clock.advance(Duration.ofHours(3));
    assertThat(backoff.recordFailure("h.test")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void largeCountsDoNotOverflow() {
    assertThat(backoff.backoff(1_000_000)).isEqualTo(Duration.ofHours(1));
  }
}
