package dev.fedroute.internal.resolve;

import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution;
import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult;
import dev.fedroute.internal.text.JoinedLines;
import java.time.Instant;
import java.util.List;

/**
 * What one resolution has gathered so far: the trace, the earliest expiry of its ingredients, the
 * {@code .well-known} outcome and the SRV records used. Thread-safe (its stages may complete on
 * different threads).
 */
final class ResolutionTrace {
  /**
   * What the lines of traces (here, in {@link ResolutionSteps} and {@link TargetLookup}) hold most:
   * each is kept as one byte in the traces of cached resolutions, and so is the server name's host.
   */
  static final JoinedLines.Phrases PHRASES =
      new JoinedLines.Phrases(
          List.of(
              ".well-known: skipped (switched off)",
              ".well-known https://",
              "/.well-known/matrix/server: ",
              "SRV _matrix-fed._tcp.",
              "SRV _matrix._tcp.",
              ": no record",
              "no SRV record: falling back to ",
              "A/AAAA ",
              "step ",
              ": Host ",
              ", TLS name ",
              " target",
              ", cached ",
              " record",
              ": lookup failed ("));

  private final ServerName serverName;
  private final FedrouteListener.Resolving listener;
  private final JoinedLines.Builder trace;
  private Instant validUntil = Instant.MAX;
  private WellKnownResult wellKnown = WellKnownResult.skipped();
  private List<SrvRecord> srvRecords = List.of();

  ResolutionTrace(ServerName serverName) {
    this(serverName, FedrouteListener.Resolving.NONE);
  }

  ResolutionTrace(ServerName serverName, FedrouteListener.Resolving listener) {
    this.serverName = serverName;
    this.listener = listener;
    this.trace = new JoinedLines.Builder(PHRASES, serverName.canonicalHost());
  }

  ServerName serverName() {
    return serverName;
  }

  /** Tells the listener that the resolution now waits for a lookup; end it with the outcome. */
  FedrouteListener.Lookup lookup(FedrouteListener.LookupKind kind, String name) {
    return listener.lookupStarted(kind, name);
  }

  synchronized void note(String line) {
    trace.add(line);
  }

  /** Records an ingredient's expiry; the resolution is valid until the earliest one. */
  synchronized void ingredientExpires(Instant expiry) {
    if (expiry.isBefore(validUntil)) {
      validUntil = expiry;
    }
  }

  synchronized void wellKnown(WellKnownResult result) {
    wellKnown = result;
    ingredientExpires(result.expiresAt());
  }

  synchronized void srvRecords(List<SrvRecord> records) {
    srvRecords = List.copyOf(records);
  }

  /** The failure, with the trace of the steps taken so far attached. */
  synchronized FedrouteException fail(FedrouteException failure) {
    return new FedrouteException(
        failure.code(), failure.getMessage(), failure, trace.build(), wellKnown);
  }

  /**
   * The failure, with the trace so far and then a last note attached; work still under way cannot
   * slip a line in between.
   */
  synchronized FedrouteException fail(FedrouteException failure, String lastNote) {
    note(lastNote);
    return fail(failure);
  }

  synchronized Resolution finish(
      Step step, String hostHeader, String tlsServerName, List<Target> targets) {
    note(
        "step "
            + step.label()
            + ": Host "
            + hostHeader
            + ", TLS name "
            + tlsServerName
            + ", "
            + targets.size()
            + (targets.size() == 1 ? " target" : " targets"));
    return new Resolution(
        serverName,
        step,
        hostHeader,
        tlsServerName,
        targets,
        wellKnown,
        srvRecords,
        validUntil,
        trace.build());
  }
}
