package dev.fedroute.internal.dns;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution.SrvRecord;
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
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.NioClient;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The only class that touches dnsjava: SRV and A/AAAA lookups against the configured servers, with
 * positive and negative caching, serve-stale and coalescing of concurrent lookups. Thread-safe.
 *
 * <p>Every answer is cached per lower-cased name and record type (at most {@link
 * FedrouteConfig.Caching#maxSize()} names for each of SRV, A and AAAA): positive answers for the
 * least TTL of the records used (CNAMEs included), negative ones (NXDOMAIN, NODATA) for the SOA's
 * {@code min(TTL, MINIMUM)} (RFC 2308) or {@link FedrouteConfig#dnsNegativeTtlDefault()} without
 * SOA, never longer than {@link FedrouteConfig#dnsNegativeTtlMax()}. Failures are not cached; a
 * positive answer is kept for {@link FedrouteConfig#serveStaleFor()} past its expiry and served,
 * marked stale, when asking again fails (RFC 8767). Concurrent lookups of one name and type share
 * one query. Every expiry follows the injected clock.
 *
 * <p>Queries go to {@link FedrouteConfig#dnsServers()}, or to the system's servers when that is
 * empty, over UDP with a TCP retry when the answer is truncated. One query, retries and failover
 * included, takes at most {@link FedrouteConfig#dnsQueryTimeout()}; no thread waits for it.
 */
public final class DnsClient implements AutoCloseable {
  private static final int ATTEMPTS_PER_SERVER = 2;
  private static final Duration MIN_ATTEMPT_TIMEOUT = Duration.ofMillis(10);

  private final InstantSource clock;
  private final FedrouteListener listener;
  private final QueryRunner runner;
  private final AsyncCache<Key, CachedAnswer> cache;

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
   * Every record type a {@link Key} can have: those asked by {@link #srv} and {@link #addresses}.
   */
  private static final List<Integer> CACHED_TYPES = List.of(Type.SRV, Type.A, Type.AAAA);

  private record Key(String name, int type) {}

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
    this.runner = new QueryRunner(resolver, settings, clock);
    this.cache =
        Caffeine.newBuilder()
            // One entry per name and record type: room for cacheMaxSize names with each type
            // asked, so that as many names as the other caches hold keep their stale answers.
            .maximumSize((long) settings.cacheMaxSize() * CACHED_TYPES.size())
            .ticker(ClockTicker.of(clock))
            .expireAfter(ExpireAt.<Key, CachedAnswer>of(CachedAnswer::keepUntil))
            .buildAsync();
    // Last: a constructor that throws must not count as an open client, or close() of the others
    // would never stop dnsjava's threads.
    OPEN_CLIENTS.incrementAndGet();
  }

  /**
   * Looks up SRV records, for example of {@code _matrix-fed._tcp.example.org}. Never fails: a
   * failure is a FAILED answer.
   *
   * @param serviceName the lower-case service name without trailing dot
   * @return the answer
   */
  public CompletionStage<SrvAnswer> srv(String serviceName) {
    return lookup(serviceName, Type.SRV).thenApply(this::toSrvAnswer);
  }

  /**
   * Looks up A and AAAA in parallel, following CNAMEs. Never fails: a failure is a FAILED answer.
   *
   * @param host the lower-case host without trailing dot
   * @return the answer
   */
  public CompletionStage<AddressAnswer> addresses(String host) {
    CompletableFuture<CachedAnswer> v6 = lookup(host, Type.AAAA);
    CompletableFuture<CachedAnswer> v4 = lookup(host, Type.A);
    return v6.thenCombine(v4, this::merge);
  }

  /**
   * Drops every cached answer for a name, stale ones included.
   *
   * @param name the lower-case name
   */
  public void invalidate(String name) {
    String key = normalize(name);
    ConcurrentMap<Key, CompletableFuture<CachedAnswer>> map = cache.asMap();
    for (int type : CACHED_TYPES) {
      map.remove(new Key(key, type));
    }
  }

  /** Drops every cached answer; lookups under way still complete for their callers. */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }

  /**
   * Empties the cache; later lookups answer FAILED. Lookups under way still complete, unless this
   * is the last open client of its class loader: then dnsjava's shared I/O threads are stopped too.
   */
  @Override
  public void close() {
    boolean first = closedOnce.compareAndSet(false, true);
    cache.synchronous().invalidateAll();
    if (first && OPEN_CLIENTS.decrementAndGet() == 0) {
      NioClient.close();
    }
  }

  private CompletableFuture<CachedAnswer> lookup(String rawName, int type) {
    String name = normalize(rawName);
    Name parsed;
    try {
      parsed = Name.fromString(name + ".");
    } catch (TextParseException e) {
      return failedNow("invalid name '" + rawName + "': " + e.getMessage());
    }
    if (closedOnce.get()) {
      return failedNow("DNS client closed");
    }
    Key key = new Key(name, type);
    ConcurrentMap<Key, CompletableFuture<CachedAnswer>> map = cache.asMap();
    while (true) {
      CompletableFuture<CachedAnswer> current = map.get(key);
      if (current == null) {
        CompletableFuture<CachedAnswer> mine = new CompletableFuture<>();
        if (map.putIfAbsent(key, mine) == null) {
          return query(key, parsed, null, mine);
        }
      } else if (!current.isDone() || current.join().freshAt(clock.instant())) {
        return current;
      } else {
        CompletableFuture<CachedAnswer> mine = new CompletableFuture<>();
        if (map.replace(key, current, mine)) {
          return query(key, parsed, current.join(), mine);
        }
      }
    }
  }

  /** Asks the servers and completes {@code mine}, which is already in the cache. */
  private CompletableFuture<CachedAnswer> query(
      Key key, Name name, CachedAnswer previous, CompletableFuture<CachedAnswer> mine) {
    runner
        .lookup(name, key.type())
        .whenComplete(
            (answer, error) -> {
              Instant now = clock.instant();
              CachedAnswer result =
                  error == null ? answer : CachedAnswer.failed(List.of(), now, error.toString());
              if (result.status() == LookupStatus.FAILED
                  && previous != null
                  && previous.servableStaleAt(now)) {
                result = previous.asStale(result.detail());
              }
              listener.dnsQueried(Type.string(key.type()), status(result.status()));
              mine.complete(result);
              if (result.status() == LookupStatus.FAILED) {
                cache.asMap().remove(key, mine);
              }
            });
    return mine;
  }

  private static FedrouteListener.DnsStatus status(LookupStatus status) {
    return switch (status) {
      case FOUND -> FedrouteListener.DnsStatus.FOUND;
      case NOT_FOUND -> FedrouteListener.DnsStatus.NOT_FOUND;
      case FAILED -> FedrouteListener.DnsStatus.FAILED;
    };
  }

  private CompletableFuture<CachedAnswer> failedNow(String detail) {
    return CompletableFuture.completedFuture(
        CachedAnswer.failed(List.of(), clock.instant(), detail));
  }

  private SrvAnswer toSrvAnswer(CachedAnswer answer) {
    List<SrvRecord> records = new ArrayList<>();
    for (var r : answer.records()) {
      SRVRecord srv = (SRVRecord) r;
      records.add(
          new SrvRecord(
              srv.getPriority(),
              srv.getWeight(),
              srv.getPort(),
              QueryRunner.text(srv.getTarget())));
    }
    return new SrvAnswer(
        answer.status(),
        records,
        answer.reportedExpiry(clock.instant()),
        answer.stale(),
        answer.detail());
  }

  /**
   * A half that failed while the other found addresses is retried after the error backoff: the
   * answer stays usable meanwhile, instead of expiring at once and making every caller wait for the
   * failing lookup again.
   */
  private Instant expiryOfHalf(CachedAnswer half, LookupStatus merged, Instant now) {
    if (merged == LookupStatus.FOUND && half.status() == LookupStatus.FAILED && !half.stale()) {
      return now.plus(failureRetry);
    }
    return half.reportedExpiry(now);
  }

  private AddressAnswer merge(CachedAnswer v6, CachedAnswer v4) {
    Instant now = clock.instant();
    List<InetAddress> addresses = new ArrayList<>(Addresses.of(v6.records()));
    addresses.addAll(Addresses.of(v4.records()));
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

  private static List<String> chainOf(CachedAnswer v6, CachedAnswer v4) {
    if (v6.status() == LookupStatus.FOUND) {
      return v6.cnameChain();
    }
    if (v4.status() == LookupStatus.FOUND) {
      return v4.cnameChain();
    }
    return v6.cnameChain().size() >= v4.cnameChain().size() ? v6.cnameChain() : v4.cnameChain();
  }

  private static String detailOf(CachedAnswer v6, CachedAnswer v4) {
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
