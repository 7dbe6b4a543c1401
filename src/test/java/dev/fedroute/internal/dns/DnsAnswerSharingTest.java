package dev.fedroute.internal.dns;

import static dev.fedroute.internal.dns.DnsTests.await;
import static dev.fedroute.internal.dns.DnsTests.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution.SrvRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * How the cache keeps a host's answers: the SRV records of both Matrix services beside the host's
 * addresses yet apart from each other, the same address objects handed out again, and expiries
 * exact to the nanosecond.
 */
class DnsAnswerSharingTest extends DnsClientTestBase {
  private static final String HOST = "host.example.test";

  private void serveBothServices() {
    serve(
        DnsTests.SOA,
        "host.example.test. 300 IN A 127.0.20.1",
        "_matrix-fed._tcp.host.example.test. 300 IN SRV 10 0 8448 fed.example.test.",
        "_matrix._tcp.host.example.test. 200 IN SRV 20 0 8449 legacy.example.test.");
  }

  @Test
  void theTwoMatrixServicesOfAHostAreCachedApart() {
    serveBothServices();

    SrvAnswer fed = await(client.srv(SrvService.MATRIX_FED, HOST));
    SrvAnswer legacy = await(client.srv(SrvService.MATRIX, HOST));
    AddressAnswer addresses = await(client.addresses(HOST));
    SrvAnswer fedAgain = await(client.srv(SrvService.MATRIX_FED, HOST));
    SrvAnswer legacyAgain = await(client.srv("_matrix._tcp." + HOST));

    assertThat(fed.records()).containsExactly(new SrvRecord(10, 0, 8448, "fed.example.test"));
    assertThat(legacy.records()).containsExactly(new SrvRecord(20, 0, 8449, "legacy.example.test"));
    assertThat(fed.expiresAt()).isEqualTo(clock.instant().plusSeconds(300));
    assertThat(legacy.expiresAt()).isEqualTo(clock.instant().plusSeconds(200));
    assertThat(addresses.addresses()).containsExactly(ip("127.0.20.1"));
    assertThat(fedAgain).isEqualTo(fed);
    assertThat(legacyAgain).isEqualTo(legacy);
    assertThat(server.queryCount("_matrix-fed._tcp." + HOST, Type.SRV)).isEqualTo(1);
    assertThat(server.queryCount("_matrix._tcp." + HOST, Type.SRV)).isEqualTo(1);
    assertThat(server.queryCount(HOST, Type.SRV)).isZero();
  }

  @Test
  void aNegativeServiceAnswerNamesTheServiceAgainWhenReadFromTheCache() {
    serveBothServices();

    SrvAnswer first = await(client.srv(SrvService.MATRIX_FED, "gone.example.test"));
    SrvAnswer cached = await(client.srv(SrvService.MATRIX_FED, "gone.example.test"));
    AddressAnswer nodata = await(client.addresses(HOST));
    AddressAnswer nodataCached = await(client.addresses(HOST));

    assertThat(first.status()).isEqualTo(LookupStatus.NOT_FOUND);
    assertThat(first.detail()).isEqualTo("NXDOMAIN at _matrix-fed._tcp.gone.example.test");
    assertThat(cached).isEqualTo(first);
    assertThat(nodata.detail()).isEqualTo("AAAA: no AAAA record at host.example.test");
    assertThat(nodataCached).isEqualTo(nodata);
    assertThat(server.queryCount("_matrix-fed._tcp.gone.example.test", Type.SRV)).isEqualTo(1);
    assertThat(server.queryCount(HOST, Type.AAAA)).isEqualTo(1);
  }

  @Test
  void theSrvRecordsOfAnyOtherNameAreNotTheHostsServices() {
    serve(
        "host.example.test. 300 IN SRV 1 0 1111 other.example.test.",
        "_matrix-fed._tcp.host.example.test. 300 IN SRV 10 0 8448 fed.example.test.");

    SrvAnswer own = await(client.srv(HOST));
    SrvAnswer fed = await(client.srv(SrvService.MATRIX_FED, HOST));
    client.invalidate(HOST);
    await(client.srv(HOST));
    await(client.srv(SrvService.MATRIX_FED, HOST));

    assertThat(own.records()).containsExactly(new SrvRecord(1, 0, 1111, "other.example.test"));
    assertThat(fed.records()).containsExactly(new SrvRecord(10, 0, 8448, "fed.example.test"));
    assertThat(server.queryCount(HOST, Type.SRV)).isEqualTo(2);
    assertThat(server.queryCount("_matrix-fed._tcp." + HOST, Type.SRV)).isEqualTo(1);
  }

  @Test
  void invalidatingOneServiceKeepsTheOtherAndTheAddresses() {
    serveBothServices();
    await(client.srv(SrvService.MATRIX_FED, HOST));
    await(client.srv(SrvService.MATRIX, HOST));
    await(client.addresses(HOST));

    client.invalidate("_matrix._tcp." + HOST);
    await(client.srv(SrvService.MATRIX_FED, HOST));
    await(client.srv(SrvService.MATRIX, HOST));
    await(client.addresses(HOST));

    assertThat(server.queryCount("_matrix-fed._tcp." + HOST, Type.SRV)).isEqualTo(1);
    assertThat(server.queryCount("_matrix._tcp." + HOST, Type.SRV)).isEqualTo(2);
    assertThat(server.queryCount(HOST, Type.A)).isEqualTo(1);
  }

  @Test
  void aCachedAnswerHandsOutTheSameAddressObjects() {
    serve("v4.example.test. 300 IN A 127.0.20.1", "both.example.test. 300 IN A 127.0.20.2");
    server.addRecords("both.example.test. 300 IN AAAA 2001:db8::2");

    AddressAnswer first = await(client.addresses("v4.example.test"));
    AddressAnswer again = await(client.addresses("v4.example.test"));
    AddressAnswer both = await(client.addresses("both.example.test"));
    AddressAnswer bothAgain = await(client.addresses("both.example.test"));

    assertThat(again.addresses()).isSameAs(first.addresses());
    assertThat(bothAgain.addresses()).containsExactly(ip("2001:db8::2"), ip("127.0.20.2"));
    for (int i = 0; i < 2; i++) {
      assertThat(bothAgain.addresses().get(i)).isSameAs(both.addresses().get(i));
    }
    assertThat(server.queryCount("v4.example.test", Type.A)).isEqualTo(1);
  }

  @Test
  void anAnswerIsFreshUntilTheNanosecondOfItsExpiry() {
    serve("host.example.test. 60 IN A 127.0.20.1");
    clock.advance(Duration.ofNanos(123_456_789));
    Instant expiry = clock.instant().plusSeconds(60);

    assertThat(await(client.addresses(HOST)).expiresAt()).isEqualTo(expiry);
    clock.advance(Duration.ofSeconds(60).minusNanos(1));
    assertThat(await(client.addresses(HOST)).expiresAt()).isEqualTo(expiry);
    assertThat(server.queryCount(HOST, Type.A)).isEqualTo(1);

    clock.advance(Duration.ofNanos(1));
    await(client.addresses(HOST));
    assertThat(server.queryCount(HOST, Type.A)).isEqualTo(2);
  }

  @Test
  void aStaleAnswerIsServedUntilTheNanosecondTheWindowEnds() {
    serve("host.example.test. 60 IN A 127.0.20.1");
    await(client.addresses(HOST));
    server.failWith(HOST, Rcode.SERVFAIL);

    clock.advance(Duration.ofSeconds(60).plusDays(1).minusNanos(1));
    AddressAnswer lastStale = await(client.addresses(HOST));
    clock.advance(Duration.ofNanos(1));
    AddressAnswer pastWindow = await(client.addresses(HOST));

    assertThat(lastStale.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(lastStale.stale()).isTrue();
    assertThat(pastWindow.status()).isEqualTo(LookupStatus.FAILED);
  }

  @Test
  void anAnswerArrivingAfterItsNameWasInvalidatedIsNotKept() {
    serve(Duration.ofSeconds(5), "host.example.test. 300 IN A 127.0.20.1");
    server.answerAfter(Duration.ofMillis(300));
    var underWay = client.addresses(HOST);

    client.invalidate(HOST);
    AddressAnswer late = await(underWay);
    server.answerAfter(Duration.ZERO);
    await(client.addresses(HOST));
    await(client.addresses(HOST));

    assertThat(late.addresses()).containsExactly(ip("127.0.20.1"));
    assertThat(server.queryCount(HOST, Type.A)).as("asked again once, then cached").isEqualTo(2);
  }

  @Test
  void anAnswerArrivingLateIsKeptWhenNothingWasInvalidated() {
    serve(Duration.ofSeconds(5), "host.example.test. 300 IN A 127.0.20.1");
    server.answerAfter(Duration.ofMillis(300));
    var underWay = client.addresses(HOST);

    await(underWay);
    server.answerAfter(Duration.ZERO);
    await(client.addresses(HOST));

    assertThat(server.queryCount(HOST, Type.A)).isEqualTo(1);
  }
}
