package dev.fedroute;

import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.internal.text.JoinedLines;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to connect for one server name: the result of the resolution steps.
 *
 * <p>Connect to the {@link #targets()} in order (and to each target's addresses in order); send
 * {@link #hostHeader()} as {@code Host}; send {@link #sni()} as TLS SNI; require the peer's
 * certificate to prove {@link #tlsServerName()} (an IP SAN when it is an IP). Never use a target's
 * own host for SNI, certificate or {@code Host}.
 *
 * @param serverName the name that was resolved
 * @param step the step that produced this result
 * @param hostHeader the {@code Host} header, exactly as section 2 says
 * @param tlsServerName the name (or canonical IP text) the certificate must prove
 * @param targets the destinations in the order to try them; never empty
 * @param wellKnown the outcome of the {@code .well-known} step
 * @param srvRecords the SRV records that the step used (empty when none), as received
 * @param validUntil when the earliest ingredient of this result expires
 * @param trace human-readable notes on each step taken, in order
 */
public record Resolution(
    ServerName serverName,
    Step step,
    String hostHeader,
    String tlsServerName,
    List<Target> targets,
    WellKnownResult wellKnown,
    List<SrvRecord> srvRecords,
    Instant validUntil,
    List<String> trace) {

  /**
   * One SRV record as received.
   *
   * @param priority the priority (lower first)
   * @param weight the weight within a priority
   * @param port the port
   * @param target the target host, lower case without trailing dot ({@code .} for "no service")
   */
  public record SrvRecord(int priority, int weight, int port, String target) {}

  /**
   * Checks and copies the arguments.
   *
   * @param serverName the name that was resolved
   * @param step the step that produced this result
   * @param hostHeader the {@code Host} header, exactly as section 2 says
   * @param tlsServerName the name (or canonical IP text) the certificate must prove
   * @param targets the destinations in the order to try them; never empty
   * @param wellKnown the outcome of the {@code .well-known} step
   * @param srvRecords the SRV records that the step used (empty when none), as received
   * @param validUntil when the earliest ingredient of this result expires
   * @param trace human-readable notes on each step taken, in order
   */
  public Resolution {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(hostHeader, "hostHeader");
    Objects.requireNonNull(tlsServerName, "tlsServerName");
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a resolution needs at least one target");
    }
    Objects.requireNonNull(wellKnown, "wellKnown");
    srvRecords = List.copyOf(srvRecords);
    Objects.requireNonNull(validUntil, "validUntil");
    trace = JoinedLines.copyOf(trace);
  }

  /**
   * The TLS SNI to send: the TLS name, or empty when it is an IP address (no SNI for IPs).
   *
   * @return the SNI host name
   */
  public Optional<String> sni() {
    return IpAddresses.parse(tlsServerName).isPresent()
        ? Optional.empty()
        : Optional.of(tlsServerName);
  }
}
