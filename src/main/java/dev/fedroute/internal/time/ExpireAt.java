package dev.fedroute.internal.time;

import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A Caffeine {@link Expiry} that keeps each entry until an instant the entry carries, for caches
 * ticking on a {@link ClockTicker}. A lifetime is measured from the ticker value Caffeine passes
 * in, never from a second reading of the clock, so a clock that moves while an entry is being
 * stored cannot shorten its life; reads do not change it. Immutable and thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ExpireAt<K, V> implements Expiry<K, V> {
  private final ToLongFunction<? super V> untilNanos;

  private ExpireAt(ToLongFunction<? super V> untilNanos) {
    this.untilNanos = Objects.requireNonNull(untilNanos, "untilNanos");
  }

  /**
   * An expiry keeping each entry until {@code until} of its value.
   *
   * @param until the instant a value stops being kept ({@link Instant#MAX}: as long as possible)
   * @param <K> the key type
   * @param <V> the value type
   * @return the expiry
   */
  public static <K, V> ExpireAt<K, V> of(Function<? super V, Instant> until) {
    Objects.requireNonNull(until, "until");
    return new ExpireAt<>(value -> ClockTicker.epochNanos(until.apply(value)));
  }

  /**
   * An expiry keeping each entry until a tick of {@link ClockTicker}'s scale (nanoseconds since the
   * epoch) that its value carries.
   *
   * @param untilNanos the tick a value stops being kept at ({@link Long#MAX_VALUE}: as long as
   *     possible)
   * @param <K> the key type
   * @param <V> the value type
   * @return the expiry
   */
  public static <K, V> ExpireAt<K, V> ofEpochNanos(ToLongFunction<? super V> untilNanos) {
    return new ExpireAt<>(untilNanos);
  }

  @Override
  public long expireAfterCreate(K key, V value, long currentTime) {
    return remaining(value, currentTime);
  }

  @Override
  public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
    return remaining(value, currentTime);
  }

  @Override
  public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
    return currentDuration;
  }

  private long remaining(V value, long currentTime) {
    return Math.max(0, untilNanos.applyAsLong(value) - currentTime);
  }
}
