package dev.fedroute.internal.wellknown;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * How long a failed {@code .well-known} lookup is cached: the initial backoff after the first
 * failure of a host, doubling per consecutive failure, at most the maximal backoff; a success
 * resets it. A host's failure count is forgotten when it has not failed for twice the maximal
 * backoff. Bounded in size; thread-safe.
 */
public final class ErrorBackoff {
  private final Duration initial;
  private final Duration max;
  private final Cache<String, Integer> failures;

  /**
   * Creates a backoff.
   *
   * @param initial the lifetime of a first failure
   * @param max the most a failure is cached
   * @param maxHosts how many hosts are tracked at most
   * @param ticker the time source
   */
  public ErrorBackoff(Duration initial, Duration max, int maxHosts, Ticker ticker) {
    this.initial = initial;
    this.max = max;
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
    int n = failures.asMap().merge(host, 1, (a, b) -> a + 1);
    return backoff(n);
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
   * Forgets a host's failures (after a success, or on invalidation).
   *
   * @param host the host
   */
  public void reset(String host) {
    failures.invalidate(host);
  }
}
