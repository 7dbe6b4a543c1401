package dev.fedroute.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fedroute.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class CoarseTickerTest {
  static final Duration MARGIN = Duration.ofMillis(250);
  static final Duration TICK = Duration.ofMillis(10);

  final FakeClock clock = new FakeClock();

  /** The refreshes the ticker scheduled, run by hand one tick later. */
  final Queue<Runnable> pending = new ArrayDeque<>();

  final CoarseTicker ticker = new CoarseTicker(clock, MARGIN, pending::add);

  private void tick() {
    clock.advance(TICK);
    Runnable next = pending.poll();
    if (next != null) {
      next.run();
    }
  }

  private long nanos(Instant t) {
    return ClockTicker.epochNanos(t);
  }

  @Test
  void readsRunAheadByTheMarginAndChangeOnlyAtATick() {
    long start = nanos(clock.instant());
    assertThat(ticker.read()).isEqualTo(start + MARGIN.toNanos());
    clock.advance(Duration.ofMillis(3));
    assertThat(ticker.read()).as("no clock read between ticks").isEqualTo(start + MARGIN.toNanos());
    tick();
    assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
  }

  @Test
  void itStopsAfterATickWithoutReadsAndTheNextReadReadsTheClock() {
    ticker.read();
    tick(); // read since the previous tick: goes on
    assertThat(pending).hasSize(1);
    tick(); // no read since: stops
    assertThat(pending).isEmpty();
    clock.advance(Duration.ofMinutes(5));
    assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
    assertThat(pending).as("ticking again").hasSize(1);
  }

  @Test
  void afterCloseEveryReadReadsTheClockAndNothingIsScheduled() {
    ticker.read();
    ticker.close();
    tick();
    assertThat(pending).isEmpty();
    clock.advance(Duration.ofSeconds(7));
    assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
    assertThat(pending).isEmpty();
  }

  @Test
  void aCacheOnItNeverServesAnEntryAtOrAfterItsEndEvenWithTicksLateByTheMargin() {
    Instant end = clock.instant().plusSeconds(2);
    Cache<String, Instant> cache =
        Caffeine.newBuilder()
            .ticker(ticker)
            .executor(Runnable::run)
            .expireAfter(ExpireAt.<String, Instant>of(v -> v))
            .build();
    cache.put("k", end);
    Instant lastRefresh = clock.instant();
    Instant lastServed = null;
    // Every refresh comes MARGIN after the previous one: as late as the ticker allows.
    for (int i = 0; i < 1000; i++) {
      clock.advance(Duration.ofMillis(5));
      if (Duration.between(lastRefresh, clock.instant()).compareTo(MARGIN) >= 0) {
        Runnable next = pending.poll();
        if (next != null) {
          next.run();
        }
        lastRefresh = clock.instant();
      }
      if (cache.getIfPresent("k") != null) {
        assertThat(clock.instant()).as("served at").isBefore(end);
        lastServed = clock.instant();
      }
    }
    assertThat(lastServed)
        .as("served for most of its life")
        .isAfter(end.minus(MARGIN.multipliedBy(3)));
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void aReadAfterATickKeepsItTickingAndManyReadsScheduleOneRefresh() {
    for (int i = 0; i < 5; i++) {
      ticker.read();
    }
    assertThat(pending).hasSize(1);
    for (int round = 0; round < 3; round++) {
      tick();
      assertThat(pending).as("read since the previous tick: goes on").hasSize(1);
      assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
      ticker.read();
    }
    tick();
    tick(); // the first without a read since: stops
    assertThat(pending).isEmpty();
    for (int i = 0; i < 5; i++) {
      assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
    }
    assertThat(pending).as("one refresh for a restart, not one per read").hasSize(1);
  }

  @Test
  void aReadRightAfterCloseReadsTheClockEvenBeforeThePendingRefreshRuns() {
    ticker.read();
    assertThat(pending).hasSize(1);
    clock.advance(Duration.ofMillis(4));
    ticker.close();
    assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
    clock.advance(Duration.ofMillis(3));
    assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
    pending.remove().run();
    assertThat(pending).as("the refresh that was pending schedules no other").isEmpty();
  }

  @Test
  void aRefreshThatCannotBeScheduledLeavesItStoppedNotFrozen() {
    AtomicBoolean refuse = new AtomicBoolean(true);
    CoarseTicker refusing =
        new CoarseTicker(
            clock,
            MARGIN,
            task -> {
              if (refuse.get()) {
                throw new RejectedExecutionException("full");
              }
              pending.add(task);
            });
    assertThatThrownBy(refusing::read).isInstanceOf(RejectedExecutionException.class);
    clock.advance(Duration.ofSeconds(3));
    refuse.set(false);
    assertThat(refusing.read())
        .as("the next read reads the clock again")
        .isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
    assertThat(pending).hasSize(1);
  }

  @Test
  void itRoundsTheTimeDownToAMultipleOfFourNanoseconds() {
    clock.advance(Duration.ofNanos(7));
    assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos() - 3);
    ticker.close();
    clock.advance(Duration.ofNanos(2));
    assertThat(ticker.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos() - 1);
  }

  /**
   * Readers on several threads while the refreshes run on another: each reader's time never goes
   * back, is never more than a tick behind the clock plus the margin, and the ticker never stops (a
   * refresh is pending at every tick) while it is read between any two ticks.
   */
  @Test
  void readersOnSeveralThreadsNeverSeeTheTimeGoBackOrFallBehindWhileTicksRun() throws Exception {
    Queue<Runnable> refreshes = new ConcurrentLinkedQueue<>();
    CoarseTicker shared = new CoarseTicker(clock, MARGIN, refreshes::add);
    AtomicLongArray reads = new AtomicLongArray(2);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    whileReading(
        reads.length(),
        (reader, done) -> {
          long previous = Long.MIN_VALUE;
          while (!done.getAsBoolean()) {
            long clockBefore = nanos(clock.instant());
            long read = shared.read();
            if (read < previous) {
              failures.add("went back from " + previous + " to " + read);
            }
            if (read < clockBefore + MARGIN.toNanos() - TICK.toNanos()) {
              failures.add("behind: " + read + " at clock " + clockBefore);
            }
            previous = read;
            reads.incrementAndGet(reader);
          }
        },
        () -> {
          awaitReads(reads, new long[reads.length()], 1);
          for (int step = 0; step < 100 && failures.isEmpty(); step++) {
            long[] before = snapshot(reads);
            clock.advance(TICK);
            Runnable refresh = refreshes.poll();
            assertThat(refresh).as("a refresh pending at tick %d while read", step).isNotNull();
            refresh.run();
            assertThat(refreshes).as("one refresh at a time").hasSizeLessThanOrEqualTo(1);
            awaitReads(reads, before, 2);
          }
        });
    assertThat(failures).isEmpty();
  }

  /**
   * Reads in bursts on several threads while ticks (some after reads, some not) stop and restart
   * the refreshes: the time never goes back, never two refreshes are pending, and afterwards a read
   * finds the ticker either fresh and refreshing or reading the clock, never frozen.
   */
  @Test
  void stopsAndRestartsRacingWithReadsNeverLeaveItFrozen() throws Exception {
    Queue<Runnable> refreshes = new ConcurrentLinkedQueue<>();
    CoarseTicker shared = new CoarseTicker(clock, MARGIN, refreshes::add);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLongArray reads = new AtomicLongArray(3);
    whileReading(
        reads.length(),
        (reader, done) -> {
          SplittableRandom random = new SplittableRandom(reader);
          long previous = Long.MIN_VALUE;
          while (!done.getAsBoolean()) {
            for (int i = random.nextInt(4); i > 0; i--) {
              long read = shared.read();
              if (read < previous) {
                failures.add("went back from " + previous + " to " + read);
              }
              previous = read;
              reads.incrementAndGet(reader);
            }
            for (int i = random.nextInt(2_000); i > 0; i--) {
              Thread.onSpinWait();
            }
          }
        },
        () -> {
          awaitReads(reads, new long[reads.length()], 1);
          SplittableRandom random = new SplittableRandom(42);
          for (int step = 0; step < 20_000 && failures.isEmpty(); step++) {
            clock.advance(TICK);
            Runnable refresh = refreshes.poll();
            if (refresh != null) {
              refresh.run();
            }
            if (refreshes.size() > 1) {
              failures.add("two refreshes pending at step " + step);
            }
            for (int i = random.nextInt(1_000); i > 0; i--) {
              Thread.onSpinWait();
            }
          }
        });
    assertThat(failures).isEmpty();
    long read = shared.read();
    assertThat(read)
        .isGreaterThanOrEqualTo(nanos(clock.instant()) + MARGIN.toNanos() - TICK.toNanos());
    assertThat(refreshes).as("refreshing after a read").hasSize(1);
    clock.advance(TICK);
    refreshes.remove().run();
    assertThat(shared.read()).isEqualTo(nanos(clock.instant()) + MARGIN.toNanos());
  }

  /** One reader thread's loop: its index, and whether to stop. */
  private interface ReaderLoop {
    void run(int reader, BooleanSupplier done);
  }

  /**
   * Runs a reader loop on each of {@code readers} threads while {@code driver} runs here; a reader
   * that throws fails the test.
   */
  private static void whileReading(int readers, ReaderLoop loop, Runnable driver)
      throws InterruptedException, ExecutionException {
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService threads = Executors.newFixedThreadPool(readers);
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int r = 0; r < readers; r++) {
        int reader = r;
        running.add(threads.submit(() -> loop.run(reader, done::get)));
      }
      driver.run();
    } finally {
      done.set(true);
      threads.shutdown();
      assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    for (Future<?> reader : running) {
      reader.get();
    }
  }

  private static long[] snapshot(AtomicLongArray counts) {
    long[] copy = new long[counts.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = counts.get(i);
    }
    return copy;
  }

  /** Waits until every reader has read at least {@code more} times since {@code before}. */
  private static void awaitReads(AtomicLongArray counts, long[] before, long more) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (int i = 0; i < before.length; i++) {
      while (counts.get(i) < before[i] + more) {
        assertThat(System.nanoTime() - deadline).as("reader %d stuck", i).isNegative();
        Thread.yield();
      }
    }
  }

  @Test
  void theSystemClockGetsACoarseTickerAnyOtherClockAnExactOne() {
    Ticker system = CoarseTicker.forClock(InstantSource.system());
    assertThat(system).isInstanceOf(CoarseTicker.class);
    ((CoarseTicker) system).close();
    assertThat(CoarseTicker.forClock(clock)).isInstanceOf(ClockTicker.class);
  }
}
