package dev.fedroute.cli;

import dev.fedroute.Resolution;
import dev.fedroute.Step;
import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The hints of a report: what the resolution and the address checks found that works but is worth
 * fixing. Stateless and thread-safe.
 */
final class Warnings {
  /** A {@code .well-known} answer cached for less than this is re-fetched too often. */
  static final Duration SHORT_CACHE = Duration.ofMinutes(5);

  /** A certificate that ends sooner than this is about to break federation. */
  static final Duration EXPIRES_SOON = Duration.ofDays(14);

  /**
   * How the resolution's trace notes an SRV target that is a CNAME ({@code SRV target X is a CNAME
   * (-> Y); ...}): Resolution has no typed field for it.
   */
  private static final String CNAME_NOTE = " is a CNAME";

  private Warnings() {}

  /**
   * The hints of a resolution and its address checks.
   *
   * @param r the resolution
   * @param checks the address checks of {@code --connect} (empty without it)
   * @param now the current time
   * @return the hints, in a stable order
   */
  static List<Warning> of(Resolution r, List<AddressCheck> checks, Instant now) {
    List<Warning> out = new ArrayList<>();
    resolution(r, out);
    certificates(r, checks, now, out);
    families(checks, out);
    return out;
  }

  private static void resolution(Resolution r, List<Warning> out) {
    if (r.step() == Step.LEGACY_SRV || r.step() == Step.DELEGATED_LEGACY_SRV) {
      out.add(
          new Warning(
              "legacy_srv",
              "Only the deprecated _matrix._tcp SRV record is published; publish"
                  + " _matrix-fed._tcp as well, since servers may stop reading the old one."));
    }
    for (String step : r.trace()) {
      int cname = step.startsWith("SRV target ") ? step.indexOf(CNAME_NOTE) : -1;
      if (cname >= 0) {
        out.add(
            new Warning(
                "srv_target_cname",
                step.substring(0, cname + CNAME_NOTE.length())
                    + "; RFC 2782 says an SRV target must have its own A/AAAA records, so point"
                    + " the SRV record at the canonical name."));
      }
    }
    WellKnownResult w = r.wellKnown();
    if (w.redirects() > 0) {
      out.add(
          new Warning(
              "well_known_redirected",
              "The .well-known answer came after "
                  + w.redirects()
                  + " redirect(s); serve it directly at https://"
                  + r.serverName().host()
                  + "/.well-known/matrix/server, since each redirect costs a round trip and some"
                  + " servers do not follow them."));
    }
    if (w.headersTtl() != null && w.headersTtl().compareTo(SHORT_CACHE) < 0) {
      out.add(
          new Warning(
              "short_cache",
              "The .well-known answer's Cache-Control/Expires headers allow caching it for only "
                  + TextReport.duration(
                      w.headersTtl().isNegative() ? Duration.ZERO : w.headersTtl())
                  + "; other servers then fetch it again and again (Fedroute keeps it "
                  + TextReport.duration(w.ttl())
                  + "). Allow at least 5 minutes, better a day."));
    }
    if (w.outcome() == Outcome.NONE && (r.step() == Step.SRV || r.step() == Step.LEGACY_SRV)) {
      out.add(
          new Warning(
              "well_known_failed_srv_used",
              "The .well-known lookup did not count ("
                  + w.failureCode().map(WellKnownResult.Failure::label).orElse("none")
                  + "), so the SRV record of the server name itself was used; if .well-known is"
                  + " meant to delegate, fix it."));
    }
  }

  private static void certificates(
      Resolution r, List<AddressCheck> checks, Instant now, List<Warning> out) {
    Set<String> forTarget = new LinkedHashSet<>();
    Set<String> expiring = new LinkedHashSet<>();
    for (AddressCheck c : checks) {
      if (Boolean.FALSE.equals(c.tlsNameOk()) && Boolean.TRUE.equals(c.leafMatchesHost())) {
        forTarget.add(c.host());
      }
      if (!c.chain().isEmpty()) {
        CertificateInfo leaf = c.chain().get(0);
        if (leaf.notAfter().isBefore(now.plus(EXPIRES_SOON))) {
          expiring.add(leaf.subject() + " (ends " + leaf.notAfter() + ")");
        }
      }
    }
    for (String host : forTarget) {
      out.add(
          new Warning(
              "certificate_for_srv_target",
              "The certificate of "
                  + host
                  + " is valid for that SRV target but not for "
                  + r.tlsServerName()
                  + ". The specification asks for a certificate for the server's own name"
                  + " because DNS is not secured: whoever could forge the SRV answer could"
                  + " otherwise send the server to a host of their own that holds a valid"
                  + " certificate for itself."));
    }
    for (String cert : expiring) {
      out.add(
          new Warning(
              "certificate_expires_soon",
              "The certificate " + cert + " expires in less than 14 days; renew it."));
    }
  }

  private static void families(List<AddressCheck> checks, List<Warning> out) {
    boolean v4 = checks.stream().anyMatch(c -> !c.ipv6() && c.answered());
    boolean v6 = checks.stream().anyMatch(c -> c.ipv6() && c.answered());
    boolean v4Tried = checks.stream().anyMatch(c -> !c.ipv6());
    boolean v6Tried = checks.stream().anyMatch(AddressCheck::ipv6);
    if (v4 && v6Tried && !v6) {
      out.add(
          new Warning(
              "one_family_unreachable",
              "IPv4 works but no IPv6 address answered; servers that prefer IPv6 may fail or"
                  + " be slow to reach this server."));
    } else if (v6 && v4Tried && !v4) {
      out.add(
          new Warning(
              "one_family_unreachable",
              "IPv6 works but no IPv4 address answered; servers without IPv6 cannot reach this"
                  + " server."));
    }
  }
}
