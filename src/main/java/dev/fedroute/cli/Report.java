package dev.fedroute.cli;

import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import java.time.Duration;
import java.util.List;
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
 * @param elapsed how long the resolution itself took: with {@code --repeat}, the median of the runs
 * @param connection the outcome of {@code --connect}, or {@code null} when none was attempted
 * @param connectAsked whether {@code --connect} was given: true with a connection, and also when
 *     the resolution failed so that no connection could be attempted
 * @param runs with {@code --repeat}, how long each run took, in order (the reported resolution or
 *     failure is the last run's); empty without it
 * @param connections with {@code --connect} after a resolution, the check of every target and
 *     address; {@code null} otherwise
 * @param keys with {@code --keys} after a resolution, the signing keys check; {@code null}
 *     otherwise
 * @param keysAsked whether {@code --keys} was given
 */
record Report(
    String serverName,
    Resolution resolution,
    FedrouteException error,
    Duration elapsed,
    Connection connection,
    boolean connectAsked,
    List<Duration> runs,
    List<AddressCheck> connections,
    KeyCheck keys,
    boolean keysAsked) {

  /**
   * Checks that exactly one of resolution and error is given, and a connection only after a
   * resolution and only when asked for.
   */
  public Report {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(elapsed, "elapsed");
    runs = List.copyOf(runs);
    connections = connections == null ? null : List.copyOf(connections);
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
    this(serverName, resolution, error, elapsed, null, false, List.of(), null, null, false);
  }

  /**
   * This report as the last of several runs of the same resolution, each with a fresh resolver:
   * {@code elapsed} becomes their median (the mean of the two middle ones for an even count).
   *
   * @param all how long each run took, this report's own last; not empty
   * @return the new report
   */
  public Report withRuns(List<Duration> all) {
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no run");
    }
    List<Duration> sorted = all.stream().sorted().toList();
    int middle = sorted.size() / 2;
    Duration median =
        sorted.size() % 2 == 1
            ? sorted.get(middle)
            : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    return new Report(
        serverName,
        resolution,
        error,
        median,
        connection,
        connectAsked,
        all,
        connections,
        keys,
        keysAsked);
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
        serverName,
        resolution,
        error,
        elapsed,
        Objects.requireNonNull(value, "connection"),
        true,
        runs,
        connections,
        keys,
        keysAsked);
  }

  /**
   * This report, noting that {@code --connect} (and perhaps {@code --keys}) was given but no
   * connection was attempted because the resolution failed.
   *
   * @param keysAsked whether {@code --keys} was given
   * @return the new report
   * @throws IllegalArgumentException when this report has a resolution
   */
  public Report withConnectNotAttempted(boolean keysAsked) {
    if (resolution != null) {
      throw new IllegalArgumentException("after a resolution a connection is attempted");
    }
    return new Report(
        serverName, resolution, error, elapsed, null, true, runs, null, null, keysAsked);
  }

  /**
   * This report with the check of every address and, with {@code --keys}, of the signing keys.
   *
   * @param checks the address checks
   * @param keyCheck the keys check, or {@code null} when {@code --keys} was not given
   * @return the new report
   */
  public Report withChecks(List<AddressCheck> checks, KeyCheck keyCheck) {
    if (resolution == null) {
      throw new IllegalArgumentException("address checks need a resolution");
    }
    return new Report(
        serverName,
        resolution,
        error,
        elapsed,
        connection,
        connectAsked,
        runs,
        Objects.requireNonNull(checks, "checks"),
        keyCheck,
        keyCheck != null);
  }

  /**
   * The verdict: whether federation with this server works as far as checked. True when the
   * resolution succeeded, at least one address answered {@code /_matrix/federation/v1/version} over
   * a certificate proving the TLS name, and (with {@code --keys}) the keys verify.
   *
   * @return the verdict, or {@code null} when nothing was connected to after a resolution (no
   *     {@code --connect})
   */
  public Boolean federationOk() {
    if (resolution == null) {
      return Boolean.FALSE;
    }
    if (connections == null) {
      return null;
    }
    return answered() && (keys == null || keys.ok());
  }

  /**
   * Whether, after the address checks, something answered over a certificate proving the TLS name:
   * an address check, or the federation path's own request (it checks the TLS name too).
   *
   * @return true when one did; false without address checks
   */
  public boolean answered() {
    return connections != null
        && (connections.stream().anyMatch(AddressCheck::answered)
            || (connection != null && connection.error() == null));
  }

  /**
   * The hints of this report.
   *
   * @param now the current time (for certificate expiry)
   * @return the hints, empty when the resolution failed
   */
  public List<Warning> warnings(java.time.Instant now) {
    return resolution == null
        ? List.of()
        : Warnings.of(resolution, connections == null ? List.of() : connections, now);
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
