package dev.fedroute.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult;
import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.testing.FakeClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ordering and expiry of the registry of unreachable addresses. */
class UnreachableAddressesTest {
  private final FakeClock clock = new FakeClock();
  private final UnreachableAddresses unreachable =
      new UnreachableAddresses(Duration.ofMinutes(1), clock, 100);

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text).orElseThrow();
  }

  private static Resolution resolution() {
    return new Resolution(
        ServerName.parse("hs.example.test"),
        Step.SRV,
        "hs.example.test",
        "hs.example.test",
        List.of(
            new Target("a.example.test", 8448, List.of(ip("::1"), ip("127.0.0.1"))),
            new Target("b.example.test", 8449, List.of(ip("127.0.0.2")))),
        WellKnownResult.skipped(),
        List.of(),
        Instant.EPOCH,
        List.of());
  }

  private List<InetSocketAddress> order() {
    return unreachable.order(resolution()).stream()
        .map(UnreachableAddresses.Candidate::address)
        .toList();
  }

  @Test
  void keepsTheResolutionOrderWhenNothingFailed() {
    assertThat(order())
        .containsExactly(
            new InetSocketAddress(ip("::1"), 8448),
            new InetSocketAddress(ip("127.0.0.1"), 8448),
            new InetSocketAddress(ip("127.0.0.2"), 8449));
  }

  @Test
  void aFailedAddressGoesLastUntilItsMarkExpires() {
    unreachable.markDown("HS.example.test", new InetSocketAddress(ip("::1"), 8448));
    assertThat(order().get(2)).isEqualTo(new InetSocketAddress(ip("::1"), 8448));

    clock.advance(Duration.ofSeconds(61));
    assertThat(order().get(0)).isEqualTo(new InetSocketAddress(ip("::1"), 8448));
  }

  @Test
  void aTargetWhoseAddressesAllFailedComesAfterTheOthersAndSuccessClearsTheMark() {
    unreachable.markDown("hs.example.test", new InetSocketAddress(ip("::1"), 8448));
    unreachable.markDown("hs.example.test", new InetSocketAddress(ip("127.0.0.1"), 8448));
    assertThat(order().get(0)).isEqualTo(new InetSocketAddress(ip("127.0.0.2"), 8449));

    unreachable.markUp("hs.example.test", new InetSocketAddress(ip("127.0.0.1"), 8448));
    assertThat(order().get(0)).isEqualTo(new InetSocketAddress(ip("127.0.0.1"), 8448));
  }

  @Test
  void marksAreKeptPerTlsName() {
    unreachable.markDown("other.example.test", new InetSocketAddress(ip("::1"), 8448));
    assertThat(order().get(0)).isEqualTo(new InetSocketAddress(ip("::1"), 8448));
  }

  @Test
  void markAllUpClearsEveryMarkOfOneTlsNameOnly() {
    InetSocketAddress a = new InetSocketAddress(ip("127.0.0.1"), 8448);
    InetSocketAddress b = new InetSocketAddress(ip("127.0.0.2"), 8449);
    unreachable.markDown("hs.example.test", a);
    unreachable.markDown("HS.example.test", b);
    unreachable.markDown("other.example.test", a);

    assertThat(unreachable.markAllUp("hs.example.TEST")).isTrue();

    assertThat(unreachable.isDown("hs.example.test", a)).isFalse();
    assertThat(unreachable.isDown("hs.example.test", b)).isFalse();
    assertThat(unreachable.isDown("other.example.test", a)).isTrue();
    assertThat(unreachable.markAllUp("hs.example.test")).as("nothing left").isFalse();
    clock.advance(Duration.ofMinutes(2));
    assertThat(unreachable.markAllUp("other.example.test"))
        .as("an expired mark is dropped but was no longer running")
        .isFalse();
  }
}
