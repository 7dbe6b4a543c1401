package dev.fedroute.internal.shared;

import dev.fedroute.SharedCache;
import dev.fedroute.internal.time.Deadlines;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A resolver's calls to its {@link SharedCache}: reads run on the background executor and give up
 * (empty) after the cache's timeout; writes and removals run there too and are not waited for, the
 * writes and removals of one key one after the other in the order they were made (so that a removal
 * never runs before a write made earlier, which would then bring the value back); every failure
 * counts as a miss. The first failure after a success is logged as a warning, the first success
 * after a failure as information. Thread-safe.
 */
public final class SecondLevel {
  private static final System.Logger LOG = System.getLogger(SecondLevel.class.getName());
  private static final CompletableFuture<Optional<String>> MISS =
      CompletableFuture.completedFuture(Optional.empty());

  private final SharedCache cache;
  private final Executor executor;
  private final InstantSource clock;
  private final Duration timeout;
  private final AtomicBoolean failing = new AtomicBoolean();

  /** Per key, the last write or removal made that has not finished yet. */
  private final ConcurrentHashMap<String, CompletableFuture<Void>> unfinished =
      new ConcurrentHashMap<>();

  private SecondLevel(SharedCache cache, Executor executor, InstantSource clock) {
    this.cache = cache;
    this.executor = executor;
    this.clock = clock;
    this.timeout = cache == null ? Duration.ZERO : Objects.requireNonNull(cache.timeout());
  }

  /**
   * No second level: reads miss at once, writes do nothing.
   *
   * @return the absent second level
   */
  public static SecondLevel none() {
    return new SecondLevel(null, Runnable::run, InstantSource.system());
  }

  /**
   * A second level on a shared cache.
   *
   * @param cache the shared cache, or {@code null} for {@link #none()}
   * @param executor where its calls run
   * @param clock the time source that turns an expiry into a lifetime
   * @return the second level
   * @throws IllegalArgumentException when the cache's timeout is not positive
   */
  public static SecondLevel of(SharedCache cache, Executor executor, InstantSource clock) {
    if (cache == null) {
      return none();
    }
    SecondLevel level =
        new SecondLevel(cache, Objects.requireNonNull(executor), Objects.requireNonNull(clock));
    if (level.timeout.isNegative() || level.timeout.isZero()) {
      throw new IllegalArgumentException("the shared cache's timeout must be positive");
    }
    return level;
  }

  /**
   * Whether there is a second level at all.
   *
   * @return false for {@link #none()}
   */
  public boolean present() {
    return cache != null;
  }

  /**
   * The value under a key, or empty when there is none, when the call fails, or when it takes
   * longer than the cache's timeout.
   *
   * @param key the key
   * @return the value; never completes exceptionally
   */
  public CompletableFuture<Optional<String>> read(String key) {
    if (cache == null) {
      return MISS;
    }
    CompletableFuture<Optional<String>> read;
    try {
      read = CompletableFuture.supplyAsync(() -> call(() -> cache.get(key), "read"), executor);
    } catch (RejectedExecutionException e) {
      return MISS;
    }
    return Deadlines.completeAfter(read, Optional.empty(), timeout);
  }

  /**
   * Stores a value until an instant, in the background; nothing when that instant has passed.
   *
   * @param key the key
   * @param value the value
   * @param expiresAt when the value is of no more use
   */
  public void write(String key, String value, Instant expiresAt) {
    if (cache == null) {
      return;
    }
    Duration lifetime = Duration.between(clock.instant(), expiresAt);
    if (lifetime.isNegative() || lifetime.isZero()) {
      return;
    }
    background(key, () -> cache.put(key, value, lifetime), "write");
  }

  /**
   * Removes the value under a key, in the background.
   *
   * @param key the key
   */
  public void remove(String key) {
    if (cache != null) {
      background(key, () -> cache.remove(key), "removal");
    }
  }

  /** Runs a write or removal of a key after the key's previous one has finished. */
  private void background(String key, Runnable call, String what) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> previous = unfinished.put(key, done);
    Runnable task =
        () -> {
          try {
            call(
                () -> {
                  call.run();
                  return Optional.empty();
                },
                what);
          } finally {
            finish(key, done);
          }
        };
    if (previous == null) {
      submit(key, task, done);
    } else {
      // runs at once when the previous one has finished already
      previous.whenComplete((ignored, error) -> submit(key, task, done));
    }
  }

  private void submit(String key, Runnable task, CompletableFuture<Void> done) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // shutting down, or a bounded executor that is full: the value stays local
      finish(key, done);
    }
  }

  private void finish(String key, CompletableFuture<Void> done) {
    unfinished.remove(key, done);
    done.complete(null);
  }

  private Optional<String> call(Supplier<Optional<String>> call, String what) {
    try {
      Optional<String> value = Objects.requireNonNull(call.get(), "a shared cache answered null");
      if (failing.compareAndSet(true, false)) {
        LOG.log(Level.INFO, "the shared cache answers again");
      }
      return value;
    } catch (RuntimeException | LinkageError e) {
      if (failing.compareAndSet(false, true)) {
        LOG.log(
            Level.WARNING,
            "a " + what + " of the shared cache failed; resolving with the local caches alone",
            e);
      } else {
        LOG.log(Level.DEBUG, "a " + what + " of the shared cache failed", e);
      }
      return Optional.empty();
    }
  }
}
