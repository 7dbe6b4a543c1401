package dev.fedroute.internal.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution;
import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Outcome;
import dev.fedroute.internal.text.IpAddresses;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The values of the shared cache: round trips, expiry, other versions and corrupt values. */
class SharedFormatTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456789Z");
  private static final WellKnownResult DELEGATED =
      new WellKnownResult(
          Outcome.DELEGATED,
          200,
          "target.example.org:8443",
          Duration.ofMinutes(50),
          NOW.plus(Duration.ofMinutes(50)),
          null,
          null,
          1,
          Duration.ofMinutes(50));
  private static final WellKnownResult FAILED =
      new WellKnownResult(
          Outcome.NONE,
          null,
          null,
          Duration.ofSeconds(20),
          NOW.plusSeconds(20),
          "connect failed: Connection refused ~ 100% \n second line, ünïcode",
          WellKnownResult.Failure.CONNECT,
          0,
          null);

  private static Resolution resolution() {
    return new Resolution(
        ServerName.parse("example.org"),
        Step.DELEGATED_SRV,
        "example.org",
        "target.example.org",
        List.of(
            new Target(
                "srv1.example.org",
                8448,
                List.of(
                    IpAddresses.parse("2001:db8::1").orElseThrow(),
                    IpAddresses.parse("192.0.2.10").orElseThrow())),
            new Target("srv2.example.org", 443, List.of(IpAddresses.parse("::1").orElseThrow()))),
        DELEGATED,
        List.of(
            new SrvRecord(10, 5, 8448, "srv1.example.org"),
            new SrvRecord(20, 0, 443, "srv2.example.org")),
        NOW.plusSeconds(300),
        List.of(".well-known: m.server target.example.org:8443", "", "a ~ note\twith\ttabs"));
  }

  @Test
  void aWellKnownOutcomeRoundTrips() {
    assertThat(SharedFormat.readWellKnown(SharedFormat.write(DELEGATED), NOW)).contains(DELEGATED);
    assertThat(SharedFormat.readWellKnown(SharedFormat.write(FAILED), NOW)).contains(FAILED);
  }

  @Test
  void aResolutionRoundTrips() {
    Resolution r = resolution();
    String value = SharedFormat.write(r);
    assertThat(SharedFormat.readResolution(value, NOW)).contains(r);
    assertThat(value)
        .startsWith("fedroute-shared 1 resolution 2026-03-01T12%3A05%3A00.123456789Z\n");
    assertThat(value.length()).as("a small value").isLessThan(1000);
  }

  @Test
  void aValueIsReadOnlyBeforeItsOwnExpiry() {
    String value = SharedFormat.write(FAILED);
    assertThat(SharedFormat.readWellKnown(value, FAILED.expiresAt().minusNanos(1))).isPresent();
    assertThat(SharedFormat.readWellKnown(value, FAILED.expiresAt())).isEmpty();
    Resolution r = resolution();
    assertThat(SharedFormat.readResolution(SharedFormat.write(r), r.validUntil())).isEmpty();
  }

  @Test
  void aValueOfAnotherFormatVersionIsIgnored() {
    String current = SharedFormat.write(DELEGATED);
    assertThat(current).startsWith("fedroute-shared 1 ");
    assertThat(SharedFormat.readWellKnown(current.replaceFirst(" 1 ", " 0 "), NOW)).isEmpty();
    assertThat(SharedFormat.readWellKnown(current.replaceFirst(" 1 ", " 2 "), NOW)).isEmpty();
    String resolution = SharedFormat.write(resolution());
    assertThat(SharedFormat.readResolution(resolution.replaceFirst(" 1 ", " 0 "), NOW)).isEmpty();
  }

  @Test
  void aValueOfTheOtherKindIsIgnored() {
    assertThat(SharedFormat.readResolution(SharedFormat.write(DELEGATED), NOW)).isEmpty();
    assertThat(SharedFormat.readWellKnown(SharedFormat.write(resolution()), NOW)).isEmpty();
  }

  static Stream<String> corruptResolutions() {
    String good = SharedFormat.write(resolution());
    return Stream.of(
        "",
        "\n\n",
        "garbage",
        "fedroute-shared 1 resolution",
        "fedroute-shared 1 resolution not-an-instant\n",
        good.substring(0, good.indexOf('\n') + 1),
        good.substring(0, good.length() / 2),
        good.replace("DELEGATED_SRV", "STEP_99"),
        good.replace("192.0.2.10", "192.0.2.300"),
        good.replace(" 8448 2001", " 99999 2001"),
        good.replace("srv 10 5", "srv ten 5"),
        good.replace("\ntrace ", "\nunknown "),
        good.replace("resolution example.org", "resolution exa%ZZmple.org"),
        good.replace("resolution example.org", "resolution exa+mple.org"),
        good.replace("\nwell-known ", "\nwell-known x "),
        good.replaceAll("\ntarget [^\n]*", ""),
        good.replace(" PT50M ", " fifty "),
        "\u0000\u00ff\ufffd" + good);
  }

  @ParameterizedTest
  @MethodSource("corruptResolutions")
  void aCorruptResolutionIsIgnored(String value) {
    assertThat(SharedFormat.readResolution(value, NOW)).isEmpty();
  }

  static Stream<String> corruptWellKnownOutcomes() {
    String good = SharedFormat.write(DELEGATED);
    return Stream.of(
        good.replace("DELEGATED", "MAYBE"),
        good.replace("target.example.org%3A8443", "~"),
        good.replace(" 200 ", " two-hundred "),
        good + "trace extra\n",
        good.replace("well-known DELEGATED", "well-known"),
        SharedFormat.write(FAILED).replace("CONNECT", "NEW_FAILURE_CODE"));
  }

  @ParameterizedTest
  @MethodSource("corruptWellKnownOutcomes")
  void aCorruptWellKnownOutcomeIsIgnored(String value) {
    assertThat(SharedFormat.readWellKnown(value, NOW)).isEmpty();
  }

  @Test
  void keysNameTheirKind() {
    assertThat(SharedFormat.wellKnownKey("example.org"))
        .isEqualTo("fedroute/well-known/example.org");
    assertThat(SharedFormat.resolutionKey("example.org"))
        .isEqualTo("fedroute/resolution/example.org");
  }
}
