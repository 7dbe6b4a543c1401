package dev.fedroute.cli;

import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the CLI reports for one server name: either a resolution or the failure, how long the
 * resolution took, and, with {@code --connect} after a resolution, the outcome of the federation
 * request. Immutable.
 *
 * @param serverName the server name as given on the command line
 * @param resolution the resolution, or {@code null} when it failed
 * @param error the failure, or {@code null} when it resolved
 * @param elapsed how long the resolution itself took
 * @param connection the outcome of {@code --connect}, or {@code null} when none was attempted
 * @param connectAsked whether {@code --connect} was given: true with a connection, and also when
 *     the resolution failed so that no connection could be attempted
 */
record Report(
    String serverName,
    Resolution resolution,
    FedrouteException error,
    Duration elapsed,
    Connection connection,
    boolean connectAsked) {

  /**
   * Checks that exactly one of resolution and error is given, and a connection only after a
   * resolution and only when asked for.
   */
  public Report {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(elapsed, "elapsed");
    if ((resolution == null) == (error == null)) {
      throw new IllegalArgumentException("a report needs exactly one of resolution and error");
    }
    if (connection != null && resolution == null) {
      throw new IllegalArgumentException("a connection needs a resolution");
    }
    if (connection != null && !connectAsked) {
      throw new IllegalArgumentException("a connection is only there when asked for");
    }
  }

  /**
   * A report without a connection attempt.
   *
   * @param serverName the server name as given
   * @param resolution the resolution, or {@code null}
   * @param error the failure, or {@code null}
   * @param elapsed how long the resolution took
   */
  public Report(
      String serverName, Resolution resolution, FedrouteException error, Duration elapsed) {
    this(serverName, resolution, error, elapsed, null, false);
  }

  /**
   * This report with the outcome of {@code --connect}.
   *
   * @param value the outcome
   * @return the new report
   * @throws IllegalArgumentException when this report has no resolution
   */
  public Report withConnection(Connection value) {
    return new Report(
        serverName, resolution, error, elapsed, Objects.requireNonNull(value, "connection"), true);
  }

  /**
   * This report, noting that {@code --connect} was given but no connection was attempted because
   * the resolution failed.
   *
   * @return the new report
   * @throws IllegalArgumentException when this report has a resolution
   */
  public Report withConnectNotAttempted() {
    if (resolution != null) {
      throw new IllegalArgumentException("after a resolution a connection is attempted");
    }
    return new Report(serverName, resolution, error, elapsed, null, true);
  }

  /**
   * Whether everything asked for worked: the resolution and, when attempted, the connection (any
   * HTTP status counts).
   *
   * @return true when the report is a success
   */
  public boolean succeeded() {
    return error == null && (connection == null || connection.error() == null);
  }

  /**
   * What went wrong: the resolution's failure, else the connection's.
   *
   * @return the failure, or empty when {@link #succeeded()}
   */
  public Optional<FedrouteException> problem() {
    return failure().or(() -> connectionOutcome().flatMap(Connection::failure));
  }

  /**
   * The outcome of {@code --connect}, when it was attempted.
   *
   * @return the outcome
   */
  public Optional<Connection> connectionOutcome() {
    return Optional.ofNullable(connection);
  }

  /**
   * A report of a successful resolution.
   *
   * @param resolution the resolution
   * @param elapsed how long it took
   * @return the report
   */
  public static Report ok(Resolution resolution, Duration elapsed) {
    return new Report(resolution.serverName().text(), resolution, null, elapsed);
  }

  /**
   * A report of a failure.
   *
   * @param serverName the server name as given
   * @param error the failure
   * @param elapsed how long the attempt took
   * @return the report
   */
  public static Report failed(String serverName, FedrouteException error, Duration elapsed) {
    return new Report(serverName, null, Objects.requireNonNull(error, "error"), elapsed);
  }

  /**
   * The resolution, when there is one.
   *
   * @return the resolution
   */
  public Optional<Resolution> result() {
    return Optional.ofNullable(resolution);
  }

  /**
   * The failure, when there is one.
   *
   * @return the failure
   */
  public Optional<FedrouteException> failure() {
    return Optional.ofNullable(error);
  }
}
