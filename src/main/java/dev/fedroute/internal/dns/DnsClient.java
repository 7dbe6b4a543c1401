package dev.fedroute.internal.dns;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteListener;
import dev.fedroute.internal.time.ClockTicker;
import dev.fedroute.internal.time.ExpireAt;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.NioClient;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The only class that touches dnsjava: SRV and A/AAAA lookups against the configured servers, with
 * positive and negative caching, serve-stale and coalescing of concurrent lookups. Thread-safe.
 *
 * <p>Every answer is cached per lower-cased name and record type: positive answers for the least
 * TTL of the records used (CNAMEs included), negative ones (NXDOMAIN, NODATA) for the SOA's {@code
 * min(TTL, MINIMUM)} (RFC 2308) or {@link FedrouteConfig#dnsNegativeTtlDefault()} without SOA,
 * never longer than {@link FedrouteConfig#dnsNegativeTtlMax()}. Failures are not cached; a positive
 * answer is kept for {@link FedrouteConfig#serveStaleFor()} past its expiry and served, marked
 * stale, when asking again fails (RFC 8767). Concurrent lookups of one name and type share one
 * query. Every expiry follows the injected clock.
 *
 * <p>The cache holds one value per host (a {@link HostAnswers}): its A and AAAA answers and those
 * of its {@code _matrix-fed._tcp} and {@code _matrix._tcp} SRV records, keyed by the host's name as
 * the caller gave it (so a resolution and the cache share that string), at most twice {@link
 * FedrouteConfig.Caching#maxSize()} hosts: room for as many server names as the other caches hold
 * and as many SRV targets besides. It keeps what the resolver uses (addresses, SRV records), not
 * dnsjava's records, and hands out the same immutable lists each time, so that resolutions share
 * them with the cache instead of copying. Lookups under way are kept apart, in a map of their own.
 *
 * <p>Queries go to {@link FedrouteConfig#dnsServers()}, or to the system's servers when that is
 * empty, over UDP with a TCP retry when the answer is truncated. One query, retries and failover
 * included, takes at most {@link FedrouteConfig#dnsQueryTimeout()}; no thread waits for it.
 */
public final class DnsClient implements AutoCloseable {
  private static final int ATTEMPTS_PER_SERVER = 2;
  private static final Duration MIN_ATTEMPT_TIMEOUT = Duration.ofMillis(10);

  /** Hosts in the cache per {@link FedrouteConfig.Caching#maxSize()}. */
  private static final int HOSTS_PER_CACHED_NAME = 2;

  private final InstantSource clock;
  private final FedrouteListener listener;
  private final QueryRunner runner;

  /** Keyed by a host ({@code String}) or, for SRV records of any other name, a {@link Named}. */
  private final Cache<Object, HostAnswers> cache;

  /** The lookups under way, each completed by its one query. */
  private final ConcurrentMap<Flight, CompletableFuture<RecordAnswer>> inFlight =
      new ConcurrentHashMap<>();

  private final long serveStaleNanos;

  /**
   * Open clients in this class loader. dnsjava's I/O threads belong to its classes, so the last
   * client to close stops them: an undeployed application leaves no dnsjava thread behind.
   */
  private static final AtomicInteger OPEN_CLIENTS = new AtomicInteger();

  private static final String SHUTDOWN_HOOK_PROPERTY = "dnsjava.nio.register_shutdown_hook";

  static {
    // dnsjava would register a JVM shutdown hook each time its selector starts. In an application
    // server the hook pins the undeployed application's class loader. Fedroute closes the selector
    // itself (close() below), and the selector thread is a daemon, so the hook is not needed. An
    // explicit setting of the property is respected.
    if (System.getProperty(SHUTDOWN_HOOK_PROPERTY) == null) {
      System.setProperty(SHUTDOWN_HOOK_PROPERTY, "false");
    }
  }

  private final AtomicBoolean closedOnce = new AtomicBoolean();
  private final Duration failureRetry;

  /**
   * The cache key of the SRV records of a name that is no Matrix service's (of no host): kept in
   * the slot of {@link SrvService#MATRIX_FED} of its own value, asked for the name itself.
   */
  private record Named(String name) {}

  /** A lookup under way: a cache key and a slot of its value. */
  private record Flight(Object key, int slot) {}

  /**
   * Creates a client.
   *
   * @param config servers, timeouts and cache limits
   * @param clock the time source of every cache decision
   * @throws IllegalStateException when no server is configured and the system has none
   */
  public DnsClient(FedrouteConfig config, InstantSource clock) {
    this(config, clock, FedrouteListener.NONE);
  }

  /**
   * Creates a client that reports each lookup sent over the network.
   *
   * @param config servers, timeouts and cache limits
   * @param clock the time source of every cache decision
   * @param listener hears each lookup that was not answered from the cache; must not throw
   * @throws IllegalStateException when no server is configured and the system has none
   */
  public DnsClient(FedrouteConfig config, InstantSource clock, FedrouteListener listener) {
    this(DnsSettings.from(Objects.requireNonNull(config, "config")), clock, listener);
  }

  DnsClient(DnsSettings settings, InstantSource clock) {
    this(settings, clock, FedrouteListener.NONE);
  }

  private DnsClient(DnsSettings settings, InstantSource clock, FedrouteListener listener) {
    this(settings, clock, listener, newResolver(settings));
  }

  /** A client asking the given resolver (the fuzz tests' answers from bytes). */
  DnsClient(DnsSettings settings, InstantSource clock, Resolver resolver) {
    this(settings, clock, FedrouteListener.NONE, resolver);
  }

  private DnsClient(
      DnsSettings settings, InstantSource clock, FedrouteListener listener, Resolver resolver) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.failureRetry = settings.failureRetry();
    this.serveStaleNanos = ClockTicker.nanos(settings.serveStaleFor());
    this.runner = new QueryRunner(resolver, settings, clock);
    long keep = serveStaleNanos;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize((long) settings.cacheMaxSize() * HOSTS_PER_CACHED_NAME)
            .ticker(ClockTicker.of(clock))
            .expireAfter(ExpireAt.<Object, HostAnswers>ofEpochNanos(v -> v.keepUntil(keep)))
            .build();
    // Last: a constructor that throws must not count as an open client, or close() of the others
    // would never stop dnsjava's threads.
    OPEN_CLIENTS.incrementAndGet();
  }

  /**
   * Looks up SRV records, for example of {@code _matrix-fed._tcp.example.org}. Never fails: a
   * failure is a FAILED answer. The name of a Matrix service is kept with its host's answers, as
   * {@link #srv(SrvService, String)} keeps it.
   *
   * @param serviceName the lower-case service name without trailing dot
   * @return the answer
   */
  public CompletionStage<SrvAnswer> srv(String serviceName) {
    String name = normalize(serviceName);
    SrvService service = SrvService.of(name);
    if (service != null) {
      return srv(service, service.hostOf(name));
    }
    return lookup(new Named(name), HostAnswers.slotOf(SrvService.MATRIX_FED))
        .thenApply(this::toSrvAnswer);
  }

  /**
   * Looks up the SRV records of a Matrix service of a host, for example {@code
   * _matrix-fed._tcp.example.org} for {@link SrvService#MATRIX_FED} and {@code example.org}. Never
   * fails: a failure is a FAILED answer.
   *
   * @param service the service
   * @param host the lower-case host without trailing dot
   * @return the answer
   */
  public CompletionStage<SrvAnswer> srv(SrvService service, String host) {
    Objects.requireNonNull(service, "service");
    return lookup(normalize(host), HostAnswers.slotOf(service)).thenApply(this::toSrvAnswer);
  }

  /**
   * Looks up A and AAAA in parallel, following CNAMEs. Never fails: a failure is a FAILED answer.
   * The same addresses are answered in the same list, also by later lookups, as long as they are
   * cached.
   *
   * @param host the lower-case host without trailing dot
   * @return the answer
   */
  public CompletionStage<AddressAnswer> addresses(String host) {
    String key = normalize(host);
    CompletableFuture<RecordAnswer> v6 = lookup(key, HostAnswers.AAAA);
    CompletableFuture<RecordAnswer> v4 = lookup(key, HostAnswers.A);
    return v6.thenCombine(v4, this::merge);
  }

  /**
   * Drops every cached answer for a name, stale ones included: its A and AAAA answers and its SRV
   * records (a Matrix service's name drops that service's records of its host).
   *
   * @param name the lower-case name
   */
  public void invalidate(String name) {
    String key = normalize(name);
    drop(key, HostAnswers.A);
    drop(key, HostAnswers.AAAA);
    drop(new Named(key), HostAnswers.slotOf(SrvService.MATRIX_FED));
    SrvService service = SrvService.of(key);
    if (service != null) {
      drop(service.hostOf(key), HostAnswers.slotOf(service));
    }
  }

  /**
   * Drops a slot's answer. The lookup under way is forgotten first, so that its answer, arriving
   * later, is not kept.
   */
  private void drop(Object key, int slot) {
    inFlight.remove(new Flight(key, slot));
    cache.asMap().computeIfPresent(key, (k, answers) -> answers.without(slot));
  }

  /** Drops every cached answer; lookups under way still complete for their callers. */
  public void invalidateAll() {
    inFlight.clear();
    cache.invalidateAll();
  }

  /**
   * Empties the cache; later lookups answer FAILED. Lookups under way still complete, unless this
   * is the last open client of its class loader: then dnsjava's shared I/O threads are stopped too.
   */
  @Override
  public void close() {
    boolean first = closedOnce.compareAndSet(false, true);
    invalidateAll();
    if (first && OPEN_CLIENTS.decrementAndGet() == 0) {
      NioClient.close();
    }
  }

  private CompletableFuture<RecordAnswer> lookup(Object key, int slot) {
    if (closedOnce.get()) {
      return failedNow("DNS client closed");
    }
    HostAnswers cached = cache.getIfPresent(key);
    if (cached != null && cached.freshAt(slot, now())) {
      return CompletableFuture.completedFuture(cached.answer(slot, queryName(key, slot)));
    }
    String name = queryName(key, slot);
    Name parsed;
    try {
      parsed = Name.fromString(name + ".");
    } catch (TextParseException e) {
      return failedNow("invalid name '" + name + "': " + e.getMessage());
    }
    Flight flight = new Flight(key, slot);
    while (true) {
      CompletableFuture<RecordAnswer> current = inFlight.get(flight);
      if (current != null) {
        return current;
      }
      CompletableFuture<RecordAnswer> mine = new CompletableFuture<>();
      if (inFlight.putIfAbsent(flight, mine) == null) {
        // An answer may have been kept since the cache was read, and its lookup ended.
        HostAnswers kept = cache.getIfPresent(key);
        if (kept != null && kept.freshAt(slot, now())) {
          inFlight.remove(flight, mine);
          mine.complete(kept.answer(slot, name));
          return mine;
        }
        return query(flight, parsed, mine);
      }
    }
  }

  /** Asks the servers and completes {@code mine}, the lookup under way of {@code flight}. */
  private CompletableFuture<RecordAnswer> query(
      Flight flight, Name name, CompletableFuture<RecordAnswer> mine) {
    int type = HostAnswers.typeOf(flight.slot());
    runner
        .lookup(name, type)
        .whenComplete(
            (answer, error) -> {
              long now = now();
              RecordAnswer result =
                  error == null ? answer : RecordAnswer.failed(List.of(), now, error.toString());
              if (result.status() == LookupStatus.FAILED) {
                HostAnswers previous = cache.getIfPresent(flight.key());
                if (previous != null
                    && previous.servableStaleAt(flight.slot(), now, serveStaleNanos)) {
                  result =
                      previous
                          .answer(flight.slot(), QueryRunner.text(name))
                          .asStale(result.detail());
                }
              }
              listener.dnsQueried(Type.string(type), status(result.status()));
              RecordAnswer done = result;
              // Kept (a failure never is, and a stale answer is already) while this is still the
              // lookup under way: then no caller can find neither the answer nor the lookup.
              inFlight.computeIfPresent(
                  flight,
                  (f, current) -> {
                    if (current != mine) {
                      return current;
                    }
                    if (done.status() != LookupStatus.FAILED && !done.stale()) {
                      keep(f, done);
                    }
                    return null;
                  });
              mine.complete(done);
            });
    return mine;
  }

  private void keep(Flight flight, RecordAnswer answer) {
    cache
        .asMap()
        .compute(
            flight.key(),
            (k, answers) ->
                answers == null
                    ? HostAnswers.of(flight.slot(), answer)
                    : answers.with(flight.slot(), answer));
  }

  /** The name a slot's records are asked for. */
  private static String queryName(Object key, int slot) {
    if (key instanceof Named named) {
      return named.name();
    }
    String host = (String) key;
    SrvService service = HostAnswers.serviceOf(slot);
    return service == null ? host : service.nameOf(host);
  }

  private long now() {
    return ClockTicker.epochNanos(clock.instant());
  }

  private static FedrouteListener.DnsStatus status(LookupStatus status) {
    return switch (status) {
      case FOUND -> FedrouteListener.DnsStatus.FOUND;
      case NOT_FOUND -> FedrouteListener.DnsStatus.NOT_FOUND;
      case FAILED -> FedrouteListener.DnsStatus.FAILED;
    };
  }

  private CompletableFuture<RecordAnswer> failedNow(String detail) {
    return CompletableFuture.completedFuture(RecordAnswer.failed(List.of(), now(), detail));
  }

  private SrvAnswer toSrvAnswer(RecordAnswer answer) {
    return new SrvAnswer(
        answer.status(),
        answer.srvRecords(),
        ClockTicker.instant(answer.reportedExpiry(now())),
        answer.stale(),
        answer.detail());
  }

  /**
   * A half that failed while the other found addresses is retried after the error backoff: the
   * answer stays usable meanwhile, instead of expiring at once and making every caller wait for the
   * failing lookup again.
   */
  private Instant expiryOfHalf(RecordAnswer half, LookupStatus merged, Instant now) {
    if (merged == LookupStatus.FOUND && half.status() == LookupStatus.FAILED && !half.stale()) {
      return now.plus(failureRetry);
    }
    return ClockTicker.instant(half.reportedExpiry(ClockTicker.epochNanos(now)));
  }

  private AddressAnswer merge(RecordAnswer v6, RecordAnswer v4) {
    Instant now = clock.instant();
    List<InetAddress> addresses = concat(v6.addresses(), v4.addresses());
    LookupStatus status;
    if (!addresses.isEmpty()) {
      status = LookupStatus.FOUND;
    } else if (v6.status() == LookupStatus.FAILED || v4.status() == LookupStatus.FAILED) {
      status = LookupStatus.FAILED;
    } else {
      status = LookupStatus.NOT_FOUND;
    }
    Instant v6Expiry = expiryOfHalf(v6, status, now);
    Instant v4Expiry = expiryOfHalf(v4, status, now);
    return new AddressAnswer(
        status,
        addresses,
        v6Expiry.isBefore(v4Expiry) ? v6Expiry : v4Expiry,
        v6.stale() || v4.stale(),
        chainOf(v6, v4),
        detailOf(v6, v4));
  }

  /** Both lists, IPv6 first: one of them itself (not a copy) when the other is empty. */
  private static List<InetAddress> concat(List<InetAddress> v6, List<InetAddress> v4) {
    if (v4.isEmpty()) {
      return v6;
    }
    if (v6.isEmpty()) {
      return v4;
    }
    List<InetAddress> both = new ArrayList<>(v6.size() + v4.size());
    both.addAll(v6);
    both.addAll(v4);
    return both;
  }

  private static List<String> chainOf(RecordAnswer v6, RecordAnswer v4) {
    if (v6.status() == LookupStatus.FOUND) {
      return v6.cnameChain();
    }
    if (v4.status() == LookupStatus.FOUND) {
      return v4.cnameChain();
    }
    return v6.cnameChain().size() >= v4.cnameChain().size() ? v6.cnameChain() : v4.cnameChain();
  }

  private static String detailOf(RecordAnswer v6, RecordAnswer v4) {
    List<String> parts = new ArrayList<>();
    if (v6.detail() != null) {
      parts.add("AAAA: " + v6.detail());
    }
    if (v4.detail() != null) {
      parts.add("A: " + v4.detail());
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  private static String normalize(String name) {
    Objects.requireNonNull(name, "name");
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static Resolver newResolver(DnsSettings settings) {
    List<InetSocketAddress> servers =
        settings.servers().isEmpty()
            ? ResolverConfig.getCurrentConfig().servers()
            : settings.servers();
    if (servers.isEmpty()) {
      throw new IllegalStateException(
          "no DNS server configured (dnsServers) and none found in the system configuration");
    }
    List<Resolver> resolvers = new ArrayList<>();
    servers.forEach(server -> resolvers.add(new SimpleResolver(server)));
    ExtendedResolver resolver = new ExtendedResolver(resolvers);
    resolver.setRetries(ATTEMPTS_PER_SERVER);
    resolver.setLoadBalance(false);
    Duration perAttempt =
        settings.queryTimeout().dividedBy((long) ATTEMPTS_PER_SERVER * servers.size());
    resolver.setTimeout(
        perAttempt.compareTo(MIN_ATTEMPT_TIMEOUT) < 0 ? MIN_ATTEMPT_TIMEOUT : perAttempt);
    return resolver;
  }
}
