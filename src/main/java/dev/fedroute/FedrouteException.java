package dev.fedroute;

import dev.fedroute.internal.text.JoinedLines;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one failure type of Fedroute: an unchecked exception with a stable {@link ErrorCode} and a
 * message that names the input it failed on.
 *
 * <p>A resolution fails with a {@code FedrouteException} for everything the network, the input or
 * the configuration can cause. A JVM {@link Error} (a class missing at run time, memory exhausted)
 * is no resolution outcome: it is never turned into one of these, and reaches the caller as it is.
 */
public class FedrouteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The stable code of the failure. */
  private final ErrorCode code;

  /** The steps taken before the failure. */
  private final List<String> trace;

  /** The {@code .well-known} outcome had before the failure, or {@code null}. */
  private final WellKnownResult wellKnown;

  /**
   * Creates an exception.
   *
   * @param code the stable error code
   * @param message what went wrong, naming the input
   */
  public FedrouteException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.trace = List.of();
    this.wellKnown = null;
  }

  /**
   * Creates an exception with a cause.
   *
   * @param code the stable error code
   * @param message what went wrong, naming the input
   * @param cause the underlying failure
   */
  public FedrouteException(ErrorCode code, String message, Throwable cause) {
    this(code, message, cause, List.of());
  }

  /**
   * Creates an exception that carries the steps taken before the failure.
   *
   * @param code the stable error code
   * @param message what went wrong, naming the input
   * @param cause the underlying failure, or {@code null}
   * @param trace human-readable notes on each step taken, in order
   */
  public FedrouteException(ErrorCode code, String message, Throwable cause, List<String> trace) {
    this(code, message, cause, trace, null);
  }

  /**
   * Creates an exception that carries the steps taken and the {@code .well-known} outcome that was
   * had before the failure.
   *
   * @param code the stable error code
   * @param message what went wrong, naming the input
   * @param cause the underlying failure, or {@code null}
   * @param trace human-readable notes on each step taken, in order
   * @param wellKnown the {@code .well-known} outcome, or {@code null} when none was had
   */
  public FedrouteException(
      ErrorCode code,
      String message,
      Throwable cause,
      List<String> trace,
      WellKnownResult wellKnown) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.trace = JoinedLines.copyOf(trace);
    this.wellKnown = wellKnown;
  }

  /**
   * The stable code of this failure.
   *
   * @return the error code
   */
  public ErrorCode code() {
    return code;
  }

  /**
   * The steps a resolution took before it failed (empty when not known), for reports.
   *
   * @return the trace lines, in order
   */
  public List<String> trace() {
    return trace;
  }

  /**
   * The {@code .well-known} outcome that was had before the failure, for reports.
   *
   * @return the outcome, or empty when the failure came before (or without) that step
   */
  public Optional<WellKnownResult> wellKnown() {
    return Optional.ofNullable(wellKnown);
  }

  /**
   * The failure of a resolution as a {@code FedrouteException}: the one translation of failures
   * that Fedroute's blocking calls, its Jakarta integration and its command line share.
   *
   * <ul>
   *   <li>{@link CompletionException} and {@link ExecutionException} wrappers are removed;
   *   <li>a {@code FedrouteException} (also as the direct cause of the remaining failure, as JAX-RS
   *       wraps it) is returned as it is;
   *   <li>an {@link Error} is thrown, not translated: a missing class is a deployment fault, never
   *       a DNS failure;
   *   <li>any other exception (a defect: no step should throw one) becomes {@link
   *       ErrorCode#DNS_FAILURE} "resolving NAME failed: ..." around it.
   * </ul>
   *
   * @param failure what a resolution stage failed with
   * @param serverName the name that was resolved, for the message
   * @return the failure with its error code
   * @throws Error when the failure is (or wraps) an {@code Error}
   */
  public static FedrouteException of(Throwable failure, Object serverName) {
    Throwable t = unwrap(Objects.requireNonNull(failure, "failure"));
    if (t instanceof FedrouteException fe) {
      return fe;
    }
    if (t.getCause() instanceof FedrouteException fe) {
      return fe;
    }
    if (t instanceof Error error) {
      throw error;
    }
    return new FedrouteException(
        ErrorCode.DNS_FAILURE, "resolving " + serverName + " failed: " + t, t);
  }

  /**
   * The failure inside {@link CompletionException} and {@link ExecutionException} wrappers.
   *
   * @param failure a failure, perhaps wrapped by asynchronous completion
   * @return the innermost failure that is not such a wrapper
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
