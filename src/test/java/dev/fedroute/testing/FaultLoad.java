package dev.fedroute.testing;

import dev.fedroute.FedrouteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded load under faults: a few threads send requests for a fixed time at a fixed overall rate
 * while a schedule breaks DNS and {@code .well-known}, and every outcome is counted and classified.
 *
 * <p>Requests go to <em>stable</em> names (resolved before the run: every one must succeed) and,
 * one in {@code every} of {@link Builder#fresh}, to a <em>fresh</em> name, never asked before (each
 * used once): it may fail, but only as the faults active during the request force, which the {@link
 * Classifier} decides. The schedule, in sixths of the duration: DNS is stopped during the second
 * and the fourth sixth (restarted in between and after), {@code .well-known} answers errors from
 * the start of the second sixth to the end of the fifth. All faults are lifted when the run ends,
 * however it ends. Thread-safe to run once.
 */
public final class FaultLoad {
  /** Switches the faults of the world under load. */
  public interface Faults {
    /** Stops the DNS server. */
    void stopDns();

    /** Starts the DNS server again, on the same address, with the same zone. */
    void startDns();

    /**
     * Makes {@code .well-known} answer errors, or answer normally again.
     *
     * @param failing true for errors
     */
    void wellKnownFailing(boolean failing);
  }

  /**
   * Faults switched by three methods of a world, for example {@code faults(world::stopDns,
   * world::startDns, world::wellKnownFailing)}.
   *
   * @param stopDns stops the DNS server
   * @param startDns starts it again
   * @param wellKnownFailing makes {@code .well-known} fail, or answer normally again
   * @return the faults
   */
  public static Faults faults(
      Runnable stopDns, Runnable startDns, java.util.function.Consumer<Boolean> wellKnownFailing) {
    return new Faults() {
      @Override
      public void stopDns() {
        stopDns.run();
      }

      @Override
      public void startDns() {
        startDns.run();
      }

      @Override
      public void wellKnownFailing(boolean failing) {
        wellKnownFailing.accept(failing);
      }
    };
  }

  /** Sends one request; returns normally on success. */
  @FunctionalInterface
  public interface Call {
    /**
     * Sends a request to a server name.
     *
     * @param serverName the name
     * @throws Exception when the request failed (a non-success status included)
     */
    void send(String serverName) throws Exception;
  }

  /** Decides whether an error of a fresh name was forced by the faults active during it. */
  @FunctionalInterface
  public interface Classifier {
    /**
     * Whether the faults explain the error.
     *
     * @param kind the error's kind, as {@link #kindOf(Throwable)} names it
     * @param dnsDown whether DNS was stopped at some moment of the request
     * @param wellKnownFailing whether {@code .well-known} failed at some moment of the request
     * @return true when forced
     */
    boolean forced(String kind, boolean dnsDown, boolean wellKnownFailing);
  }

  /**
   * What a run did.
   *
   * @param requests requests sent
   * @param stableRequests of which to stable names
   * @param stableFailures failed requests to stable names (must be zero)
   * @param freshRequests requests to fresh names
   * @param freshSuccesses fresh names that succeeded
   * @param forcedErrors errors of fresh names the faults explain, per kind
   * @param unforcedErrors every other error, per kind and stable/fresh
   * @param examples the first few unforced errors, with their name
   * @param dnsStops how often DNS was stopped
   * @param elapsed how long the run took
   */
  public record Report(
      long requests,
      long stableRequests,
      long stableFailures,
      long freshRequests,
      long freshSuccesses,
      Map<String, Integer> forcedErrors,
      Map<String, Integer> unforcedErrors,
      List<String> examples,
      int dnsStops,
      Duration elapsed) {
    /**
     * The errors no fault explains.
     *
     * @return their count
     */
    public int unforcedErrorCount() {
      return unforcedErrors.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The errors the faults explain.
     *
     * @return their count
     */
    public int forcedErrorCount() {
      return forcedErrors.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d requests in %d ms (%d to stable names, %d of them failed; %d to fresh names, %d"
              + " succeeded), %d errors forced by the faults %s, %d unforced %s %s, DNS stopped"
              + " %d times",
          requests,
          elapsed.toMillis(),
          stableRequests,
          stableFailures,
          freshRequests,
          freshSuccesses,
          forcedErrorCount(),
          forcedErrors,
          unforcedErrorCount(),
          unforcedErrors,
          examples,
          dnsStops);
    }
  }

  private final Builder settings;
  private final Queue<String> fresh;
  private volatile boolean dnsDown;
  private volatile boolean wellKnownFailing;
  private final AtomicLong faultChanges = new AtomicLong();
  private final LongAdder requests = new LongAdder();
  private final LongAdder stableRequests = new LongAdder();
  private final LongAdder stableFailures = new LongAdder();
  private final LongAdder freshRequests = new LongAdder();
  private final LongAdder freshSuccesses = new LongAdder();
  private final Map<String, AtomicInteger> forced = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> unforced = new ConcurrentHashMap<>();
  private final Queue<String> examples = new ConcurrentLinkedQueue<>();
  private final AtomicInteger dnsStops = new AtomicInteger();

  private FaultLoad(Builder b) {
    settings = b;
    fresh = new ConcurrentLinkedQueue<>(b.fresh);
  }

  /**
   * A load on stable names.
   *
   * @param stable names resolved before the run
   * @param call sends one request
   * @param faults switches the faults
   * @return a builder
   */
  public static Builder on(List<String> stable, Call call, Faults faults) {
    return new Builder(stable, call, faults);
  }

  /**
   * The kind of an error: the lower-case code of the first {@link FedrouteException} in its cause
   * chain, else the simple class name of the innermost cause.
   *
   * @param error the error
   * @return for example {@code dns_failure}
   */
  public static String kindOf(Throwable error) {
    Throwable last = error;
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof FedrouteException e) {
        return e.code().name().toLowerCase(Locale.ROOT);
      }
      last = c;
    }
    return last.getClass().getSimpleName();
  }

  private Report run() throws InterruptedException {
    long start = System.nanoTime();
    long end = start + settings.duration.toNanos();
    long total = (long) settings.ratePerSecond * settings.duration.toSeconds();
    long perThread = Math.max(1, total / settings.threads);
    long intervalNanos = settings.duration.toNanos() / perThread;
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < settings.threads; i++) {
      Thread t =
          new Thread(() -> work(start, end, perThread, intervalNanos), "fault-load-" + (i + 1));
      t.setDaemon(true);
      workers.add(t);
    }
    workers.forEach(Thread::start);
    try {
      schedule(start);
    } finally {
      setDns(false);
      setWellKnown(false);
      for (Thread t : workers) {
        t.join();
      }
    }
    return new Report(
        requests.sum(),
        stableRequests.sum(),
        stableFailures.sum(),
        freshRequests.sum(),
        freshSuccesses.sum(),
        sorted(forced),
        sorted(unforced),
        List.copyOf(examples),
        dnsStops.get(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Runs the fault schedule on the calling thread until the end of the run. */
  private void schedule(long start) throws InterruptedException {
    long sixth = settings.duration.toNanos() / 6;
    sleepUntil(start + sixth);
    setWellKnown(true);
    setDns(true);
    sleepUntil(start + 2 * sixth);
    setDns(false);
    sleepUntil(start + 3 * sixth);
    setDns(true);
    sleepUntil(start + 4 * sixth);
    setDns(false);
    sleepUntil(start + 5 * sixth);
    setWellKnown(false);
    sleepUntil(start + settings.duration.toNanos());
  }

  private synchronized void setDns(boolean down) {
    if (dnsDown == down) {
      return;
    }
    faultChanges.incrementAndGet();
    dnsDown = down;
    if (down) {
      dnsStops.incrementAndGet();
      settings.faults.stopDns();
    } else {
      settings.faults.startDns();
    }
    faultChanges.incrementAndGet();
  }

  private synchronized void setWellKnown(boolean failing) {
    if (wellKnownFailing == failing) {
      return;
    }
    faultChanges.incrementAndGet();
    wellKnownFailing = failing;
    settings.faults.wellKnownFailing(failing);
    faultChanges.incrementAndGet();
  }

  private void work(long start, long end, long budget, long intervalNanos) {
    for (long i = 0; i < budget; i++) {
      long due = start + i * intervalNanos;
      try {
        sleepUntil(due);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (System.nanoTime() >= end) {
        return;
      }
      String name =
          ThreadLocalRandom.current().nextInt(settings.freshEvery) == 0 ? fresh.poll() : null;
      boolean isFresh = name != null;
      if (!isFresh) {
        name = settings.stable.get(ThreadLocalRandom.current().nextInt(settings.stable.size()));
      }
      send(name, isFresh);
    }
  }

  private void send(String name, boolean isFresh) {
    long changesBefore = faultChanges.get();
    boolean dnsBefore = dnsDown;
    boolean wellKnownBefore = wellKnownFailing;
    Throwable error = null;
    try {
      settings.call.send(name);
    } catch (Exception | AssertionError e) {
      error = e;
    }
    boolean changed = faultChanges.get() != changesBefore;
    boolean dnsSeen = dnsBefore || dnsDown || changed;
    boolean wellKnownSeen = wellKnownBefore || wellKnownFailing || changed;
    requests.increment();
    (isFresh ? freshRequests : stableRequests).increment();
    if (error == null) {
      if (isFresh) {
        freshSuccesses.increment();
      }
      return;
    }
    String kind = kindOf(error);
    if (!isFresh) {
      stableFailures.increment();
    }
    if (isFresh && settings.classifier.forced(kind, dnsSeen, wellKnownSeen)) {
      forced.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
      return;
    }
    String key = (isFresh ? "fresh " : "stable ") + kind;
    unforced.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (examples.size() < 5) {
      examples.add(
          name
              + " (DNS down: "
              + dnsSeen
              + ", .well-known failing: "
              + wellKnownSeen
              + "): "
              + error
              + (error instanceof FedrouteException e ? " " + e.trace() : ""));
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  private static Map<String, Integer> sorted(Map<String, AtomicInteger> counts) {
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** The settings of a run. Not thread-safe. */
  public static final class Builder {
    private final List<String> stable;
    private final Call call;
    private final Faults faults;
    private List<String> fresh = List.of();
    private int freshEvery = 20;
    private Classifier classifier = (kind, dns, wellKnown) -> false;
    private int threads = 4;
    private int ratePerSecond = 200;
    private Duration duration = Duration.ofSeconds(60);

    private Builder(List<String> stable, Call call, Faults faults) {
      if (stable.isEmpty()) {
        throw new IllegalArgumentException("no stable names");
      }
      this.stable = List.copyOf(stable);
      this.call = Objects.requireNonNull(call, "call");
      this.faults = Objects.requireNonNull(faults, "faults");
    }

    /**
     * Names never resolved before, and which of their errors the faults force.
     *
     * @param names the names, each used at most once
     * @param every about one request in this many goes to a fresh name, while some are left
     * @param forced decides which errors are forced
     * @return this builder
     */
    public Builder fresh(List<String> names, int every, Classifier forced) {
      fresh = List.copyOf(names);
      freshEvery = every;
      classifier = Objects.requireNonNull(forced, "forced");
      return this;
    }

    /**
     * How many threads send, and how many requests per second they send together at most.
     *
     * @param count threads
     * @param perSecond the overall rate
     * @return this builder
     */
    public Builder threads(int count, int perSecond) {
      threads = count;
      ratePerSecond = perSecond;
      return this;
    }

    /**
     * How long the run lasts (at least 6 seconds: the schedule is in sixths).
     *
     * @param value the duration
     * @return this builder
     */
    public Builder duration(Duration value) {
      if (value.toSeconds() < 6) {
        throw new IllegalArgumentException("a run lasts at least 6 s: " + value);
      }
      duration = value;
      return this;
    }

    /**
     * Runs the load; returns when the duration is over and every request has ended.
     *
     * @return what happened
     * @throws InterruptedException when interrupted
     */
    public Report run() throws InterruptedException {
      return new FaultLoad(this).run();
    }
  }

  /**
   * The duration of load runs: the system property {@code fedroute.load.seconds}, else the value a
   * resource {@code fedroute-it/load.properties} gives it (in-container, where the build's
   * properties do not reach), else 60 seconds.
   *
   * @return the duration
   */
  public static Duration configuredDuration() {
    String value = System.getProperty(DURATION_PROPERTY);
    if (value == null || value.isBlank()) {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in =
          FaultLoad.class.getClassLoader().getResourceAsStream(DURATION_RESOURCE)) {
        if (in != null) {
          p.load(in);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      value = p.getProperty(DURATION_PROPERTY, "60");
    }
    return Duration.ofSeconds(Long.parseLong(value.trim()));
  }

  /** The system property giving the duration of a load run in seconds. */
  public static final String DURATION_PROPERTY = "fedroute.load.seconds";

  /** Where in-container tests find the duration. */
  public static final String DURATION_RESOURCE = "fedroute-it/load.properties";
}
