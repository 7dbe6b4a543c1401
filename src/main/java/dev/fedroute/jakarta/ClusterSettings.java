package dev.fedroute.jakarta;

import java.time.Duration;
import java.util.Objects;

/**
 * How Fedroute shares its caches with the other nodes of a cluster ({@code fedroute.cluster.*}).
 *
 * @param enabled whether to look for the server's data grid and share through it
 * @param cache the name of the shared cache in the grid
 * @param container the name of the server's Infinispan cache container holding that cache (WildFly)
 * @param timeout how long a resolution waits at most for one read of the grid
 */
record ClusterSettings(boolean enabled, String cache, String container, Duration timeout) {
  /** The defaults: off, cache {@code fedroute} in the container {@code fedroute}, 200 ms. */
  static final ClusterSettings DEFAULTS =
      new ClusterSettings(false, "fedroute", "fedroute", Duration.ofMillis(200));

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException when a name is blank or the timeout not positive
   */
  ClusterSettings {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(timeout, "timeout");
    if (cache.isBlank()) {
      throw new IllegalArgumentException("cluster.cache must not be blank");
    }
    if (container.isBlank()) {
      throw new IllegalArgumentException("cluster.container must not be blank");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("cluster.timeout must be positive, was " + timeout);
    }
  }
}
