package dev.fedroute.cli;

import dev.fedroute.Resolution;
import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Outcome;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Resolutions built directly, for renderer tests. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private Fixtures() {}

  /** An IP address from a literal (no lookup is made for a literal). */
  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Step 3.3 of the vectors: delegated to b-deleg, whose SRV names an IPv6+IPv4 target. */
  static Resolution delegatedSrv() {
    return new Resolution(
        ServerName.parse("b.example.test"),
        Step.DELEGATED_SRV,
        "b-deleg.example.test",
        "b-deleg.example.test",
        List.of(
            new Target(
                "b-target.example.test",
                8443,
                List.of(ip("2001:db8:0:0:0:0:0:10"), ip("127.0.20.4")))),
        new WellKnownResult(
            Outcome.DELEGATED,
            200,
            "b-deleg.example.test",
            Duration.ofSeconds(3600),
            NOW.plusSeconds(3600),
            null,
            null,
            0,
            Duration.ofSeconds(3600)),
        List.of(new SrvRecord(10, 5, 8443, "b-target.example.test")),
        NOW.plusSeconds(300),
        List.of(".well-known: delegated to b-deleg.example.test", "SRV: 1 record"));
  }

  /** Step 4 with two SRV targets and a 404 .well-known. */
  static Resolution srvNoDelegation() {
    return new Resolution(
        ServerName.parse("c.example.test"),
        Step.SRV,
        "c.example.test",
        "c.example.test",
        List.of(
            new Target("c1.example.test", 8450, List.of(ip("127.0.20.6"))),
            new Target("c2.example.test", 8451, List.of(ip("127.0.20.7")))),
        new WellKnownResult(
            Outcome.NONE,
            404,
            null,
            Duration.ofSeconds(60),
            NOW.plusSeconds(60),
            "HTTP 404",
            WellKnownResult.Failure.HTTP_STATUS,
            0,
            null),
        List.of(
            new SrvRecord(10, 5, 8450, "c1.example.test"),
            new SrvRecord(20, 5, 8451, "c2.example.test")),
        NOW.plusSeconds(60),
        List.of("step 4"));
  }

  /** Step 1 for a bracketed IPv6 literal with a port. */
  static Resolution ipv6Literal() {
    return new Resolution(
        ServerName.parse("[2001:db8::1]:8449"),
        Step.IP_LITERAL,
        "[2001:db8::1]:8449",
        "2001:db8::1",
        List.of(new Target("2001:db8::1", 8449, List.of(ip("2001:db8:0:0:0:0:0:1")))),
        WellKnownResult.skipped(),
        List.of(),
        Instant.MAX,
        List.of("server name is an IP literal"));
  }
}
