package dev.fedroute.internal.wellknown;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteListener;
import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Failure;
import dev.fedroute.WellKnownResult.Outcome;
import dev.fedroute.internal.net.AddressFilter;
import dev.fedroute.internal.net.AddressLookup;
import dev.fedroute.internal.shared.SecondLevel;
import dev.fedroute.internal.shared.SharedFormat;
import dev.fedroute.internal.time.ClockTicker;
import dev.fedroute.internal.time.ExpireAt;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;

/**
 * Fetches and caches {@code https://<host>/.well-known/matrix/server} (docs/resolution.md section
 * 3). Thread-safe; concurrent lookups of one host share one fetch.
 *
 * <p>A valid answer is cached for its {@link CachePolicy} lifetime with jitter; every other outcome
 * for its {@link ErrorBackoff}. A lookup in the last {@code refreshAheadFraction} of a delegation's
 * life returns it and starts one background refresh: a transient failure keeps the old value (and
 * the next refresh waits for the error backoff), a permanent answer replaces it. Fetches start on
 * the given executor and then wait for the network without holding any thread: the fetcher's few
 * I/O threads serve every fetch at once.
 *
 * <p>With a {@link SecondLevel}, a local miss first asks it (an outcome another node fetched, or
 * its failure backoff, is taken as it is, with its own expiry), and every fresh outcome is written
 * to it.
 */
public final class WellKnownClient implements AutoCloseable {
  private final FedrouteConfig config;
  private final InstantSource clock;
  private final Executor executor;
  private final RandomGenerator random;
  private final CachePolicy policy;
  private final ErrorBackoff backoff;
  private final WellKnownFetcher fetcher;
  private final FedrouteListener listener;
  private final AsyncCache<String, WellKnownResult> cache;
  private final Cache<String, Instant> refreshNotBefore;
  private final Map<String, Boolean> refreshing = new ConcurrentHashMap<>();
  private final SecondLevel shared;

  /**
   * Creates a client.
   *
   * @param config limits, timeouts, cache policy, trust store and port
   * @param hostResolver how host names become addresses (Fedroute's DNS)
   * @param addressFilter the outbound blocklist, checked on every hop
   * @param clock the time source of every cache decision
   * @param executor runs fetches and background refreshes
   * @param random the jitter source
   * @throws IllegalArgumentException when the configured trust store cannot be read
   */
  public WellKnownClient(
      FedrouteConfig config,
      AddressLookup hostResolver,
      AddressFilter addressFilter,
      InstantSource clock,
      Executor executor,
      RandomGenerator random) {
    this(
        config,
        hostResolver,
        addressFilter,
        clock,
        executor,
        random,
        SecondLevel.none(),
        FedrouteListener.NONE);
  }

  /**
   * Creates a client with a second level that reports each fetch.
   *
   * @param config limits, timeouts, cache policy, trust store and port
   * @param hostResolver how host names become addresses (Fedroute's DNS)
   * @param addressFilter the outbound blocklist, checked on every hop
   * @param clock the time source of every cache decision
   * @param executor runs fetches and background refreshes
   * @param random the jitter source
   * @param shared the second level, or {@link SecondLevel#none()}
   * @param listener hears each fetch (not the answers from the cache); must not throw
   * @throws IllegalArgumentException when the configured trust store cannot be read
   */
  public WellKnownClient(
      FedrouteConfig config,
      AddressLookup hostResolver,
      AddressFilter addressFilter,
      InstantSource clock,
      Executor executor,
      RandomGenerator random,
      SecondLevel shared,
      FedrouteListener listener) {
    this.shared = shared;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.config = config;
    this.clock = clock;
    this.executor = executor;
    this.random = random;
    Ticker ticker = ClockTicker.of(clock);
    this.policy = new CachePolicy(config);
    this.backoff =
        new ErrorBackoff(
            config.caching().wellKnownErrors().initial(),
            config.caching().wellKnownErrors().max(),
            config.caching().maxSize(),
            ticker);
    this.fetcher = new WellKnownFetcher(config, hostResolver, addressFilter);
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(config.caching().maxSize())
            .ticker(ticker)
            .executor(Runnable::run)
            .expireAfter(ExpireAt.<String, WellKnownResult>of(WellKnownResult::expiresAt))
            .buildAsync();
    this.refreshNotBefore =
        Caffeine.newBuilder()
            .maximumSize(config.caching().maxSize())
            .expireAfterWrite(config.caching().wellKnownErrors().max())
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /**
   * The outcome for a host, from cache or fetched. Never fails: every failure is a NONE outcome.
   *
   * @param host the lower-case host name
   * @return the outcome, DELEGATED or NONE
   */
  public CompletionStage<WellKnownResult> lookup(String host) {
    String key = host.toLowerCase(Locale.ROOT);
    CompletableFuture<WellKnownResult> entry = cache.get(key, this::load);
    if (isExpired(entry)) {
      // Caffeine may keep an entry a tick past its expiry; expiresAt is the contract.
      cache.asMap().remove(key, entry);
      entry = cache.get(key, this::load);
    }
    CompletableFuture<WellKnownResult> current = entry;
    return entry.thenApply(
        result -> {
          maybeRefresh(key, result, current);
          return result;
        });
  }

  /**
   * The cached, unexpired outcome for a host, without a network call.
   *
   * @param host the lower-case host name
   * @return the outcome, or empty (also while the first fetch is still running)
   */
  public Optional<WellKnownResult> cached(String host) {
    CompletableFuture<WellKnownResult> f = cache.getIfPresent(host.toLowerCase(Locale.ROOT));
    if (f == null || !f.isDone() || f.isCompletedExceptionally() || isExpired(f)) {
      return Optional.empty();
    }
    return Optional.of(f.join());
  }

  /**
   * Forgets the cached outcome (and the error backoff) of a host.
   *
   * @param host the lower-case host name
   */
  public void invalidate(String host) {
    String key = host.toLowerCase(Locale.ROOT);
    cache.synchronous().invalidate(key);
    shared.remove(SharedFormat.wellKnownKey(key));
    backoff.reset(key);
    refreshNotBefore.invalidate(key);
  }

  /**
   * Forgets every host's cached outcome, error backoff and refresh wait on this node (the second
   * level cannot be listed: its entries expire on their own).
   */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
    backoff.resetAll();
    refreshNotBefore.invalidateAll();
  }

  /**
   * The hosts with a cached outcome (possibly just expired, or a fetch under way).
   *
   * @return a copy of the hosts
   */
  public Set<String> cachedHosts() {
    return Set.copyOf(cache.asMap().keySet());
  }

  /**
   * When a host's error backoff ends: a cached outcome other than a delegation is kept until then,
   * and so is the wait before a delegation whose refresh failed is refreshed again.
   *
   * @param host the lower-case host name
   * @return the later of the two, when one is running
   */
  public Optional<Instant> backoffUntil(String host) {
    String key = host.toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    Instant until =
        cached(key)
            .filter(r -> r.outcome() == Outcome.NONE)
            .map(WellKnownResult::expiresAt)
            .orElse(null);
    Instant refreshWait = refreshNotBefore.getIfPresent(key);
    if (refreshWait != null
        && now.isBefore(refreshWait)
        && (until == null || refreshWait.isAfter(until))) {
      until = refreshWait;
    }
    return Optional.ofNullable(until);
  }

  /**
   * Forgets a host's failures: its error backoff, the wait before refreshing its delegation, and a
   * cached outcome other than a delegation, here and in the second level (the next lookup fetches).
   * A cached delegation stays.
   *
   * @param host the lower-case host name
   * @return whether there was any of these
   */
  public boolean resetFailures(String host) {
    String key = host.toLowerCase(Locale.ROOT);
    boolean any = backoff.reset(key);
    any |= refreshNotBefore.asMap().remove(key) != null;
    CompletableFuture<WellKnownResult> entry = cache.getIfPresent(key);
    if (entry != null
        && entry.isDone()
        && !entry.isCompletedExceptionally()
        && entry.join().outcome() == Outcome.NONE) {
      if (cache.asMap().remove(key, entry)) {
        shared.remove(SharedFormat.wellKnownKey(key));
        any = true;
      }
    }
    return any;
  }

  /**
   * When an outcome enters its refresh-ahead window, the last {@code refreshAheadFraction} of its
   * TTL: from then on a lookup of a delegation returns it and starts a background refresh.
   *
   * @param result an outcome of this client
   * @return its expiry less that fraction of its TTL
   */
  public Instant refreshFrom(WellKnownResult result) {
    long aheadNanos = (long) (result.ttl().toNanos() * config.caching().refreshAheadFraction());
    return result.expiresAt().minusNanos(aheadNanos);
  }

  /** Closes the HTTP client; lookups after this fail with NONE outcomes. */
  @Override
  public void close() {
    fetcher.close();
  }

  private CompletableFuture<WellKnownResult> load(String host, Executor ignored) {
    if (!shared.present()) {
      return fetchLater(host);
    }
    return shared
        .read(SharedFormat.wellKnownKey(host))
        .thenCompose(
            value ->
                value
                    .flatMap(v -> SharedFormat.readWellKnown(v, clock.instant()))
                    .map(CompletableFuture::completedFuture)
                    .orElseGet(() -> fetchLater(host)));
  }

  private CompletableFuture<WellKnownResult> fetchLater(String host) {
    try {
      return fetchSafely(host).thenApply(report -> share(host, stamp(host, report)));
    } catch (RejectedExecutionException e) {
      // A bounded managed executor, or one shutting down: no delegation this time.
      return CompletableFuture.completedFuture(
          stamp(
              host,
              FetchReport.transientFailure(
                  null, Failure.CONNECT, "executor rejected the fetch: " + e)));
    }
  }

  private WellKnownResult share(String host, WellKnownResult result) {
    shared.write(SharedFormat.wellKnownKey(host), SharedFormat.write(result), result.expiresAt());
    return result;
  }

  private boolean isExpired(CompletableFuture<WellKnownResult> f) {
    return f.isDone()
        && !f.isCompletedExceptionally()
        && !clock.instant().isBefore(f.join().expiresAt());
  }

  /**
   * Starts a fetch on the executor (never on the caller's thread, which may be inside a cache
   * computation) and reports it to the listener; the returned stage never fails.
   *
   * @throws RejectedExecutionException when the executor refuses the task
   */
  private CompletableFuture<FetchReport> fetchSafely(String host) {
    return CompletableFuture.supplyAsync(() -> fetcher.fetch(host), executor)
        .thenCompose(report -> report)
        .handle(
            (report, failure) -> {
              FetchReport r =
                  failure == null
                      ? report
                      : FetchReport.transientFailure(
                          null, Failure.CONNECT, "internal error: " + failure);
              listener.wellKnownFetched(
                  r.delegates()
                      ? FedrouteListener.FetchOutcome.DELEGATED
                      : r.transientFailure()
                          ? FedrouteListener.FetchOutcome.FAILED
                          : FedrouteListener.FetchOutcome.NOT_DELEGATED);
              return r;
            });
  }

  private WellKnownResult stamp(String host, FetchReport o) {
    Instant now = clock.instant();
    if (o.delegates()) {
      backoff.reset(host);
      Duration ttl = policy.jitter(policy.lifetime(o.headers(), now), random);
      return new WellKnownResult(
          Outcome.DELEGATED,
          o.status(),
          o.mServer(),
          ttl,
          now.plus(ttl),
          null,
          null,
          o.redirects(),
          policy.requested(o.headers(), now).orElse(null));
    }
    Duration ttl = backoff.recordFailure(host);
    return new WellKnownResult(
        Outcome.NONE,
        o.status(),
        null,
        ttl,
        now.plus(ttl),
        o.detail(),
        o.failure(),
        o.redirects(),
        null);
  }

  private void maybeRefresh(
      String key, WellKnownResult current, CompletableFuture<WellKnownResult> entry) {
    if (current.outcome() != Outcome.DELEGATED) {
      return;
    }
    Instant now = clock.instant();
    if (now.isBefore(refreshFrom(current))) {
      return;
    }
    Instant notBefore = refreshNotBefore.getIfPresent(key);
    if (notBefore != null && now.isBefore(notBefore)) {
      return;
    }
    if (refreshing.putIfAbsent(key, Boolean.TRUE) != null) {
      return;
    }
    try {
      fetchSafely(key)
          .thenAccept(report -> refreshed(key, entry, report))
          .whenComplete((v, e) -> refreshing.remove(key));
    } catch (RejectedExecutionException e) {
      refreshing.remove(key); // a later lookup tries again
    }
  }

  private void refreshed(String key, CompletableFuture<WellKnownResult> old, FetchReport o) {
    if (o.transientFailure()) {
      Duration wait = backoff.recordFailure(key);
      refreshNotBefore.put(key, clock.instant().plus(wait));
      return;
    }
    refreshNotBefore.invalidate(key);
    CompletableFuture<WellKnownResult> fresh =
        CompletableFuture.completedFuture(share(key, stamp(key, o)));
    if (!cache.asMap().replace(key, old, fresh)) {
      cache.asMap().putIfAbsent(key, fresh); // the old entry expired meanwhile: keep the new one
    }
  }
}
