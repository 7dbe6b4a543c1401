package dev.fedroute.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostAnswersTest {
  private static final long NOW = 1_700_000_000_000_000_000L;
  private static final long DAY = 86_400_000_000_000L;
  private static final List<InetAddress> ADDRESSES = List.of(InetAddress.getLoopbackAddress());

  private static RecordAnswer found(long expires) {
    return new RecordAnswer(LookupStatus.FOUND, ADDRESSES, List.of(), expires, false, false, null);
  }

  private static RecordAnswer notFound(long expires, boolean nxdomain, List<String> chain) {
    return new RecordAnswer(
        LookupStatus.NOT_FOUND, List.of(), chain, expires, nxdomain, false, "unused");
  }

  @Test
  void eachSlotKeepsItsOwnAnswerAndExpiry() {
    int fed = HostAnswers.slotOf(SrvService.MATRIX_FED);
    int legacy = HostAnswers.slotOf(SrvService.MATRIX);
    HostAnswers answers =
        HostAnswers.of(HostAnswers.A, found(NOW + 10))
            .with(fed, notFound(NOW + 20, true, List.of()))
            .with(legacy, notFound(NOW + 30, false, List.of("alias.example.test")));

    assertThat(answers.freshAt(HostAnswers.A, NOW + 9)).isTrue();
    assertThat(answers.freshAt(HostAnswers.A, NOW + 10)).isFalse();
    assertThat(answers.freshAt(HostAnswers.AAAA, NOW)).isFalse();
    assertThat(answers.freshAt(fed, NOW + 19)).isTrue();
    assertThat(answers.freshAt(legacy, NOW + 29)).isTrue();
    assertThat(answers.answer(HostAnswers.A, "h.example.test").addresses()).isSameAs(ADDRESSES);
    RecordAnswer nx = answers.answer(fed, "_matrix-fed._tcp.h.example.test");
    assertThat(nx.detail()).isEqualTo("NXDOMAIN at _matrix-fed._tcp.h.example.test");
    assertThat(nx.nxdomain()).isTrue();
    assertThat(nx.expiresAt()).isEqualTo(NOW + 20);
    RecordAnswer nodata = answers.answer(legacy, "_matrix._tcp.h.example.test");
    assertThat(nodata.detail()).isEqualTo("no SRV record at alias.example.test");
    assertThat(nodata.cnameChain()).containsExactly("alias.example.test");
  }

  @Test
  void onlyFoundAnswersAreServableStaleAndOnlyWithinTheWindow() {
    HostAnswers answers =
        HostAnswers.of(HostAnswers.A, found(NOW))
            .with(HostAnswers.AAAA, notFound(NOW, false, List.of()));

    assertThat(answers.servableStaleAt(HostAnswers.A, NOW + DAY - 1, DAY)).isTrue();
    assertThat(answers.servableStaleAt(HostAnswers.A, NOW + DAY, DAY)).isFalse();
    assertThat(answers.servableStaleAt(HostAnswers.AAAA, NOW - 1, DAY)).isFalse();
    assertThat(answers.keepUntil(DAY)).isEqualTo(NOW + DAY);
    assertThat(answers.without(HostAnswers.A).keepUntil(DAY)).isEqualTo(NOW);
  }

  @Test
  void expiriesSaturateInsteadOfWrappingAround() {
    HostAnswers answers = HostAnswers.of(HostAnswers.A, found(Long.MAX_VALUE - 5));

    assertThat(answers.keepUntil(DAY)).isEqualTo(Long.MAX_VALUE);
    assertThat(answers.servableStaleAt(HostAnswers.A, Long.MAX_VALUE - 1, DAY)).isTrue();
    assertThat(answers.freshAt(HostAnswers.A, Long.MAX_VALUE - 6)).isTrue();
    assertThat(HostAnswers.of(HostAnswers.A, found(NOW)).keepUntil(Long.MAX_VALUE))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void theLastAnswerDroppedLeavesNothing() {
    HostAnswers answers =
        HostAnswers.of(HostAnswers.AAAA, found(NOW))
            .with(HostAnswers.slotOf(SrvService.MATRIX), found(NOW));

    HostAnswers left = answers.without(HostAnswers.AAAA);

    assertThat(left.freshAt(HostAnswers.AAAA, NOW - 1)).isFalse();
    assertThat(left.freshAt(HostAnswers.slotOf(SrvService.MATRIX), NOW - 1)).isTrue();
    assertThat(left.without(HostAnswers.slotOf(SrvService.MATRIX))).isNull();
  }

  @Test
  void failedAndStaleAnswersAreNeverKept() {
    RecordAnswer failed = RecordAnswer.failed(List.of(), NOW, "SERVFAIL");

    assertThatThrownBy(() -> HostAnswers.of(HostAnswers.A, failed))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostAnswers.of(HostAnswers.A, found(NOW).asStale("timeout")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
