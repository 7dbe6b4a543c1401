package dev.fedroute.internal.time;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Deadlines on futures, kept by the JDK's shared delay scheduler so that Fedroute starts no timer
 * thread of its own.
 *
 * <p>The JDK creates that scheduler's one thread on first use, from the thread that first needs it,
 * and the new thread keeps that thread's context class loader and access control context (which
 * holds the class loaders of every class on the calling stack). In an application server that would
 * pin a deployment's class loader in memory for the life of the server, long after the deployment
 * is gone. Before the first deadline, this class therefore has the scheduler started from a
 * common-pool worker with no application code on its stack. Thread-safe.
 */
public final class Deadlines {
  static {
    startDelaySchedulerOutsideTheDeployment();
  }

  private Deadlines() {}

  /**
   * Makes sure the JDK's scheduler has been started the clean way, now rather than at the first
   * deadline: call it when setting up (a resolver's construction), off any hot path, since it may
   * wait up to a second for a busy common pool.
   */
  public static void prepare() {
    // the static initialiser has run by now
  }

  /**
   * Fails the future with a {@link java.util.concurrent.TimeoutException} unless it completes
   * within the limit.
   *
   * @param future the future, which is completed on timeout
   * @param limit the time allowed
   * @param <T> the value type
   * @return the same future
   */
  public static <T> CompletableFuture<T> failAfter(CompletableFuture<T> future, Duration limit) {
    return future.orTimeout(limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Completes the future with a value unless it completes otherwise within the limit.
   *
   * @param future the future, which is completed on timeout
   * @param value the value given at the deadline
   * @param limit the time allowed
   * @param <T> the value type
   * @return the same future
   */
  public static <T> CompletableFuture<T> completeAfter(
      CompletableFuture<T> future, T value, Duration limit) {
    return future.completeOnTimeout(value, limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Has a common-pool worker (system context class loader, clean access control context) hand a
   * task to the JDK's delayed executor, from JDK code only: if the scheduler thread does not exist
   * yet, that worker creates it. Waits at most a second for it; best effort.
   */
  private static void startDelaySchedulerOutsideTheDeployment() {
    CompletableFuture<Void> trigger = new CompletableFuture<>();
    CompletableFuture<Void> ran =
        trigger.thenRunAsync(
            Nothing.INSTANCE,
            CompletableFuture.delayedExecutor(1, TimeUnit.NANOSECONDS, Nothing.INSTANCE));
    trigger.completeAsync(Nothing.INSTANCE, ForkJoinPool.commonPool());
    try {
      ran.get(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the scheduler then starts on first real use
    }
  }

  /**
   * The no-op task, value and executor of that start, in a class of their own: a lambda of {@code
   * Deadlines} run by another thread would wait for this class's initialisation, which is waiting
   * for it.
   */
  private enum Nothing implements Runnable, Supplier<Void>, Executor {
    INSTANCE;

    @Override
    public void run() {}

    @Override
    public Void get() {
      return null;
    }

    @Override
    public void execute(Runnable task) {
      task.run();
    }
  }
}
