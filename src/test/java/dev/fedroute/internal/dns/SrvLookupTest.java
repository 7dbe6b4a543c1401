package dev.fedroute.internal.dns;

import static dev.fedroute.internal.dns.DnsTests.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution.SrvRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class SrvLookupTest extends DnsClientTestBase {

  @BeforeEach
  void start() {
    serve(
        DnsTests.SOA,
        "_matrix-fed._tcp.example.test. 300 IN SRV 10 5 8448 Host1.Example.Test.",
        "_matrix-fed._tcp.example.test. 200 IN SRV 20 0 8449 host2.example.test.",
        "_matrix-fed._tcp.none.example.test. 300 IN SRV 0 0 0 .",
        "_matrix._tcp.txt.example.test. 300 IN TXT \"not an srv\"");
  }

  @Test
  void recordsWithLowerCaseTargetsAndTheLeastTtl() {
    SrvAnswer answer = await(client.srv("_matrix-fed._tcp.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(answer.records())
        .containsExactlyInAnyOrder(
            new SrvRecord(10, 5, 8448, "host1.example.test"),
            new SrvRecord(20, 0, 8449, "host2.example.test"));
    assertThat(answer.expiresAt()).isEqualTo(clock.instant().plusSeconds(200));
    assertThat(answer.stale()).isFalse();
  }

  @Test
  void loneDotTargetIsKept() {
    SrvAnswer answer = await(client.srv("_matrix-fed._tcp.none.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(answer.records()).containsExactly(new SrvRecord(0, 0, 0, "."));
  }

  @Test
  void nxdomainAndNodataAreNotFound() {
    SrvAnswer nxdomain = await(client.srv("_matrix-fed._tcp.missing.example.test"));
    SrvAnswer nodata = await(client.srv("_matrix._tcp.txt.example.test"));

    assertThat(nxdomain.status()).isEqualTo(LookupStatus.NOT_FOUND);
    assertThat(nxdomain.detail()).contains("NXDOMAIN");
    assertThat(nodata.status()).isEqualTo(LookupStatus.NOT_FOUND);
    assertThat(nodata.detail()).contains("no SRV record");
    assertThat(nodata.records()).isEmpty();
  }

  @Test
  void refusedIsFailed() {
    server.failWith("_matrix-fed._tcp.example.test", Rcode.REFUSED);

    SrvAnswer answer = await(client.srv("_matrix-fed._tcp.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FAILED);
    assertThat(answer.detail()).contains("REFUSED");
    assertThat(answer.expiresAt()).isEqualTo(clock.instant());
    assertThat(server.queryCount("_matrix-fed._tcp.example.test", Type.SRV)).isEqualTo(1);
  }
}
