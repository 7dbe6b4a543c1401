package dev.fedroute.jakarta;

import dev.fedroute.ErrorCode;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import java.time.Duration;
import java.util.Objects;

/**
 * A CDI event fired synchronously by {@link FedrouteResolver} after each resolution, so that a
 * homeserver can count resolutions, cache hits and failures:
 *
 * <pre>{@code
 * void onResolution(@Observes ResolutionEvent e) {
 *   metrics.counter("fedroute", "result", e.result().name(), "hit", "" + e.cacheHit()).inc();
 * }
 * }</pre>
 *
 * <p>Observers run on the thread that completed the resolution (often a resolver or managed
 * executor thread, not the caller's), before the caller's own continuation; keep them quick. An
 * exception thrown by an observer is logged and does not affect the resolution. Immutable and
 * thread-safe.
 *
 * @param serverName the name that was resolved
 * @param result whether it resolved
 * @param step the step that produced the result, or {@code null} on error
 * @param errorCode the failure's code, or {@code null} on success
 * @param cacheHit whether an unexpired resolution was cached when the call began
 * @param elapsed how long the call took
 */
public record ResolutionEvent(
    ServerName serverName,
    Result result,
    Step step,
    ErrorCode errorCode,
    boolean cacheHit,
    Duration elapsed) {

  /** Whether a resolution succeeded. */
  public enum Result {
    /** The name resolved; {@link #step()} is set. */
    OK,
    /** The resolution failed; {@link #errorCode()} is set. */
    ERROR
  }

  /**
   * Checks that exactly the fields of the result are set.
   *
   * @param serverName the name that was resolved
   * @param result whether it resolved
   * @param step the step that produced the result, or {@code null} on error
   * @param errorCode the failure's code, or {@code null} on success
   * @param cacheHit whether an unexpired resolution was cached when the call began
   * @param elapsed how long the call took
   * @throws NullPointerException when a required field is {@code null}
   * @throws IllegalArgumentException when step and error code do not match the result
   */
  public ResolutionEvent {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(elapsed, "elapsed");
    boolean ok = result == Result.OK;
    if (ok != (step != null) || ok == (errorCode != null)) {
      throw new IllegalArgumentException(
          "result " + result + " with step " + step + " and error code " + errorCode);
    }
  }

  /**
   * An event for a successful resolution.
   *
   * @param name the name
   * @param step the step
   * @param cacheHit whether it came from the cache
   * @param elapsed the time taken
   * @return the event
   */
  public static ResolutionEvent ok(ServerName name, Step step, boolean cacheHit, Duration elapsed) {
    return new ResolutionEvent(name, Result.OK, step, null, cacheHit, elapsed);
  }

  /**
   * An event for a failed resolution.
   *
   * @param name the name
   * @param code the error code
   * @param cacheHit whether a cached resolution existed when the call began
   * @param elapsed the time taken
   * @return the event
   */
  public static ResolutionEvent error(
      ServerName name, ErrorCode code, boolean cacheHit, Duration elapsed) {
    return new ResolutionEvent(name, Result.ERROR, null, code, cacheHit, elapsed);
  }
}
