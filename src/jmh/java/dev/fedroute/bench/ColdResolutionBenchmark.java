package dev.fedroute.bench;

import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.testing.TestWorld;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cold resolution (a fresh resolver, every cache empty; building it is not measured) against
 * loopback DNS that answers each
 * query after 20 ms and a {@code .well-known} server that answers after 60 ms, with the DNS
 * look-ahead on and off (the strictly serial order). The critical path, what the spec's decisions
 * need if every lookup that can run ahead does: 20 ms for an explicit port (step 2), 80 ms for an
 * SRV or fallback name (the host's addresses, then the 60 ms fetch, while SRV and the target's
 * addresses run beside it), 120 ms for a delegated name (then the delegated SRV and its target).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ColdResolutionBenchmark {
  /** The kind of name: step 2, 3.3, 4 or 6. */
  @Param({"port", "delegated", "srv", "fallback"})
  public String kind;

  /** Whether DNS lookups run ahead of the steps that need them. */
  @Param({"true", "false"})
  public boolean lookAhead;

  private TestWorld world;
  private ServerName name;
  private ServerNameResolver resolver;

  /** Starts the fixtures with their latencies. */
  @Setup(Level.Trial)
  public void setUp() {
    world = LatencyWorld.start();
    name = ServerName.parse(LatencyWorld.name(kind));
  }

  /** Stops the fixtures. */
  @TearDown(Level.Trial)
  public void tearDown() {
    world.close();
  }

  /** A new resolver for every resolution, built (and closed) outside the measured time. */
  @Setup(Level.Invocation)
  public void newResolver() {
    resolver =
        ServerNameResolver.create(
            world.config().dnsLookAhead(lookAhead).dnsQueryTimeout(Duration.ofSeconds(2)).build());
  }

  /** Closes the resolver of the last resolution. */
  @TearDown(Level.Invocation)
  public void closeResolver() {
    resolver.close();
  }

  /**
   * One resolution from empty caches, as {@code --repeat} measures it ({@code elapsed_ms} is the
   * resolution alone, not building the resolver).
   *
   * @return the resolution
   */
  @Benchmark
  public Resolution coldResolution() {
    return resolver.resolveBlocking(name, Duration.ofSeconds(5));
  }
}
