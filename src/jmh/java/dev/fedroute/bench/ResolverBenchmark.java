package dev.fedroute.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.internal.net.AddressFilter;
import dev.fedroute.internal.resolve.DefaultServerNameResolver;
import dev.fedroute.testing.TestWorld;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot paths of a homeserver sending federation traffic: a cached resolution, parsing a server
 * name, and the blocklist check, each beside a baseline measured in the same run (a bare Caffeine
 * hit, {@code String.toLowerCase}, one {@code Cidr.contains}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResolverBenchmark {
  private TestWorld world;
  private DefaultServerNameResolver resolver;
  private ServerName srvName;
  private Cache<String, String> baselineCache;
  private final ConcurrentHashMap<String, String> baselineMap = new ConcurrentHashMap<>();
  private Cache<String, String> expiringCache;
  private com.github.benmanes.caffeine.cache.AsyncCache<String, String> coarseAsyncCache;
  private AddressFilter filter;
  private InetAddress publicV4;
  private InetAddress teredo;
  private dev.fedroute.Cidr oneRange;

  /** Starts DNS on loopback and warms the resolution cache. */
  @Setup(Level.Trial)
  public void setUp() {
    world =
        TestWorld.start(
            List.of(
                "_matrix-fed._tcp.bench.example.test. 3600 IN SRV 10 5 8448 t.example.test.",
                "t.example.test. 3600 IN A 127.0.20.1",
                "t.example.test. 3600 IN AAAA ::1"),
            "unused.example.test");
    // On the system clock, as in production (the world's resolvers use its fake clock).
    resolver =
        new DefaultServerNameResolver(
            world.config().wellKnownEnabled(false).build(),
            java.time.InstantSource.system(),
            null,
            new java.util.SplittableRandom(7));
    srvName = ServerName.parse("bench.example.test");
    resolver.resolveBlocking("bench.example.test");
    baselineCache = Caffeine.newBuilder().maximumSize(10_000).build();
    baselineCache.put("bench.example.test", "x");
    baselineMap.put("bench.example.test", "x");
    expiringCache =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(java.time.Duration.ofHours(1))
            .ticker(dev.fedroute.internal.time.ClockTicker.of(java.time.InstantSource.system()))
            .build();
    expiringCache.put("bench.example.test", "x");
    coarseAsyncCache =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .ticker(
                dev.fedroute.internal.time.CoarseTicker.forClock(
                    java.time.InstantSource.system()))
            .expireAfter(
                com.github.benmanes.caffeine.cache.Expiry.<String, String>creating(
                    (k, v) -> java.time.Duration.ofHours(1)))
            .buildAsync();
    coarseAsyncCache.put(
        "bench.example.test", java.util.concurrent.CompletableFuture.completedFuture("x"));
    filter = new AddressFilter(FedrouteConfig.DEFAULT_BLOCKLIST, List.of());
    publicV4 = IpAddresses.parse("93.184.216.34").orElseThrow();
    teredo = IpAddresses.parse("2001:0:4136:e378:8000:63bf:f7f7:f7f7").orElseThrow();
    oneRange = dev.fedroute.Cidr.parse("10.0.0.0/8");
  }

  /** Stops the servers. */
  @TearDown(Level.Trial)
  public void tearDown() {
    resolver.close();
    world.close();
  }

  /** A resolution served from the resolution cache. */
  @Benchmark
  public Resolution cachedResolution() {
    return resolver.resolve(srvName).toCompletableFuture().join();
  }

  /** A resolution served from the resolution cache, two threads at once. */
  @Benchmark
  @Threads(2)
  public Resolution cachedResolutionTwoThreads() {
    return resolver.resolve(srvName).toCompletableFuture().join();
  }

  /** Baseline: a {@code ConcurrentHashMap.get} on the same key, two threads at once. */
  @Benchmark
  @Threads(2)
  public String baselineMapGetTwoThreads() {
    return baselineMap.get("bench.example.test");
  }

  /** Baseline: a bare Caffeine cache hit. */
  @Benchmark
  public String baselineCaffeineHit() {
    return baselineCache.getIfPresent("bench.example.test");
  }

  /**
   * Baseline: a Caffeine hit in a cache that expires entries on the system clock, as the
   * resolution cache does: every read reads the clock.
   */
  @Benchmark
  public String baselineExpiringCaffeineHit() {
    return expiringCache.getIfPresent("bench.example.test");
  }

  /**
   * Baseline: a hit in an async Caffeine cache with per-entry expiry on the coarse ticker, as the
   * resolution cache is: what a cached resolution would cost without the map beside the cache.
   */
  @Benchmark
  public String baselineCoarseAsyncCaffeineHit() {
    return coarseAsyncCache.getIfPresent("bench.example.test").join();
  }

  /** Baseline: a {@code ConcurrentHashMap.get} on the same key. */
  @Benchmark
  public String baselineMapGet() {
    return baselineMap.get("bench.example.test");
  }

  /** Parsing and validating a server name with a port. */
  @Benchmark
  public ServerName parseServerName() {
    return ServerName.parse("Matrix.Example.org:8448");
  }

  /** Baseline: lower-casing the same text. */
  @Benchmark
  public String baselineLowerCase() {
    return "Matrix.Example.org:8448".toLowerCase(java.util.Locale.ROOT);
  }

  /** The whole default blocklist on a public IPv4 address (not blocked: every range checked). */
  @Benchmark
  public boolean blocklistPublicIpv4() {
    return filter.isBlocked(publicV4);
  }

  /** The whole default blocklist on a Teredo address (embedded IPv4 decoded). */
  @Benchmark
  public boolean blocklistTeredo() {
    return filter.isBlocked(teredo);
  }

  /** Baseline: one CIDR range check. */
  @Benchmark
  public boolean baselineOneCidr() {
    return oneRange.contains(publicV4);
  }
}
