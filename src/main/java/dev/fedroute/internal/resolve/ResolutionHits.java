package dev.fedroute.internal.resolve;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fedroute.Resolution;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The hot path of cached resolutions: the finished, successful ones by canonical name, each with
 * the tick until which it may be served, in a {@link ConcurrentHashMap} beside the resolution
 * cache. The cache stays the authority (size bound, eviction, coalescing, refresh-ahead): an entry
 * here is removed when the cache drops its resolution, and it is never served at or after the end
 * the cache gives it. A hit is one map lookup and one ticker read (a volatile load on the system
 * clock, see {@link dev.fedroute.internal.time.CoarseTicker}), allocates nothing and takes no lock;
 * it tells the cache about itself at most once per tick, so that the cache's eviction still sees
 * which names are used. Thread-safe.
 */
final class ResolutionHits {
  private final ConcurrentHashMap<String, Hit> hits = new ConcurrentHashMap<>();
  private final Ticker ticker;
  private final Consumer<String> touch;

  /**
   * @param ticker the resolution cache's ticker
   * @param touch records a read of a name in the resolution cache
   */
  ResolutionHits(Ticker ticker, Consumer<String> touch) {
    this.ticker = ticker;
    this.touch = touch;
  }

  /**
   * One servable resolution: the completed stage shared by every hit (itself, so that a hit reads
   * one object less), and its end.
   */
  private static final class Hit extends CompletableFuture<Resolution> {
    final Object source;
    final long untilTick;

    /** The tick of the last report to the cache; racy by design (at worst one more report). */
    long reportedAt;

    Hit(Resolution resolution, Object source, long untilTick) {
      this.source = source;
      this.untilTick = untilTick;
      complete(resolution);
    }
  }

  /**
   * The resolution of a name, if one may be served now.
   *
   * @param key the canonical name
   * @return its completed stage, or {@code null}
   */
  CompletableFuture<Resolution> get(String key) {
    Hit hit = hits.get(key);
    if (hit == null) {
      return null;
    }
    long now = ticker.read();
    if (now - hit.untilTick >= 0) {
      return null;
    }
    if (hit.reportedAt != now) {
      hit.reportedAt = now;
      touch.accept(key);
    }
    return hit;
  }

  /**
   * Serves a resolution the cache holds until its end.
   *
   * @param key the canonical name
   * @param source the cache's value it came from (what {@link #forget(String, Object)} names)
   * @param resolution the resolution
   * @param untilTick its end on the cache's ticker
   * @param stillCached whether the cache still holds that value; checked after the entry is in
   *     place, so that an invalidation running at the same time is never undone
   */
  void remember(
      String key,
      Object source,
      Resolution resolution,
      long untilTick,
      BooleanSupplier stillCached) {
    Hit hit = new Hit(resolution, source, untilTick);
    hits.put(key, hit);
    if (!stillCached.getAsBoolean()) {
      hits.remove(key, hit);
    }
  }

  /**
   * Stops serving a name (invalidation).
   *
   * @param key the canonical name
   */
  void forget(String key) {
    hits.remove(key);
  }

  /** Stops serving every name (invalidation of all). */
  void forgetAll() {
    hits.clear();
  }

  /**
   * Stops serving a name if what is served came from this cache value (eviction, expiry,
   * replacement of that value).
   *
   * @param key the canonical name
   * @param source the cache's value that went
   */
  void forget(String key, Object source) {
    hits.computeIfPresent(key, (k, hit) -> hit.source == source ? null : hit);
  }

  /**
   * How many names are served (tests).
   *
   * @return the count
   */
  int size() {
    return hits.size();
  }
}
