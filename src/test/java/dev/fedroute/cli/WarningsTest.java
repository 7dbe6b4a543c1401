package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edges of the hints and of the verdict, on checks built directly. */
class WarningsTest {
  private static final Instant NOW = Fixtures.NOW;

  private static AddressCheck answered(String ip, Instant notAfter) {
    CertificateInfo leaf =
        new CertificateInfo("CN=x", "CN=ca", List.of("x.test"), List.of(), notAfter, "00");
    return new AddressCheck(
        "b-target.example.test",
        8443,
        Fixtures.ip(ip),
        Duration.ofMillis(1),
        "TLSv1.3",
        "TLS_AES_128_GCM_SHA256",
        List.of(leaf),
        true,
        false,
        200,
        "S",
        "1",
        null,
        null);
  }

  private static AddressCheck refused(String ip) {
    return new AddressCheck(
        "b-target.example.test",
        8443,
        Fixtures.ip(ip),
        null,
        null,
        null,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        "connect",
        "Connection refused");
  }

  private static List<String> codes(Resolution r, List<AddressCheck> checks) {
    return Warnings.of(r, checks, NOW).stream().map(Warning::code).toList();
  }

  @Test
  void ipv6WorkingAndIpv4NotIsTheOtherWayRound() {
    List<Warning> w =
        Warnings.of(
            Fixtures.delegatedSrv(),
            List.of(answered("2001:db8::10", NOW.plus(Duration.ofDays(90))), refused("127.0.20.4")),
            NOW);
    assertThat(w).extracting(Warning::code).containsExactly("one_family_unreachable");
    assertThat(w.get(0).message()).startsWith("IPv6 works but no IPv4 address answered");
  }

  @Test
  void noFamilyAnsweringOrOnlyOneFamilyTriedIsNoFamilyWarning() {
    assertThat(
            codes(Fixtures.delegatedSrv(), List.of(refused("2001:db8::10"), refused("127.0.20.4"))))
        .isEmpty();
    assertThat(
            codes(
                Fixtures.delegatedSrv(),
                List.of(answered("127.0.20.4", NOW.plus(Duration.ofDays(90))))))
        .isEmpty();
  }

  @Test
  void expiryWithinFourteenDaysOnly() {
    assertThat(
            codes(
                Fixtures.delegatedSrv(),
                List.of(answered("127.0.20.4", NOW.plus(Duration.ofDays(15))))))
        .isEmpty();
    assertThat(
            codes(
                Fixtures.delegatedSrv(),
                List.of(answered("127.0.20.4", NOW.plus(Duration.ofDays(13))))))
        .containsExactly("certificate_expires_soon");
  }

  @Test
  void anSrvTargetCnameNoteIsAWarningWhateverFollowsIt() {
    Resolution r = Fixtures.delegatedSrv();
    Resolution noted =
        new Resolution(
            r.serverName(),
            r.step(),
            r.hostHeader(),
            r.tlsServerName(),
            r.targets(),
            r.wellKnown(),
            r.srvRecords(),
            r.validUntil(),
            List.of("SRV target b-target.example.test is a CNAME", "SRV: 1 record"));

    List<Warning> w = Warnings.of(noted, List.of(), NOW);
    assertThat(w).extracting(Warning::code).containsExactly("srv_target_cname");
    assertThat(w.get(0).message())
        .startsWith("SRV target b-target.example.test is a CNAME; RFC 2782");
  }

  @Test
  void whenOnlyTheFederationRequestAnsweredAFailedVerdictBlamesTheKeys() {
    KeyCheck expired =
        new KeyCheck(
            "127.0.20.4:8443",
            200,
            "b.example.test",
            true,
            1L,
            false,
            List.of(),
            List.of(),
            null,
            null);
    Report report =
        Report.ok(Fixtures.delegatedSrv(), Duration.ZERO)
            .withConnection(Connection.answered("127.0.20.4:8443", 200, "CN=x", "{}"))
            .withChecks(List.of(refused("127.0.20.4")), expired);

    assertThat(report.federationOk()).isFalse();
    assertThat(TextReport.render(report))
        .contains("Federation:   FAILED: the signing keys did not verify");
  }

  @Test
  void headersAskingForFiveMinutesOrMoreAreNoShortCache() {
    // delegatedSrv's headers asked for an hour; srvNoDelegation has no delegation at all.
    assertThat(codes(Fixtures.delegatedSrv(), List.of())).isEmpty();
    assertThat(codes(Fixtures.srvNoDelegation(), List.of()))
        .containsExactly("well_known_failed_srv_used");
  }
}
