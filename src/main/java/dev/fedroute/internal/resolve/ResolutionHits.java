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
 * the cache gives it. A hit is one map lookup, one ticker read (a volatile load on the system
 * clock, see {@link dev.fedroute.internal.time.CoarseTicker}) and one comparison with the tick the
 * entry was last checked at; it allocates nothing and takes no lock. The first hit of a name at a
 * new tick checks the end and tells the cache about the read (so at most once per tick), so that
 * the cache's eviction still sees which names are used. Thread-safe.
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
   * one object less), and its end. It is also the value the resolution cache keeps for the name, so
   * that a cached name holds one object for both.
   */
  static final class Hit extends CompletableFuture<Resolution> implements Settled {
    /** The tick at which it stops being served, on the resolution cache's ticker. */
    final long untilTick;

    /**
     * A tick at which this resolution was found servable (before its end), the last one a hit
     * checked: a hit at that same tick needs no other check, and the first hit at any other tick
     * checks the end and reports to the cache. Starts one before the end, servable by definition.
     * Racy by design: every value ever written is a servable tick, so at worst a tick is checked
     * (and reported) twice.
     */
    volatile long checkedAt;

    /**
     * @param resolution the resolution
     * @param untilTick its end on the resolution cache's ticker
     */
    Hit(Resolution resolution, long untilTick) {
      this.untilTick = untilTick;
      this.checkedAt = untilTick - 1;
      complete(resolution);
    }

    @Override
    public Resolution resolution() {
      return join();
    }

    @Override
    public Resolution resolutionOrThrow() {
      return join();
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
    return now == hit.checkedAt || servableAt(key, hit, now) ? hit : null;
  }

  /**
   * Whether a hit may be served at a tick other than the one it was last checked at: whether the
   * tick is before its end; if so, tells the cache of the read (so at most once per tick). Apart,
   * so that the hit itself stays small.
   */
  private boolean servableAt(String key, Hit hit, long now) {
    if (now - hit.untilTick >= 0) {
      return false;
    }
    hit.checkedAt = now;
    touch.accept(key);
    return true;
  }

  /**
   * Serves a resolution the cache holds until its end.
   *
   * @param key the canonical name
   * @param hit the resolution and its end: the cache's value (what {@link #forget(String, Object)}
   *     names)
   * @param stillCached whether the cache still holds that value; checked after the entry is in
   *     place, so that an invalidation running at the same time is never undone
   */
  void remember(String key, Hit hit, BooleanSupplier stillCached) {
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
   * Stops serving a name if what is served is this cache value (eviction, expiry, replacement of
   * that value).
   *
   * @param key the canonical name
   * @param source the cache's value that went
   */
  void forget(String key, Object source) {
    hits.remove(key, source);
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
