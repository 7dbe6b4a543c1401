package dev.fedroute.internal.dns;

import static dev.fedroute.internal.dns.DnsTests.await;
import static dev.fedroute.internal.dns.DnsTests.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class AddressLookupTest extends DnsClientTestBase {

  @Test
  void ipv4Only() {
    serve("v4.example.test. 120 IN A 127.0.20.1");
    Instant start = clock.instant();

    AddressAnswer answer = await(client.addresses("v4.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(answer.addresses()).containsExactly(ip("127.0.20.1"));
    assertThat(answer.expiresAt()).isEqualTo(start.plusSeconds(120));
    assertThat(answer.stale()).isFalse();
    assertThat(answer.cnameChain()).isEmpty();
  }

  @Test
  void bothFamiliesComeIpv6First() {
    serve(
        "dual.example.test. 300 IN A 127.0.20.1",
        "dual.example.test. 300 IN A 127.0.20.2",
        "dual.example.test. 200 IN AAAA 2001:db8::1");

    AddressAnswer answer = await(client.addresses("dual.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(answer.addresses().get(0)).isEqualTo(ip("2001:db8::1"));
    assertThat(answer.addresses().subList(1, 3))
        .containsExactlyInAnyOrder(ip("127.0.20.1"), ip("127.0.20.2"));
    assertThat(answer.expiresAt()).isEqualTo(clock.instant().plusSeconds(200));
    assertThat(server.queryCount("dual.example.test", Type.A)).isEqualTo(1);
    assertThat(server.queryCount("dual.example.test", Type.AAAA)).isEqualTo(1);
  }

  @Test
  void ipv6Only() {
    serve("v6.example.test. 300 IN AAAA 2001:db8::7");

    AddressAnswer answer = await(client.addresses("v6.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(answer.addresses()).containsExactly(ip("2001:db8::7"));
  }

  @Test
  void ipv4MappedAaaaStaysAnIpv6Address() {
    serve("mapped.example.test. 300 IN AAAA ::ffff:10.0.0.1");

    AddressAnswer answer = await(client.addresses("mapped.example.test"));

    assertThat(answer.addresses()).hasSize(1);
    assertThat(answer.addresses().get(0)).isInstanceOf(Inet6Address.class);
  }

  @Test
  void unknownHostIsNotFound() {
    serve(DnsTests.SOA, "other.example.test. 300 IN A 127.0.20.1");

    AddressAnswer answer = await(client.addresses("missing.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.NOT_FOUND);
    assertThat(answer.addresses()).isEmpty();
    assertThat(answer.detail()).contains("NXDOMAIN");
  }

  @Test
  void upperCaseAndTrailingDotShareTheCacheEntry() {
    serve("v4.example.test. 300 IN A 127.0.20.1");

    await(client.addresses("v4.example.test"));
    AddressAnswer again = await(client.addresses("V4.Example.TEST."));

    assertThat(again.addresses()).containsExactly(ip("127.0.20.1"));
    assertThat(server.queryCount("v4.example.test", Type.A)).isEqualTo(1);
  }

  @Test
  void followsCnameChainInsideOneAnswer() {
    serve(
        "alias.example.test. 60 IN CNAME mid.example.test.",
        "mid.example.test. 300 IN CNAME host.example.test.",
        "host.example.test. 300 IN A 127.0.20.5");

    AddressAnswer answer = await(client.addresses("alias.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(answer.addresses()).containsExactly(ip("127.0.20.5"));
    assertThat(answer.cnameChain()).containsExactly("mid.example.test", "host.example.test");
    assertThat(answer.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    assertThat(server.queryCount("host.example.test", Type.A)).isZero();
  }

  @Test
  void asksForTheTargetWhenTheAnswerStopsAtACname() {
    serve(
        DnsTests.SOA,
        "other.test. 3600 IN SOA ns.other.test. admin.other.test. 1 3600 600 86400 60",
        "alias.example.test. 300 IN CNAME target.other.test.",
        "target.other.test. 100 IN A 127.0.30.1",
        "target.other.test. 100 IN AAAA 2001:db8::30");

    AddressAnswer answer = await(client.addresses("alias.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(answer.addresses()).containsExactly(ip("2001:db8::30"), ip("127.0.30.1"));
    assertThat(answer.cnameChain()).containsExactly("target.other.test");
    assertThat(answer.expiresAt()).isEqualTo(clock.instant().plusSeconds(100));
    assertThat(server.queryCount("target.other.test", Type.A)).isEqualTo(1);
    assertThat(server.queryCount("target.other.test", Type.AAAA)).isEqualTo(1);
  }

  @Test
  void cnameLoopFails() {
    serve(
        "a.example.test. 300 IN CNAME b.example.test.",
        "b.example.test. 300 IN CNAME a.example.test.");

    AddressAnswer answer = await(client.addresses("a.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FAILED);
    assertThat(answer.detail()).contains("CNAME loop");
  }

  @Test
  void followsEightCnamesButNotNine() {
    serve(chain("eight", 8).toArray(String[]::new));
    server.addRecords(chain("nine", 9).toArray(String[]::new));

    AddressAnswer eight = await(client.addresses("eight0.example.test"));
    AddressAnswer nine = await(client.addresses("nine0.example.test"));

    assertThat(eight.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(eight.cnameChain()).hasSize(8);
    assertThat(nine.status()).isEqualTo(LookupStatus.FAILED);
    assertThat(nine.detail()).contains("more than 8 CNAMEs");
  }

  @Test
  void truncatedUdpAnswerIsRetriedOverTcp() {
    serve("big.example.test. 300 IN A 127.0.20.9", "big.example.test. 300 IN AAAA 2001:db8::9");
    server.truncateUdp("big.example.test");

    AddressAnswer answer = await(client.addresses("big.example.test"));

    assertThat(answer.addresses()).containsExactly(ip("2001:db8::9"), ip("127.0.20.9"));
    assertThat(server.queryLog())
        .contains(
            "big.example.test A udp",
            "big.example.test A tcp",
            "big.example.test AAAA udp",
            "big.example.test AAAA tcp");
  }

  @Test
  void oneFamilyFailingStillGivesTheOther() {
    serve("half.example.test. 300 IN A 127.0.20.3");
    server.failWith("half.example.test", Type.AAAA, Rcode.SERVFAIL);
    Instant start = clock.instant();

    AddressAnswer answer = await(client.addresses("half.example.test"));

    assertThat(answer.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(answer.addresses()).containsExactly(ip("127.0.20.3"));
    // The failed AAAA half is due again after the failure retry (1 minute in DnsTests.settings),
    // before the A record's 300 s TTL.
    assertThat(answer.expiresAt()).isEqualTo(start.plus(Duration.ofMinutes(1)));
    assertThat(answer.stale()).isFalse();
    assertThat(answer.detail()).startsWith("AAAA: ").contains("SERVFAIL");
  }

  @Test
  void bothFamiliesFailingIsAFailureThatIsNotCached() {
    serve("half.example.test. 300 IN A 127.0.20.3");
    server.failWith("half.example.test", Rcode.SERVFAIL);
    AddressAnswer failed = await(client.addresses("half.example.test"));
    assertThat(failed.status()).isEqualTo(LookupStatus.FAILED);
    assertThat(failed.detail()).contains("SERVFAIL");

    server.clearFaults();
    AddressAnswer found = await(client.addresses("half.example.test"));
    assertThat(found.status()).isEqualTo(LookupStatus.FOUND);
    assertThat(found.addresses()).containsExactly(ip("127.0.20.3"));
  }

  private static List<String> chain(String prefix, int cnames) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < cnames; i++) {
      lines.add(prefix + i + ".example.test. 300 IN CNAME " + prefix + (i + 1) + ".example.test.");
    }
    lines.add(prefix + cnames + ".example.test. 300 IN A 127.0.20.8");
    return lines;
  }
}
