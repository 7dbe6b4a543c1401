package dev.fedroute;

/**
 * A server name that does not follow the grammar of docs/resolution.md section 1. Thrown before any
 * network call; its code is always {@link ErrorCode#INVALID_SERVER_NAME}.
 */
public final class InvalidServerNameException extends FedrouteException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the name, quoting it
   */
  public InvalidServerNameException(String message) {
    super(ErrorCode.INVALID_SERVER_NAME, message);
  }
}
