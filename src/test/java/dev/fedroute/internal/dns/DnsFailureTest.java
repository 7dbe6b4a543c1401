package dev.fedroute.internal.dns;

import static dev.fedroute.internal.dns.DnsTests.await;
import static dev.fedroute.internal.dns.DnsTests.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.testing.DnsTestServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class DnsFailureTest extends DnsClientTestBase {
  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private static final String HOST = "host.example.test";

  @BeforeEach
  void start() {
    serve(
        TIMEOUT,
        "host.example.test. 60 IN A 127.0.20.1",
        "_matrix-fed._tcp.host.example.test. 60 IN SRV 10 0 8448 host.example.test.");
  }

  static Stream<Arguments> faults() {
    Consumer<DnsTestServer> servfail = s -> s.failWith(HOST, Rcode.SERVFAIL);
    Consumer<DnsTestServer> timeout = s -> s.dropQueries(HOST);
    return Stream.of(Arguments.of("SERVFAIL", servfail), Arguments.of("timeout", timeout));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void failureWithoutCachedAnswerIsFailedAndNotCached(String what, Consumer<DnsTestServer> fault) {
    fault.accept(server);

    AddressAnswer first = await(client.addresses(HOST));
    int queries = server.queryCount(HOST, Type.A);
    AddressAnswer second = await(client.addresses(HOST));

    assertThat(first.status()).isEqualTo(LookupStatus.FAILED);
    assertThat(first.stale()).isFalse();
    assertThat(first.addresses()).isEmpty();
    assertThat(first.expiresAt()).isEqualTo(clock.instant());
    assertThat(first.detail()).contains(what);
    assertThat(second.status()).isEqualTo(LookupStatus.FAILED);
    assertThat(server.queryCount(HOST, Type.A)).isGreaterThan(queries);
  }

  @Test
  void noDnsServerListeningIsAFailureThatSaysSo() throws Exception {
    InetSocketAddress closed;
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      closed = (InetSocketAddress) socket.getLocalSocketAddress();
    }
    try (DnsClient lonely =
        new DnsClient(DnsTests.settings(List.of(closed), Duration.ofSeconds(2)), clock)) {
      AddressAnswer answer = await(lonely.addresses(HOST));

      assertThat(answer.status()).isEqualTo(LookupStatus.FAILED);
      assertThat(answer.detail())
          .contains("port unreachable")
          .contains(HOST)
          .doesNotContain("null");
    }
  }

  @Test
  void timeoutReturnsWithinTheQueryTimeout() {
    server.dropQueries(HOST);

    long start = System.nanoTime();
    AddressAnswer answer = await(client.addresses(HOST));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(answer.status()).isEqualTo(LookupStatus.FAILED);
    assertThat(took).isLessThan(TIMEOUT.plusMillis(700));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void expiredAnswerIsServedStaleWhenTheRequeryFails(String what, Consumer<DnsTestServer> fault) {
    await(client.addresses(HOST));
    fault.accept(server);
    clock.advance(Duration.ofSeconds(60));

    AddressAnswer stale = await(client.addresses(HOST));
    int queriesAfterFirstStale = server.queryCount(HOST, Type.A);
    AddressAnswer againStale = await(client.addresses(HOST));

    assertThat(stale.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(stale.stale()).isTrue();
    assertThat(stale.addresses()).containsExactly(ip("127.0.20.1"));
    assertThat(stale.expiresAt()).isEqualTo(clock.instant());
    assertThat(stale.detail()).contains(what);
    assertThat(queriesAfterFirstStale).isGreaterThanOrEqualTo(2);
    assertThat(againStale.stale()).isTrue();
    assertThat(server.queryCount(HOST, Type.A)).isGreaterThan(queriesAfterFirstStale);
  }

  @Test
  void staleAnswerIsServedUpToOneDayPastExpiryAndNotAfter() {
    await(client.srv("_matrix-fed._tcp." + HOST));
    server.failWith("_matrix-fed._tcp." + HOST, Rcode.SERVFAIL);

    clock.advance(Duration.ofSeconds(60).plusDays(1).minusSeconds(1));
    SrvAnswer lastStale = await(client.srv("_matrix-fed._tcp." + HOST));
    clock.advance(Duration.ofSeconds(1));
    SrvAnswer pastWindow = await(client.srv("_matrix-fed._tcp." + HOST));

    assertThat(lastStale.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(lastStale.stale()).isTrue();
    assertThat(lastStale.records()).containsExactly(new SrvRecord(10, 0, 8448, HOST));
    assertThat(pastWindow.status()).isEqualTo(LookupStatus.FAILED);
    assertThat(pastWindow.records()).isEmpty();
  }

  @Test
  void successfulRequeryReplacesTheStaleAnswer() {
    await(client.addresses(HOST));
    server.failWith(HOST, Rcode.SERVFAIL);
    clock.advance(Duration.ofSeconds(61));
    assertThat(await(client.addresses(HOST)).stale()).isTrue();

    server.clearFaults();
    server.replaceZone("host.example.test. 120 IN A 127.0.20.2");
    AddressAnswer fresh = await(client.addresses(HOST));
    int queries = server.queryCount(HOST, Type.A);
    AddressAnswer cached = await(client.addresses(HOST));

    assertThat(fresh.stale()).isFalse();
    assertThat(fresh.addresses()).containsExactly(ip("127.0.20.2"));
    assertThat(fresh.expiresAt()).isEqualTo(clock.instant().plusSeconds(120));
    assertThat(cached).isEqualTo(fresh);
    assertThat(server.queryCount(HOST, Type.A)).isEqualTo(queries);
  }

  @Test
  void expiredNegativeAnswerIsNotServedStale() {
    await(client.addresses("gone.example.test"));
    server.failWith("gone.example.test", Rcode.SERVFAIL);
    clock.advance(Duration.ofMinutes(5));

    AddressAnswer answer = await(client.addresses("gone.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FAILED);
    assertThat(answer.stale()).isFalse();
  }
}
