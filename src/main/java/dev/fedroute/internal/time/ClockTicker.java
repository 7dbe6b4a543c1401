package dev.fedroute.internal.time;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A Caffeine {@link Ticker} that reads an injected clock, so that every cache lifetime follows the
 * same (possibly fake) time as the expiry instants Fedroute computes. Thread-safe.
 */
public final class ClockTicker implements Ticker {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final InstantSource clock;

  private ClockTicker(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A ticker reading the clock.
   *
   * @param clock the time source
   * @return the ticker
   */
  public static ClockTicker of(InstantSource clock) {
    return new ClockTicker(clock);
  }

  @Override
  public long read() {
    return epochNanos(clock.instant());
  }

  /**
   * An instant on this ticker's scale: nanoseconds since the epoch, saturating at {@link
   * Long#MAX_VALUE} (for {@link Instant#MAX}, "never").
   *
   * @param instant the instant
   * @return its tick
   */
  public static long epochNanos(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
      return Long.MAX_VALUE;
    }
    return seconds * NANOS_PER_SECOND + instant.getNano();
  }

  /**
   * The instant of a tick of this scale, the inverse of {@link #epochNanos(Instant)}.
   *
   * @param epochNanos nanoseconds since the epoch
   * @return the instant
   */
  public static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(0, epochNanos);
  }

  /**
   * A duration in nanoseconds, at most {@link Long#MAX_VALUE}.
   *
   * @param duration a duration, not negative
   * @return its nanoseconds
   */
  public static long nanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * A tick of this scale plus some nanoseconds, saturating at {@link Long#MAX_VALUE} ("never").
   *
   * @param tick nanoseconds since the epoch
   * @param nanos nanoseconds to add, not negative
   * @return the later tick
   */
  public static long plusNanos(long tick, long nanos) {
    long sum = tick + nanos;
    return ((tick ^ sum) & (nanos ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
