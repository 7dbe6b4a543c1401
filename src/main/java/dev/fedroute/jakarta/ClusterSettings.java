package dev.fedroute.jakarta;

import java.time.Duration;
import java.util.Objects;

/**
 * How Fedroute shares its caches with the other nodes of a cluster ({@code fedroute.cluster.*}).
 *
 * @param enabled whether to look for the server's data grid and share through it
 * @param cache the name of the shared cache in the grid
 * @param timeout how long a resolution waits at most for one read of the grid
 */
record ClusterSettings(boolean enabled, String cache, Duration timeout) {
  /** The defaults: off, cache {@code fedroute}, 200 ms. */
  static final ClusterSettings DEFAULTS =
      new ClusterSettings(false, "fedroute", Duration.ofMillis(200));

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException when the cache name is blank or the timeout not positive
   */
  ClusterSettings {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(timeout, "timeout");
    if (cache.isBlank()) {
      throw new IllegalArgumentException("cluster.cache must not be blank");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("cluster.timeout must be positive, was " + timeout);
    }
  }
}
