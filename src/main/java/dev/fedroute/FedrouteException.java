package dev.fedroute;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one failure type of Fedroute: an unchecked exception with a stable {@link ErrorCode} and a
 * message that names the input it failed on.
 */
public class FedrouteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final List<String> trace;
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
    this.trace = List.copyOf(trace);
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
}
