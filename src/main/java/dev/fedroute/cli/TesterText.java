package dev.fedroute.cli;

import dev.fedroute.internal.text.IpAddresses;
import java.time.Instant;
import java.util.List;

/**
 * The federation tester's part of the text report: each address checked, the signing keys, the
 * hints and the verdict. The layout is for people and may change. Stateless and thread-safe.
 */
final class TesterText {
  private static final String NL = System.lineSeparator();

  private TesterText() {}

  /**
   * Appends the tester's lines of a report.
   *
   * @param out the text being built
   * @param report the report
   * @param now the current time (for certificate expiry hints)
   */
  static void append(StringBuilder out, Report report, Instant now) {
    if (report.connections() != null) {
      line(out, "Addresses checked:");
      if (report.connections().isEmpty()) {
        line(out, "  (none)");
      }
      report.connections().forEach(c -> connection(out, c));
    }
    if (report.keys() != null) {
      keys(out, report.keys());
    }
    List<Warning> warnings = report.warnings(now);
    if (!warnings.isEmpty()) {
      line(out, "Warnings:");
      warnings.forEach(w -> line(out, "  - [" + w.code() + "] " + w.message()));
    }
    Boolean ok = report.federationOk();
    line(
        out,
        "Federation:   "
            + (ok == null
                ? "not checked (run with --connect)"
                : ok ? "ok" : "FAILED" + (report.error() == null ? whyNot(report) : "")));
  }

  private static String whyNot(Report report) {
    if (!report.answered()) {
      return ": no address answered /version over a certificate for the TLS name";
    }
    return ": the signing keys did not verify";
  }

  private static void connection(StringBuilder out, AddressCheck c) {
    line(
        out,
        "  "
            + IpAddresses.authority(c.host(), c.port())
            + " at "
            + IpAddresses.authority(IpAddresses.toText(c.address()), c.port())
            + ": "
            + (c.answered() ? "HTTP " + c.status() : "error " + c.errorCode()));
    if (c.connectTime() != null) {
      field(out, "TCP connect", String.format("%.1f ms", c.connectTime().toNanos() / 1e6));
    }
    if (c.tlsVersion() != null) {
      field(out, "TLS", c.tlsVersion() + ", " + c.cipherSuite());
    }
    for (int i = 0; i < c.chain().size(); i++) {
      CertificateInfo cert = c.chain().get(i);
      field(out, i == 0 ? "Certificate" : "CA cert", cert.subject());
      field(out, "  issuer", cert.issuer());
      if (!cert.dnsNames().isEmpty() || !cert.ipAddresses().isEmpty()) {
        field(
            out,
            "  names",
            String.join(", ", cert.dnsNames())
                + (cert.ipAddresses().isEmpty() ? "" : " " + cert.ipAddresses()));
      }
      field(out, "  not after", cert.notAfter().toString());
      field(out, "  SHA-256", cert.sha256());
    }
    if (c.tlsNameOk() != null) {
      field(out, "TLS name", c.tlsNameOk() ? "proved by the certificate" : "NOT proved");
    }
    if (c.answered()) {
      field(
          out,
          "Server",
          c.serverName() == null ? "(no server.name)" : c.serverName() + " " + c.serverVersion());
    } else {
      field(out, "Error", c.errorCode() + ": " + c.errorMessage());
    }
  }

  private static void keys(StringBuilder out, KeyCheck k) {
    line(out, "Signing keys: " + (k.ok() ? "ok" : "FAILED") + " (GET " + KeyCheck.PATH + ")");
    if (k.errorCode() != null) {
      field(out, "Error", k.errorCode() + ": " + k.errorMessage());
      return;
    }
    field(out, "server_name", k.serverName() + (k.serverNameOk() ? " (ok)" : " (WRONG)"));
    field(
        out,
        "valid_until",
        (k.validUntilTs() == null ? "(missing)" : Instant.ofEpochMilli(k.validUntilTs()).toString())
            + (k.validUntilOk() ? " (ok)" : " (NOT in the future)"));
    if (k.verifyKeys().isEmpty()) {
      field(out, "verify_keys", "(none)");
    }
    k.verifyKeys().forEach(v -> field(out, v.keyId(), v.result()));
    k.oldVerifyKeys()
        .forEach(
            o ->
                field(
                    out,
                    "old key " + o.keyId(),
                    o.expiredTs() == null
                        ? "(no expired_ts)"
                        : "expired " + Instant.ofEpochMilli(o.expiredTs())));
  }

  private static void field(StringBuilder out, String label, String value) {
    String name = label + ":";
    line(out, "    " + (name.length() < 13 ? String.format("%-13s", name) : name + " ") + value);
  }

  private static void line(StringBuilder out, String text) {
    out.append(text).append(NL);
  }
}
