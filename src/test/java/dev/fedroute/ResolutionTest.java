package dev.fedroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.internal.text.JoinedLines;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a {@link Resolution} and a {@link FedrouteException} keep: traces, shared outcomes. */
class ResolutionTest {
  private static final ServerName NAME = ServerName.parse("example.test");

  private static Resolution resolution(List<String> trace) {
    return new Resolution(
        NAME,
        Step.FALLBACK,
        "example.test",
        "example.test",
        List.of(new Target("example.test", 8448, List.of(InetAddress.getLoopbackAddress()))),
        WellKnownResult.skipped(),
        List.of(),
        Instant.EPOCH,
        trace);
  }

  @Test
  void anOrdinaryTraceIsCopiedIntoAnImmutableCompactList() {
    List<String> lines = new ArrayList<>(List.of("first", "second\nline", "dritte Zeile: Grüße"));

    Resolution r = resolution(lines);
    lines.set(0, "changed");
    lines.add("more");

    assertThat(r.trace()).isEqualTo(List.of("first", "second\nline", "dritte Zeile: Grüße"));
    assertThat(r.trace()).isInstanceOf(JoinedLines.class);
    assertThatThrownBy(() -> r.trace().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aCompactTraceIsKeptAsItIs() {
    List<String> compact = JoinedLines.copyOf(List.of("a", "b"));

    assertThat(resolution(compact).trace()).isSameAs(compact);
    assertThat(new FedrouteException(ErrorCode.DNS_FAILURE, "failed", null, compact).trace())
        .isSameAs(compact);
  }

  @Test
  void resolutionsWithEqualTracesAreEqual() {
    Resolution compact = resolution(JoinedLines.copyOf(List.of("a", "b")));
    Resolution plain = resolution(List.of("a", "b"));

    assertThat(compact).isEqualTo(plain).hasSameHashCodeAs(plain);
    assertThat(compact.toString()).isEqualTo(plain.toString()).contains("trace=[a, b]");
    assertThat(compact).isNotEqualTo(resolution(List.of("a", "b", "c")));
  }

  @Test
  void anExceptionCopiesItsTraceAndRefusesNullLines() {
    List<String> lines = new ArrayList<>(List.of("one"));

    FedrouteException e = new FedrouteException(ErrorCode.DNS_FAILURE, "failed", null, lines);
    lines.add("two");

    assertThat(e.trace()).isEqualTo(List.of("one")).isInstanceOf(JoinedLines.class);
    assertThat(new FedrouteException(ErrorCode.DNS_FAILURE, "failed").trace()).isEmpty();
    assertThatThrownBy(
            () ->
                new FedrouteException(
                    ErrorCode.DNS_FAILURE, "failed", null, Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> resolution(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void everySkippedWellKnownOutcomeIsOneSharedInstance() {
    assertThat(WellKnownResult.skipped()).isSameAs(WellKnownResult.skipped());
    assertThat(WellKnownResult.skipped())
        .isEqualTo(
            new WellKnownResult(
                WellKnownResult.Outcome.SKIPPED,
                null,
                null,
                java.time.Duration.ZERO,
                Instant.MAX,
                null,
                null,
                0,
                null));
  }
}
