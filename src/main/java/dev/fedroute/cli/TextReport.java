package dev.fedroute.cli;

import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult;
import dev.fedroute.internal.text.IpAddresses;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link Report} as the CLI's human-readable report: the server name, the steps taken
 * (the resolver's trace), the {@code .well-known} outcome, the SRV records, then the final step,
 * {@code Host} header, TLS name, SNI, the ordered targets with their addresses, and the elapsed
 * time; or, on failure, the error code and message. With {@code --connect}, the federation
 * request's outcome follows the resolution, then the tester's part ({@link TesterText}: every
 * address checked, the signing keys, the hints and the verdict). The layout is for people and may
 * change; use {@link JsonReport} for programs. Stateless and thread-safe.
 */
final class TextReport {
  private static final String NL = System.lineSeparator();

  private TextReport() {}

  /**
   * Renders the report, each line ending with a line separator.
   *
   * @param report the report
   * @return the text
   */
  public static String render(Report report) {
    StringBuilder out = new StringBuilder();
    line(out, "Server name:  " + report.serverName());
    report.result().ifPresent(r -> resolution(out, r));
    report.failure().ifPresent(e -> failure(out, e));
    report
        .connectionOutcome()
        .ifPresentOrElse(
            c -> connection(out, c),
            () -> {
              if (report.connectAsked()) {
                line(out, "Connection:   not attempted: the resolution failed");
              }
            });
    TesterText.append(out, report, Instant.now());
    line(out, "Result:       " + (report.succeeded() ? "ok" : "error"));
    line(out, "Elapsed:      " + report.elapsed().toMillis() + " ms" + runs(report));
    return out.toString();
  }

  private static void resolution(StringBuilder out, Resolution r) {
    if (!r.trace().isEmpty()) {
      line(out, "Steps taken:");
      r.trace().forEach(step -> line(out, "  - " + step));
    }
    line(out, ".well-known:  " + wellKnown(r.wellKnown()));
    WellKnownReason.sentence(r.wellKnown()).ifPresent(why -> line(out, "  Why:        " + why));
    srv(out, r.srvRecords());
    line(out, "Resolved:     step " + r.step().label());
    line(out, "Host header:  " + r.hostHeader());
    line(out, "TLS name:     " + r.tlsServerName());
    line(out, "SNI:          " + r.sni().orElse("(none: IP address)"));
    line(out, "Targets, in the order to try:");
    List<Target> targets = r.targets();
    for (int i = 0; i < targets.size(); i++) {
      line(out, "  " + (i + 1) + ". " + target(targets.get(i)));
    }
    Instant until = r.validUntil();
    line(out, "Valid until:  " + (until.equals(Instant.MAX) ? "does not expire" : until));
  }

  private static void failure(StringBuilder out, FedrouteException e) {
    e.wellKnown()
        .ifPresent(
            w -> {
              line(out, ".well-known:  " + wellKnown(w));
              WellKnownReason.sentence(w).ifPresent(why -> line(out, "  Why:        " + why));
            });
    if (!e.trace().isEmpty()) {
      line(out, "Steps taken:");
      e.trace().forEach(step -> line(out, "  - " + step));
    }
    line(out, "Error code:   " + e.code().code());
    line(out, "Message:      " + e.getMessage());
  }

  private static void connection(StringBuilder out, Connection c) {
    line(out, "Connection:   GET " + FederationCheck.PATH);
    if (c.error() != null) {
      field(out, "Result", "error");
      field(out, "Error code", c.error().code().code());
      field(out, "Message", c.error().getMessage());
      return;
    }
    field(out, "Address", c.address());
    field(out, "Status", Integer.toString(c.status()));
    field(out, "TLS", "ok");
    field(
        out, "Certificate", c.certificateSubject() == null ? "(unknown)" : c.certificateSubject());
    List<String> body = c.body().lines().toList();
    field(out, "Body", body.isEmpty() ? "(empty)" : body.get(0));
    body.stream().skip(1).forEach(l -> line(out, " ".repeat(15) + l));
  }

  private static void field(StringBuilder out, String label, String value) {
    line(out, String.format("  %-13s", label + ":") + value);
  }

  /**
   * One line describing a {@code .well-known} outcome.
   *
   * @param w the outcome
   * @return for example {@code delegated (HTTP 200), m.server b.example, cached for 1h}
   */
  static String wellKnown(WellKnownResult w) {
    if (w.outcome() == WellKnownResult.Outcome.SKIPPED) {
      return "skipped" + (w.detail() == null ? "" : " (" + w.detail() + ")");
    }
    StringBuilder text = new StringBuilder(w.outcome().label());
    text.append(w.status() == null ? " (no HTTP response)" : " (HTTP " + w.status() + ")");
    w.delegation().ifPresent(m -> text.append(", m.server ").append(m));
    w.failureCode().ifPresent(code -> text.append(", error ").append(code.label()));
    if (w.detail() != null) {
      text.append(", ").append(w.detail());
    }
    text.append(", cached for ").append(duration(w.ttl()));
    if (!w.expiresAt().equals(Instant.MAX)) {
      text.append(" (until ").append(w.expiresAt()).append(')');
    }
    return text.toString();
  }

  private static void srv(StringBuilder out, List<SrvRecord> records) {
    if (records.isEmpty()) {
      line(out, "SRV records:  none used");
      return;
    }
    line(out, "SRV records:");
    for (SrvRecord srv : records) {
      line(
          out,
          "  priority "
              + srv.priority()
              + ", weight "
              + srv.weight()
              + ", port "
              + srv.port()
              + ", target "
              + srv.target());
    }
  }

  private static String target(Target target) {
    String addresses =
        target.addresses().stream().map(IpAddresses::toText).collect(Collectors.joining(", "));
    return IpAddresses.authority(target.host(), target.port()) + " -> " + addresses;
  }

  /**
   * A short human form of a duration: {@code 0s}, {@code 45s}, {@code 5m}, {@code 1h 2m 3s}.
   *
   * @param d the duration, not negative
   * @return its text
   */
  static String duration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds == 0) {
      return d.isZero() ? "0s" : d.toMillis() + "ms";
    }
    StringBuilder text = new StringBuilder();
    append(text, seconds / 86_400, "d");
    append(text, seconds % 86_400 / 3600, "h");
    append(text, seconds % 3600 / 60, "m");
    append(text, seconds % 60, "s");
    return text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount != 0) {
      text.append(text.length() == 0 ? "" : " ").append(amount).append(unit);
    }
  }

  private static void line(StringBuilder out, String text) {
    out.append(text).append(NL);
  }

  /** With several runs: how many, and each one's time. */
  private static String runs(Report report) {
    if (report.runs().isEmpty()) {
      return "";
    }
    return " (median of "
        + report.runs().size()
        + " runs, each with a fresh resolver: "
        + report.runs().stream()
            .map(d -> d.toMillis() + " ms")
            .collect(java.util.stream.Collectors.joining(", "))
        + ")";
  }
}
