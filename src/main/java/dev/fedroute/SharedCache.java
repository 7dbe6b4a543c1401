package dev.fedroute;

import java.time.Duration;
import java.util.Optional;

/**
 * A second-level cache shared by the nodes of a cluster (an application server's data grid), behind
 * each resolver's own local cache: a resolver consults it when its local cache misses and writes
 * every fresh {@code .well-known} outcome (failures too, so their backoff holds on every node) and
 * every fresh resolution to it. Pass one to {@link ServerNameResolver#create(FedrouteConfig,
 * java.util.concurrent.Executor, SharedCache)}.
 *
 * <p>Keys and values are short strings; each value carries its own absolute expiry and format
 * version, so an implementation need not keep expiry exact and may hold values written by another
 * Fedroute version (they are ignored when their format is not understood). An implementation may
 * block and may fail: the resolver calls it on its background executor, waits at most {@link
 * #timeout()} for a read and goes on without it, never waits for a write, and treats every
 * exception as a miss. Implementations must be thread-safe.
 */
public interface SharedCache {

  /**
   * The value stored under a key.
   *
   * @param key the key
   * @return the value, or empty when there is none
   */
  Optional<String> get(String key);

  /**
   * Stores a value for about its lifetime (longer does no harm: expired values are ignored).
   *
   * @param key the key
   * @param value the value
   * @param lifetime how long the value is of use, positive
   */
  void put(String key, String value, Duration lifetime);

  /**
   * Removes the value stored under a key, if any.
   *
   * @param key the key
   */
  void remove(String key);

  /**
   * How long a resolution waits at most for one {@link #get}; after that it goes on as if the key
   * were absent.
   *
   * @return the timeout, 200 ms unless overridden
   */
  default Duration timeout() {
    return Duration.ofMillis(200);
  }
}
