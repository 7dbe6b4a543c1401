package dev.fedroute.cli;

import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the CLI reports for one server name: either a resolution or the failure, and how long the
 * resolution took. Immutable.
 *
 * @param serverName the server name as given on the command line
 * @param resolution the resolution, or {@code null} when it failed
 * @param error the failure, or {@code null} when it resolved
 * @param elapsed how long the resolution itself took
 */
public record Report(
    String serverName, Resolution resolution, FedrouteException error, Duration elapsed) {

  /** Checks that exactly one of resolution and error is given. */
  public Report {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(elapsed, "elapsed");
    if ((resolution == null) == (error == null)) {
      throw new IllegalArgumentException("a report needs exactly one of resolution and error");
    }
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
