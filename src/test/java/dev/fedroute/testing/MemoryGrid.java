package dev.fedroute.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.SharedCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A data grid in memory for the second-level tests, standing in for the application server's grid
 * (Hazelcast, Infinispan), which lies outside the core: it keeps what it is given without expiring
 * it (the values carry their own expiry), records every call, and can be made to hang or to fail.
 * Thread-safe.
 */
public final class MemoryGrid implements SharedCache {
  private final Map<String, String> values = new ConcurrentHashMap<>();
  private final Map<String, Duration> lifetimes = new ConcurrentHashMap<>();
  private final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Duration timeout;
  private volatile CountDownLatch hang;
  private volatile RuntimeException failure;

  /**
   * A grid whose reads the resolver waits for at most the given time.
   *
   * @param timeout the timeout the resolver honours
   */
  public MemoryGrid(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public Optional<String> get(String key) {
    calls.add("get " + key);
    misbehave();
    return Optional.ofNullable(values.get(key));
  }

  @Override
  public void put(String key, String value, Duration lifetime) {
    calls.add("put " + key);
    misbehave();
    values.put(key, value);
    lifetimes.put(key, lifetime);
  }

  @Override
  public void remove(String key) {
    calls.add("remove " + key);
    misbehave();
    values.remove(key);
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  /** Every call from now on waits until {@link #behave()} (at most a minute). */
  public void hang() {
    hang = new CountDownLatch(1);
  }

  /**
   * Every call from now on throws this exception.
   *
   * @param e the exception
   */
  public void fail(RuntimeException e) {
    failure = e;
  }

  /** Calls answer normally again, and hanging ones go on. */
  public void behave() {
    failure = null;
    CountDownLatch latch = hang;
    hang = null;
    if (latch != null) {
      latch.countDown();
    }
  }

  /**
   * The stored values.
   *
   * @return a copy, by key
   */
  public Map<String, String> values() {
    return Map.copyOf(values);
  }

  /**
   * The lifetime the last write of a key was given.
   *
   * @param key the key
   * @return the lifetime, or null when never written
   */
  public Duration lifetime(String key) {
    return lifetimes.get(key);
  }

  /**
   * Stores a value directly, as another node (or another version) would.
   *
   * @param key the key
   * @param value the value
   */
  public void store(String key, String value) {
    values.put(key, value);
  }

  /**
   * Every call so far, as {@code get key}, {@code put key} or {@code remove key}.
   *
   * @return a copy
   */
  public List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /**
   * Waits (at most 5 s) until a call was made: writes and removals run in the background.
   *
   * @param call the call, as {@link #calls()} lists it
   * @throws AssertionError when it was not made in time
   */
  public void awaitCall(String call) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!calls().contains(call) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertThat(calls()).contains(call);
  }

  private void misbehave() {
    CountDownLatch latch = hang;
    if (latch != null) {
      try {
        latch.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException e = failure;
    if (e != null) {
      throw e;
    }
  }
}
