package dev.fedroute;

import java.util.Objects;

/**
 * The one failure type of Fedroute: an unchecked exception with a stable {@link ErrorCode} and a
 * message that names the input it failed on.
 */
public class FedrouteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * Creates an exception.
   *
   * @param code the stable error code
   * @param message what went wrong, naming the input
   */
  public FedrouteException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * Creates an exception with a cause.
   *
   * @param code the stable error code
   * @param message what went wrong, naming the input
   * @param cause the underlying failure
   */
  public FedrouteException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * The stable code of this failure.
   *
   * @return the error code
   */
  public ErrorCode code() {
    return code;
  }
}
