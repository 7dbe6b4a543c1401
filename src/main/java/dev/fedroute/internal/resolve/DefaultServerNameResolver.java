package dev.fedroute.internal.resolve;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fedroute.CachedDestination;
import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.SharedCache;
import dev.fedroute.WellKnownResult;
import dev.fedroute.internal.dns.DnsClient;
import dev.fedroute.internal.net.AddressFilter;
import dev.fedroute.internal.observe.GuardedListener;
import dev.fedroute.internal.shared.SecondLevel;
import dev.fedroute.internal.shared.SharedFormat;
import dev.fedroute.internal.time.ClockTicker;
import dev.fedroute.internal.time.CoarseTicker;
import dev.fedroute.internal.time.Deadlines;
import dev.fedroute.internal.wellknown.ErrorBackoff;
import dev.fedroute.internal.wellknown.WellKnownClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The resolver of docs/resolution.md sections 2-6: the steps, a cache of whole resolutions valid
 * until their earliest ingredient expires, coalescing of concurrent resolutions of one name, and
 * the overall deadline. A cached resolution is served by {@link ResolutionHits}: one completed
 * stage, shared by every caller that gets it (so completing or obtruding it is not supported, as
 * for any completed stage one does not own). Thread-safe; close it to stop its threads.
 *
 * <p>With a {@link SharedCache}, a local miss first asks it for a resolution another node made
 * (taken unless it expired or its {@code .well-known} entry is due for its refresh-ahead), and
 * every fresh resolution is written to it; the {@code .well-known} client shares its outcomes the
 * same way.
 */
public final class DefaultServerNameResolver implements ServerNameResolver {
  private final FedrouteConfig config;
  private final InstantSource clock;
  private final DnsClient dns;
  private final WellKnownClient wellKnown;
  private final ResolutionSteps steps;
  private final ErrorBackoff dnsBackoff;
  private final Cache<String, CachedDestination.Failure> lastErrors;
  private final AsyncCache<String, Settled> cache;
  private final Ticker cacheTicker;
  private final UntilStale untilStale = new UntilStale();
  private final ResolutionHits hits;
  private final ExecutorService ownedExecutor;
  private final ExecutorService gridThreads;
  private final Executor background;
  private final SecondLevel shared;

  /**
   * A resolver with the system clock and its own daemon threads.
   *
   * @param config the configuration
   */
  public DefaultServerNameResolver(FedrouteConfig config) {
    this(config, InstantSource.system(), null, RandomGenerator.getDefault());
  }

  /**
   * A resolver with the given clock, executor and randomness (tests, managed executors).
   *
   * @param config the configuration
   * @param clock the time source of every cache decision
   * @param executor runs {@code .well-known} fetches and background refreshes, and completes the
   *     stages that {@link #resolve} returns (so callers' continuations never run on an I/O
   *     thread); {@code null} for the resolver's own small pool of daemon threads (shut down by
   *     {@link #close()})
   * @param random SRV weighting and jitter
   */
  public DefaultServerNameResolver(
      FedrouteConfig config, InstantSource clock, Executor executor, RandomGenerator random) {
    this(config, clock, executor, random, null);
  }

  /**
   * A resolver with a second-level cache shared by a cluster's nodes.
   *
   * @param config the configuration
   * @param clock the time source of every cache decision
   * @param executor as for {@link #DefaultServerNameResolver(FedrouteConfig, InstantSource,
   *     Executor, RandomGenerator)}; also runs the calls to the shared cache
   * @param random SRV weighting and jitter
   * @param sharedCache the second level, or {@code null} for none
   * @throws IllegalArgumentException when the shared cache's timeout is not positive
   */
  public DefaultServerNameResolver(
      FedrouteConfig config,
      InstantSource clock,
      Executor executor,
      RandomGenerator random,
      SharedCache sharedCache) {
    this(config, clock, executor, random, sharedCache, FedrouteListener.NONE);
  }

  /**
   * A resolver with a second-level cache (or none) that reports to a listener.
   *
   * @param config the configuration
   * @param clock the time source of every cache decision
   * @param executor as for {@link #DefaultServerNameResolver(FedrouteConfig, InstantSource,
   *     Executor, RandomGenerator)}; also runs the calls to the shared cache
   * @param random SRV weighting and jitter
   * @param sharedCache the second level, or {@code null} for none
   * @param listener hears resolutions, DNS queries and {@code .well-known} fetches
   * @throws IllegalArgumentException when the shared cache's timeout is not positive
   */
  public DefaultServerNameResolver(
      FedrouteConfig config,
      InstantSource clock,
      Executor executor,
      RandomGenerator random,
      SharedCache sharedCache,
      FedrouteListener listener) {
    FedrouteListener guarded = GuardedListener.of(listener);
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Deadlines.prepare();
    this.ownedExecutor = executor == null ? ownPool() : null;
    this.background = executor == null ? ownedExecutor : executor;
    // A shared cache's calls block (a hanging grid for its whole timeout): on the resolver's own
    // small pool they would stall every resolution, so they get threads of their own.
    this.gridThreads =
        executor == null && sharedCache != null
            ? Executors.newCachedThreadPool(daemonThreads("fedroute-grid-"))
            : null;
    this.shared =
        SecondLevel.of(sharedCache, gridThreads == null ? background : gridThreads, clock);
    AddressFilter filter =
        new AddressFilter(config.addresses().blocklist(), config.addresses().allowlist());
    this.dns = new DnsClient(config, clock, guarded);
    this.wellKnown =
        new WellKnownClient(
            config, new DnsAddressLookup(dns), filter, clock, background, random, shared, guarded);
    this.dnsBackoff =
        new ErrorBackoff(
            config.caching().dnsErrors().initial(),
            config.caching().dnsErrors().max(),
            config.caching().maxSize(),
            ClockTicker.of(clock));
    this.steps =
        new ResolutionSteps(
            config,
            dns,
            wellKnown,
            new TargetLookup(dns, filter, clock, dnsBackoff),
            random,
            guarded);
    // A cached resolution reads no clock on the system clock (CoarseTicker): the hot path.
    this.cacheTicker = CoarseTicker.forClock(clock);
    this.cache = resolutionCache();
    this.hits = new ResolutionHits(cacheTicker, cache::getIfPresent);
    this.lastErrors = lastErrors(config.caching(), clock);
  }

  /** The resolutions, each until it goes stale; what leaves it leaves the hot path too. */
  private AsyncCache<String, Settled> resolutionCache() {
    return Caffeine.newBuilder()
        .maximumSize(config.caching().maxSize())
        .ticker(cacheTicker)
        .expireAfter(untilStale)
        .<String, Settled>removalListener((key, settled, cause) -> forgetHit(key, settled))
        .buildAsync();
  }

  /**
   * The last error of each name, remembered twice as long as the longer of the two maximal error
   * backoffs.
   */
  private static Cache<String, CachedDestination.Failure> lastErrors(
      FedrouteConfig.Caching caching, InstantSource clock) {
    Duration wk = caching.wellKnownErrors().max();
    Duration dnsMax = caching.dnsErrors().max();
    Duration longest = wk.compareTo(dnsMax) >= 0 ? wk : dnsMax;
    return Caffeine.newBuilder()
        .maximumSize(caching.maxSize())
        .expireAfterWrite(longest.multipliedBy(2))
        .ticker(ClockTicker.of(clock))
        .executor(Runnable::run)
        .build();
  }

  private void forgetHit(String key, Settled settled) {
    if (key != null && settled instanceof ResolutionHits.Hit) {
      hits.forget(key, settled);
    }
  }

  @Override
  public CompletionStage<Resolution> resolve(ServerName serverName) {
    Objects.requireNonNull(serverName, "serverName");
    // The hot path: only names the policy let through, without an IP or port, are ever in it.
    CompletableFuture<Resolution> hit = hits.get(serverName.canonical());
    if (hit != null) {
      return hit;
    }
    Optional<String> refusal = config.servers().refusal(serverName);
    if (refusal.isPresent()) {
      return CompletableFuture.failedFuture(
          new FedrouteException(ErrorCode.DESTINATION_DENIED, refusal.get()));
    }
    if (serverName.isIpLiteral() || serverName.port().isPresent()) {
      return handOff(runSteps(serverName));
    }
    String key = serverName.canonical();
    CompletableFuture<Settled> entry = cache.get(key, (k, ignored) -> load(serverName));
    entry.thenAccept(settled -> serveFromHits(key, entry, settled));
    return handOff(entry.thenApply(Settled::resolutionOrThrow));
  }

  private void serveFromHits(String key, CompletableFuture<Settled> entry, Settled settled) {
    if (settled instanceof ResolutionHits.Hit hit) {
      hits.remember(key, hit, () -> cache.getIfPresent(key) == entry);
    }
  }

  private CompletableFuture<Settled> load(ServerName serverName) {
    if (!shared.present()) {
      return run(serverName);
    }
    String key = SharedFormat.resolutionKey(serverName.canonical());
    return shared
        .read(key)
        .thenCompose(
            value ->
                value
                    .flatMap(v -> SharedFormat.readResolution(v, clock.instant()))
                    .filter(r -> r.serverName().equals(serverName) && !dueForRefresh(r))
                    .map(r -> CompletableFuture.completedFuture(settle(r, null)))
                    .orElseGet(() -> run(serverName).thenApply(s -> share(key, s))));
  }

  /** Writes a fresh resolution to the shared cache; a failure is not shared. */
  private Settled share(String key, Settled settled) {
    Resolution r = settled.resolution();
    if (r != null) {
      shared.write(key, SharedFormat.write(r), r.validUntil());
    }
    return settled;
  }

  private CompletableFuture<Settled> run(ServerName serverName) {
    return runSteps(serverName).handle(this::settle);
  }

  /**
   * A finished resolution as the cache keeps it: the hot path's entry, served until the tick the
   * cache will drop it at, or the failure.
   */
  private Settled settle(Resolution resolution, Throwable failure) {
    return resolution != null
        ? new ResolutionHits.Hit(resolution, untilStale.untilTick(resolution, cacheTicker.read()))
        : new Settled.Failed(failure);
  }

  /**
   * Whether a resolution's {@code .well-known} delegation is in its refresh-ahead window: such a
   * resolution from the shared cache is not taken, so that the steps run and the refresh starts.
   */
  private boolean dueForRefresh(Resolution resolution) {
    WellKnownResult wk = resolution.wellKnown();
    return wk.outcome() == WellKnownResult.Outcome.DELEGATED
        && !clock.instant().isBefore(wellKnown.refreshFrom(wk));
  }

  /**
   * Runs the steps, remembering a failure as the name's last error and forgetting it on success.
   */
  private CompletableFuture<Resolution> runSteps(ServerName serverName) {
    return steps
        .run(serverName)
        .toCompletableFuture()
        .whenComplete(
            (resolution, failure) -> {
              if (failure == null) {
                lastErrors.invalidate(serverName.canonical());
              } else if (FedrouteException.unwrap(failure) instanceof FedrouteException e) {
                lastErrors.put(
                    serverName.canonical(),
                    new CachedDestination.Failure(e.code(), e.getMessage(), clock.instant()));
              }
            });
  }

  /**
   * A result still under way is completed on the background executor, so that the caller's
   * continuations never run on dnsjava's I/O thread or the JDK's timer thread; a finished one (a
   * cache hit) is returned as it is.
   */
  private <T> CompletableFuture<T> handOff(CompletableFuture<T> result) {
    return result.isDone() ? result : result.whenCompleteAsync((value, failure) -> {}, background);
  }

  @Override
  public Optional<Resolution> cached(ServerName serverName) {
    CompletableFuture<Settled> entry = cache.getIfPresent(serverName.canonical());
    if (entry == null || !entry.isDone() || entry.isCompletedExceptionally()) {
      return Optional.empty();
    }
    Resolution resolution = entry.join().resolution();
    return resolution == null || !resolution.validUntil().isAfter(clock.instant())
        ? Optional.empty()
        : Optional.of(resolution);
  }

  @Override
  public void invalidate(ServerName serverName) {
    Set<String> dnsNames = new LinkedHashSet<>();
    cached(serverName).ifPresent(r -> addIngredients(r, dnsNames));
    dropResolution(serverName);
    String host = serverName.canonicalHost();
    wellKnown.invalidate(host);
    addHost(host, dnsNames);
    dnsNames.forEach(dns::invalidate);
    dnsNames.forEach(dnsBackoff::reset);
    lastErrors.invalidate(serverName.canonical());
  }

  /** Drops a name's resolution from the cache, the hot path and the shared cache. */
  private void dropResolution(ServerName serverName) {
    cache.synchronous().invalidate(serverName.canonical());
    hits.forget(serverName.canonical());
    shared.remove(SharedFormat.resolutionKey(serverName.canonical()));
  }

  /**
   * The DNS names a resolution was built from: its TLS name's (the delegated host's) and its SRV
   * targets'. Each target's host is one of them, or an IP literal, which is never looked up.
   */
  private static void addIngredients(Resolution resolution, Set<String> names) {
    addHost(resolution.tlsServerName(), names);
    resolution.srvRecords().forEach(r -> names.add(r.target()));
  }

  private static void addHost(String host, Set<String> names) {
    names.add(host);
    names.add("_matrix-fed._tcp." + host);
    names.add("_matrix._tcp." + host);
  }

  @Override
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
    hits.forgetAll();
    wellKnown.invalidateAll();
    dns.invalidateAll();
    dnsBackoff.resetAll();
    lastErrors.invalidateAll();
  }

  @Override
  public List<CachedDestination> cachedDestinations() {
    Set<String> names = new TreeSet<>(cache.asMap().keySet());
    names.addAll(wellKnown.cachedHosts());
    names.addAll(lastErrors.asMap().keySet());
    List<CachedDestination> destinations = new ArrayList<>(names.size());
    for (String name : names) {
      destination(ServerName.parse(name)).ifPresent(destinations::add);
    }
    return List.copyOf(destinations);
  }

  private Optional<CachedDestination> destination(ServerName name) {
    Optional<Resolution> resolution = cached(name);
    Optional<CachedDestination.Failure> lastError =
        Optional.ofNullable(lastErrors.getIfPresent(name.canonical()));
    Optional<Instant> backoffUntil = backoffUntil(name, resolution);
    if (resolution.isEmpty() && lastError.isEmpty() && backoffUntil.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new CachedDestination(
            name,
            resolution.map(Resolution::step),
            resolution.map(Resolution::targets).orElse(List.of()),
            resolution.map(Resolution::validUntil),
            lastError,
            backoffUntil));
  }

  private Optional<Instant> backoffUntil(ServerName name, Optional<Resolution> resolution) {
    Optional<Instant> latest = Optional.empty();
    if (!name.isIpLiteral() && name.port().isEmpty()) {
      latest = wellKnown.backoffUntil(name.canonicalHost());
    }
    for (String dnsName : dnsNames(name, resolution)) {
      latest = later(latest, dnsBackoff.backoffUntil(dnsName));
    }
    return latest;
  }

  private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().isAfter(a.get()) ? b : a;
  }

  /**
   * The DNS names a destination's resolution asks about: its host's (and their SRV services'), its
   * delegated host's while the delegation is cached, and its cached resolution's ingredients.
   */
  private Set<String> dnsNames(ServerName name, Optional<Resolution> resolution) {
    Set<String> names = new LinkedHashSet<>();
    if (name.isIpLiteral()) {
      return names;
    }
    String host = name.canonicalHost();
    addHost(host, names);
    if (name.port().isEmpty()) {
      wellKnown
          .cached(host)
          .flatMap(WellKnownResult::delegation)
          .map(DefaultServerNameResolver::delegatedHost)
          .ifPresent(delegated -> addHost(delegated, names));
    }
    resolution.ifPresent(r -> addIngredients(r, names));
    return names;
  }

  private static String delegatedHost(String mServer) {
    try {
      return ServerName.parse(mServer).canonicalHost();
    } catch (FedrouteException e) {
      return mServer.toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public boolean resetBackoff(ServerName serverName) {
    Objects.requireNonNull(serverName, "serverName");
    Optional<Resolution> resolution = cached(serverName);
    boolean reset = lastErrors.asMap().remove(serverName.canonical()) != null;
    for (String dnsName : dnsNames(serverName, resolution)) {
      reset |= dnsBackoff.reset(dnsName);
    }
    if (!serverName.isIpLiteral() && serverName.port().isEmpty()) {
      reset |= wellKnown.resetFailures(serverName.canonicalHost());
    }
    if (reset) {
      // Its lifetime was cut short by what failed: the next resolution retries it at once.
      dropResolution(serverName);
    }
    return reset;
  }

  @Override
  public void close() {
    if (cacheTicker instanceof CoarseTicker coarse) {
      coarse.close();
    }
    wellKnown.close();
    dns.close();
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
    if (gridThreads != null) {
      gridThreads.shutdownNow();
    }
  }

  /**
   * The resolver's own threads when it is given none: as many as cores (at least two), idle ones
   * ending after a while. Nothing on them waits for the network (DNS and {@code .well-known}
   * fetches are asynchronous), so a few threads serve any number of resolutions at once.
   */
  private static ExecutorService ownPool() {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("fedroute-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Keeps a resolution until its earliest ingredient expires, or until its {@code .well-known}
   * entry enters its refresh-ahead window, so that a lookup then refreshes it in the background.
   */
  private final class UntilStale implements Expiry<String, Settled> {
    @Override
    public long expireAfterCreate(String key, Settled settled, long currentTime) {
      return settled instanceof ResolutionHits.Hit hit
          ? Math.max(0, hit.untilTick - currentTime)
          : 0;
    }

    /** The tick at which a resolution stops being served. */
    long untilTick(Resolution value, long currentTime) {
      // currentTime is the cache's ticker on this resolver's clock (ClockTicker, or CoarseTicker
      // running a little ahead of it): epoch nanoseconds.
      long until = ClockTicker.epochNanos(value.validUntil());
      WellKnownResult wk = value.wellKnown();
      if (wk.outcome() == WellKnownResult.Outcome.DELEGATED) {
        long refreshFrom = ClockTicker.epochNanos(wellKnown.refreshFrom(wk));
        // Already inside the refresh window (the refresh is under way or failed for a while):
        // look again after the error backoff rather than recomputing on every call.
        long lookAgain =
            refreshFrom > currentTime
                ? refreshFrom
                : currentTime + config.caching().wellKnownErrors().initial().toNanos();
        until = Math.min(until, lookAgain);
      }
      return until;
    }

    @Override
    public long expireAfterUpdate(
        String key, Settled value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(String key, Settled value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
