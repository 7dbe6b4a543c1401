package dev.fedroute.internal.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpireAtTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private final ExpireAt<String, Instant> expiry = ExpireAt.of(until -> until);
  private final long now = ClockTicker.epochNanos(NOW);

  @Test
  void createdAndUpdatedEntriesLiveUntilTheirInstantCountedFromCaffeinesTime() {
    assertThat(expiry.expireAfterCreate("k", NOW.plusSeconds(90), now)).isEqualTo(90_000_000_000L);
    assertThat(expiry.expireAfterUpdate("k", NOW.plusMillis(1), now, 7)).isEqualTo(1_000_000L);
  }

  @Test
  void anInstantAlreadyPastExpiresAtOnce() {
    assertThat(expiry.expireAfterCreate("k", NOW.minusSeconds(1), now)).isZero();
  }

  @Test
  void instantMaxIsKeptAsLongAsTheTickerCanCount() {
    assertThat(expiry.expireAfterCreate("k", Instant.MAX, now))
        .isEqualTo(Long.MAX_VALUE - now)
        .isPositive();
  }

  @Test
  void aReadKeepsTheRemainingLifetime() {
    assertThat(expiry.expireAfterRead("k", NOW.plusSeconds(90), now, 42)).isEqualTo(42);
  }
}
