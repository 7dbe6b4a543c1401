package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The human-readable report, rendered from resolutions built directly. */
class TextReportTest {

  @Test
  void delegatedSrvReportShowsEachPart() {
    String text = TextReport.render(Report.ok(Fixtures.delegatedSrv(), Duration.ofMillis(412)));

    assertThat(text)
        .containsSubsequence(
            "Server name:  b.example.test",
            "  - .well-known: delegated to b-deleg.example.test",
            "  - SRV: 1 record",
            ".well-known:  delegated (HTTP 200), m.server b-deleg.example.test, cached for 1h",
            "priority 10, weight 5, port 8443, target b-target.example.test",
            "Resolved:     step 3.3",
            "Host header:  b-deleg.example.test",
            "TLS name:     b-deleg.example.test",
            "SNI:          b-deleg.example.test",
            "  1. b-target.example.test:8443 -> 2001:db8::10, 127.0.20.4",
            "Valid until:  2026-01-01T00:05:00Z",
            "Result:       ok",
            "Elapsed:      412 ms");
  }

  @Test
  void targetsAreNumberedInOrderAndWellKnownFailureHasItsStatus() {
    String text = TextReport.render(Report.ok(Fixtures.srvNoDelegation(), Duration.ZERO));

    assertThat(text)
        .contains(".well-known:  none (HTTP 404), error http_status, HTTP 404, cached for 1m")
        .contains(
            "  Why:        The .well-known request answered HTTP 404; only 200 with a JSON"
                + " object counts (HTTP 404)")
        .containsSubsequence(
            "  1. c1.example.test:8450 -> 127.0.20.6", "  2. c2.example.test:8451 -> 127.0.20.7");
  }

  @Test
  void ipLiteralHasNoSniAndBracketsTheTargetHost() {
    String text = TextReport.render(Report.ok(Fixtures.ipv6Literal(), Duration.ZERO));

    assertThat(text)
        .contains("Resolved:     step 1")
        .contains("Host header:  [2001:db8::1]:8449")
        .contains("TLS name:     2001:db8::1")
        .contains("SNI:          (none: IP address)")
        .contains(".well-known:  skipped")
        .contains("SRV records:  none used")
        .contains("  1. [2001:db8::1]:8449 -> 2001:db8::1")
        .contains("Valid until:  does not expire");
  }

  @Test
  void failureShowsCodeAndMessageOnly() {
    String text =
        TextReport.render(
            Report.failed(
                "g.example.test",
                new FedrouteException(ErrorCode.SERVICE_UNAVAILABLE, "SRV target is '.'"),
                Duration.ofMillis(3)));

    assertThat(text)
        .containsSubsequence(
            "Server name:  g.example.test",
            "Error code:   service_unavailable",
            "Message:      SRV target is '.'",
            "Result:       error",
            "Elapsed:      3 ms")
        .doesNotContain("Host header")
        .doesNotContain("Targets");
  }

  @Test
  void durationsAreShort() {
    assertThat(TextReport.duration(Duration.ZERO)).isEqualTo("0s");
    assertThat(TextReport.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(TextReport.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(TextReport.duration(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(TextReport.duration(Duration.ofSeconds(3723))).isEqualTo("1h 2m 3s");
    assertThat(TextReport.duration(Duration.ofHours(48))).isEqualTo("2d");
  }
}
