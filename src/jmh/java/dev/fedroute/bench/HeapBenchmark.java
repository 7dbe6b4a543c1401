package dev.fedroute.bench;

import dev.fedroute.ServerName;
import dev.fedroute.internal.resolve.DefaultServerNameResolver;
import dev.fedroute.testing.TestWorld;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The heap that 100,000 cached resolutions take: a fresh resolver (on the system clock, {@code
 * .well-known} off so that no fetch is made) resolves 100,000 distinct fallback names (step 6:
 * both SRV lookups empty, then one A record) against the loopback DNS server; the heap in use
 * after full collections, before and after, divided by the names. It counts everything a cached
 * name keeps: the resolution, its hot-path entry, and the DNS answers it was built from (which the
 * resolver caches too). Measured with the JVM's own memory figures ({@link MemoryMXBean}) after
 * {@code System.gc()}, so run it with one fork and nothing else in the JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-XX:+UseG1GC"})
@Timeout(time = 30, timeUnit = TimeUnit.MINUTES)
public class HeapBenchmark {
  static final int NAMES = 100_000;

  private TestWorld world;

  /** What the cached names cost. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Heap {
    /** Heap in use per cached name, in bytes. */
    public long bytesPerCachedName;

    /** Names whose resolution failed (none: any failure fails the benchmark). */
    public long failures;
  }

  /** Starts DNS with 100,000 names. */
  @Setup(Level.Trial)
  public void setUp() {
    List<String> zone = new ArrayList<>(NAMES);
    for (int i = 0; i < NAMES; i++) {
      zone.add("n" + i + ".heap.test. 3600 IN A 127.0.30." + (i % 250 + 1));
    }
    world = TestWorld.start(zone, "unused.heap.test");
  }

  /** Stops DNS. */
  @TearDown(Level.Trial)
  public void tearDown() {
    world.close();
  }

  /**
   * Fills a fresh resolver's caches with 100,000 resolutions and weighs them.
   *
   * @param heap where the figures go
   * @return the resolver, kept reachable until the second measurement
   * @throws InterruptedException if interrupted
   */
  @Benchmark
  public Object cacheOneHundredThousandNames(Heap heap) throws InterruptedException {
    DefaultServerNameResolver resolver =
        new DefaultServerNameResolver(
            world
                .config()
                .wellKnownEnabled(false)
                .cacheMaxSize(NAMES * 2)
                // A loaded loopback DNS server answering 400,000 queries: the test world's 2 s let
                // most of them time out, and then failures were weighed.
                .dnsQueryTimeout(Duration.ofSeconds(20))
                .resolveTimeout(Duration.ofSeconds(60))
                .build(),
            InstantSource.system(),
            null,
            new SplittableRandom(7));
    // Resolve one first, so that one-off structures (classes, pools) are in the baseline.
    resolver.resolveBlocking(ServerName.parse("n0.heap.test"), Duration.ofSeconds(10));
    // The DNS server's query log (one line per query, in this JVM) is no part of the cache.
    world.dns().resetCounts();
    long before = usedAfterGc();
    Semaphore inFlight = new Semaphore(512);
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>(NAMES);
    for (int i = 0; i < NAMES; i++) {
      // Parsed here, so that the only reference to the name is the resolver's (as in a server).
      ServerName name = ServerName.parse("n" + i + ".heap.test");
      inFlight.acquire();
      all.add(
          resolver
              .resolve(name)
              .toCompletableFuture()
              .handle(
                  (r, e) -> {
                    inFlight.release();
                    if (e != null) {
                      failed.incrementAndGet();
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    all.clear();
    if (failed.get() > 0) {
      resolver.close();
      throw new IllegalStateException(
          failed.get()
              + " of "
              + NAMES
              + " resolutions failed: the heap would weigh failures, not cached resolutions");
    }
    world.dns().resetCounts();
    long after = usedAfterGc();
    heap.bytesPerCachedName = (after - before) / (NAMES - 1);
    heap.failures = failed.get();
    resolver.close();
    return resolver;
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
