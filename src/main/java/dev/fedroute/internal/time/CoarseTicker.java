package dev.fedroute.internal.time;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A Caffeine {@link Ticker} whose read is a volatile load instead of a clock read (a wall-clock
 * read costs about 20 ns on a virtual machine, ten times a cache hit). The time is refreshed every
 * {@code tick} by the JDK's shared delay scheduler (no thread of Fedroute's own; see {@link
 * Deadlines}) while the ticker is being read, and stops after one tick without a read; the first
 * read after that reads the clock itself.
 *
 * <p>The time it reports is ahead of the clock by {@code margin}, so that every cache lifetime on
 * it ends up to {@code margin} early: a refresh that comes up to {@code margin} late (a busy
 * machine) still never lets an entry be served after its end. On the ticker's scale (epoch
 * nanoseconds, as {@link ClockTicker}). Thread-safe.
 */
public final class CoarseTicker implements Ticker, AutoCloseable {
  /** How often the time is refreshed while the ticker is read. */
  public static final Duration TICK = Duration.ofMillis(10);

  /** How far ahead of the clock the ticker runs, and so how early lifetimes end. */
  public static final Duration MARGIN = Duration.ofMillis(250);

  private final InstantSource clock;
  private final long marginNanos;
  private final Executor later;
  private volatile long now;
  private volatile boolean ticking;
  private volatile boolean readSinceTick;
  private volatile boolean closed;

  /**
   * A ticker on a clock.
   *
   * @param clock the exact time source
   * @param margin how far ahead of the clock it runs
   * @param later runs a refresh one tick from now
   */
  CoarseTicker(InstantSource clock, Duration margin, Executor later) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.marginNanos = margin.toNanos();
    this.later = Objects.requireNonNull(later, "later");
  }

  /**
   * The ticker for a cache on a clock: a coarse one on the system clock, else (a test's fake clock,
   * whose every change must be seen at once) an exact {@link ClockTicker}.
   *
   * @param clock the clock
   * @return the ticker; close it (when it is {@link AutoCloseable}) with the cache's owner
   */
  public static Ticker forClock(InstantSource clock) {
    if (clock.equals(Clock.systemUTC()) || clock.equals(InstantSource.system())) {
      return new CoarseTicker(
          clock,
          MARGIN,
          CompletableFuture.delayedExecutor(TICK.toNanos(), TimeUnit.NANOSECONDS, Runnable::run));
    }
    return ClockTicker.of(clock);
  }

  @Override
  public long read() {
    if (!ticking) {
      start();
    }
    if (!readSinceTick) {
      readSinceTick = true;
    }
    return now;
  }

  private synchronized void start() {
    if (!ticking) {
      now = exact();
      if (closed) {
        return; // each read reads the clock
      }
      readSinceTick = false;
      ticking = true; // published after now: whoever sees ticking sees this time
      later.execute(this::tick);
    }
  }

  private void tick() {
    now = exact();
    if (closed) {
      stop();
      return;
    }
    if (readSinceTick) {
      readSinceTick = false;
      later.execute(this::tick);
    } else {
      stop();
    }
  }

  private synchronized void stop() {
    ticking = false;
  }

  private long exact() {
    long t = ClockTicker.epochNanos(clock.instant());
    return t > Long.MAX_VALUE - marginNanos ? Long.MAX_VALUE : t + marginNanos;
  }

  /** Stops refreshing; reads after this still work, each reading the clock. */
  @Override
  public void close() {
    closed = true;
  }
}
