package dev.fedroute.internal.wellknown;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fedroute.internal.time.ClockTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a failed {@code .well-known} lookup is cached: the initial backoff after the first
 * failure of a host, doubling per consecutive failure, at most the maximal backoff; a success
 * resets it. A host's failure count is forgotten when it has not failed for twice the maximal
 * backoff. Bounded in size; thread-safe.
 */
public final class ErrorBackoff {
  private final Duration initial;
  private final Duration max;
  private final Ticker ticker;
  private final Cache<String, Streak> failures;

  /** A host's consecutive failures and when the backoff of the last one ends (ticker nanos). */
  private record Streak(int count, long untilNanos) {}

  /**
   * Creates a backoff.
   *
   * @param initial the lifetime of a first failure
   * @param max the most a failure is cached
   * @param maxHosts how many hosts are tracked at most
   * @param ticker the time source, a {@link ClockTicker} (epoch nanoseconds)
   */
  public ErrorBackoff(Duration initial, Duration max, int maxHosts, Ticker ticker) {
    this.initial = initial;
    this.max = max;
    this.ticker = ticker;
    this.failures =
        Caffeine.newBuilder()
            .maximumSize(maxHosts)
            .expireAfterWrite(max.multipliedBy(2))
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Records one more consecutive failure of a host.
   *
   * @param host the host
   * @return how long this failure is cached
   */
  public Duration recordFailure(String host) {
    long now = ticker.read();
    Streak streak =
        failures
            .asMap()
            .compute(
                host,
                (h, old) -> {
                  int n = old == null ? 1 : old.count() + 1;
                  return new Streak(n, now + backoff(n).toNanos());
                });
    return backoff(streak.count());
  }

  /**
   * The lifetime of the n-th consecutive failure.
   *
   * @param n 1 for the first failure
   * @return the backoff
   */
  public Duration backoff(int n) {
    Duration d = initial;
    for (int i = 1; i < n && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /**
   * When the backoff of a host's last failure ends, while it has not ended yet.
   *
   * @param host the host
   * @return the end of its backoff, or empty when it has none running
   */
  public Optional<Instant> backoffUntil(String host) {
    Streak streak = failures.getIfPresent(host);
    if (streak == null || streak.untilNanos() - ticker.read() <= 0) {
      return Optional.empty();
    }
    return Optional.of(ClockTicker.instant(streak.untilNanos()));
  }

  /**
   * Forgets a host's failures (after a success, or on invalidation).
   *
   * @param host the host
   * @return whether it had failures to forget
   */
  public boolean reset(String host) {
    return failures.asMap().remove(host) != null;
  }

  /** Forgets every host's failures. */
  public void resetAll() {
    failures.invalidateAll();
  }
}
