package dev.fedroute.internal.time;

import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

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
  private final Function<? super V, Instant> until;

  private ExpireAt(Function<? super V, Instant> until) {
    this.until = Objects.requireNonNull(until, "until");
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
    return new ExpireAt<>(until);
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
    return Math.max(0, ClockTicker.epochNanos(until.apply(value)) - currentTime);
  }
}
