package dev.fedroute.internal.time;

import com.github.benmanes.caffeine.cache.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * nanoseconds, as {@link ClockTicker}), rounded down to a multiple of 4 ns. Thread-safe.
 *
 * <p>The time and the ticker's state are one word, so that a read is one volatile load and one
 * test: the two low bits say what a read must do besides returning the time ({@code 00}: nothing;
 * {@code 01}: not read since the last tick, the first read clears it; {@code 11}: stopped, the next
 * read reads the clock and starts ticking again; {@code 10}: closed, every read reads the clock).
 * Every change of the word is a compare-and-set, and a chain of refreshes ends only where it sees
 * or makes the word stopped or closed: while the word says ticking, a refresh is pending.
 */
public final class CoarseTicker implements Ticker, AutoCloseable {
  /** How often the time is refreshed while the ticker is read. */
  public static final Duration TICK = Duration.ofMillis(10);

  /** How far ahead of the clock the ticker runs, and so how early lifetimes end. */
  public static final Duration MARGIN = Duration.ofMillis(250);

  /** The two low bits of the word: its state. */
  private static final long STATE = 0b11;

  /** Ticking, read since the last tick: a read returns the word as it is. */
  private static final long READ = 0b00;

  /** Ticking, not read since the last tick: the first read clears it, so the next tick goes on. */
  private static final long UNREAD = 0b01;

  /** Stopped after a tick without reads: the next read reads the clock and starts ticking. */
  private static final long STOPPED = 0b11;

  /** Closed: every read reads the clock, nothing is scheduled. */
  private static final long CLOSED = 0b10;

  private static final VarHandle WORD;

  static {
    try {
      WORD = MethodHandles.lookup().findVarHandle(CoarseTicker.class, "word", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final InstantSource clock;
  private final long marginNanos;
  private final Executor later;

  /** The time, with the state in its two low bits. */
  private volatile long word = STOPPED;

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
    long w = word;
    return (w & STATE) == READ ? w : readAndTell();
  }

  /** A read that the ticker must hear of: the first since a tick, or one while it is stopped. */
  private long readAndTell() {
    while (true) {
      long w = word;
      long state = w & STATE;
      if (state == READ) {
        return w;
      }
      if (state == UNREAD) {
        if (WORD.compareAndSet(this, w, w & ~STATE)) {
          return w & ~STATE;
        }
      } else if (state == STOPPED) {
        long now = exact();
        if (WORD.compareAndSet(this, w, now)) {
          schedule();
          return now;
        }
      } else {
        return exact(); // closed
      }
    }
  }

  private void tick() {
    while (true) {
      long w = word;
      long state = w & STATE;
      if (state == READ) {
        if (WORD.compareAndSet(this, w, exact() | UNREAD)) {
          schedule();
          return;
        }
      } else if (state == UNREAD) {
        if (WORD.compareAndSet(this, w, w | STOPPED)) {
          return; // no read since the last tick
        }
      } else {
        return; // closed, or stopped by another refresh
      }
    }
  }

  /** Schedules the next tick; if that fails, stops, so that the next read starts again. */
  private void schedule() {
    try {
      later.execute(this::tick);
    } catch (RuntimeException | Error e) {
      while (true) {
        long w = word;
        long state = w & STATE;
        if ((state != READ && state != UNREAD) || WORD.compareAndSet(this, w, w | STOPPED)) {
          throw e;
        }
      }
    }
  }

  private long exact() {
    long t = ClockTicker.epochNanos(clock.instant());
    return (t > Long.MAX_VALUE - marginNanos ? Long.MAX_VALUE : t + marginNanos) & ~STATE;
  }

  /** Stops refreshing; reads after this still work, each reading the clock. */
  @Override
  public void close() {
    word = CLOSED;
  }
}
