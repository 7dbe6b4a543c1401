package dev.fedroute.internal.dns;

import static dev.fedroute.internal.dns.DnsTests.await;
import static dev.fedroute.internal.dns.DnsTests.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class DnsCacheTest extends DnsClientTestBase {

  @Test
  void positiveAnswerLivesForItsTtlAndReportsItsAbsoluteExpiry() {
    serve("host.example.test. 60 IN A 127.0.20.1", "host.example.test. 90 IN AAAA 2001:db8::1");
    Instant expiry = clock.instant().plusSeconds(60);

    assertThat(await(client.addresses("host.example.test")).expiresAt()).isEqualTo(expiry);
    clock.advance(Duration.ofSeconds(59));
    AddressAnswer cached = await(client.addresses("host.example.test"));
    assertThat(cached.expiresAt()).isEqualTo(expiry);
    assertThat(server.queryCount("host.example.test", Type.A)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    await(client.addresses("host.example.test"));
    assertThat(server.queryCount("host.example.test", Type.A)).isEqualTo(2);
    assertThat(server.queryCount("host.example.test", Type.AAAA)).isEqualTo(1);
  }

  @Test
  void nxdomainLivesForTheSoaMinimumWhenItIsBelowTheSoaTtl() {
    serve(DnsTests.SOA);
    assertNegativeLifetime("gone.example.test", Type.SRV, Duration.ofSeconds(120));
  }

  @Test
  void nodataLivesForTheSoaTtlWhenItIsBelowTheMinimum() {
    serve(
        "example.test. 90 IN SOA ns.example.test. admin.example.test. 1 3600 600 86400 600",
        "v4.example.test. 300 IN A 127.0.20.1");
    assertNegativeLifetime("v4.example.test", Type.AAAA, Duration.ofSeconds(90));
  }

  @Test
  void negativeLifetimeIsCappedAtOneHour() {
    serve("example.test. 86400 IN SOA ns.example.test. admin.example.test. 1 3600 600 86400 7200");
    assertNegativeLifetime("gone.example.test", Type.A, Duration.ofHours(1));
  }

  @Test
  void negativeAnswerWithoutSoaLivesFiveMinutes() {
    serve("other.example.test. 300 IN A 127.0.20.1");
    assertNegativeLifetime("gone.example.test", Type.A, Duration.ofMinutes(5));
  }

  private void assertNegativeLifetime(String name, int type, Duration lifetime) {
    Instant expiry = clock.instant().plus(lifetime);
    assertThat(lookup(name, type)).isEqualTo(expiry);
    clock.advance(lifetime.minusSeconds(1));
    assertThat(lookup(name, type)).isEqualTo(expiry);
    assertThat(server.queryCount(name, type)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    lookup(name, type);
    assertThat(server.queryCount(name, type)).isEqualTo(2);
  }

  private Instant lookup(String name, int type) {
    if (type == Type.SRV) {
      SrvAnswer answer = await(client.srv(name));
      assertThat(answer.status()).isEqualTo(LookupStatus.NOT_FOUND);
      return answer.expiresAt();
    }
    AddressAnswer answer = await(client.addresses(name));
    assertThat(answer.status()).isIn(LookupStatus.NOT_FOUND, LookupStatus.FOUND);
    return answer.expiresAt();
  }

  @Test
  void invalidateDropsEveryTypeOfTheName() {
    serve(
        "host.example.test. 300 IN A 127.0.20.1",
        "_matrix-fed._tcp.host.example.test. 300 IN SRV 10 0 8448 host.example.test.",
        "keep.example.test. 300 IN A 127.0.20.2");
    await(client.addresses("host.example.test"));
    await(client.addresses("keep.example.test"));
    await(client.srv("_matrix-fed._tcp.host.example.test"));

    client.invalidate("host.example.test");
    server.replaceZone("host.example.test. 300 IN A 127.0.20.9");
    AddressAnswer fresh = await(client.addresses("host.example.test"));
    await(client.addresses("keep.example.test"));
    await(client.srv("_matrix-fed._tcp.host.example.test"));

    assertThat(fresh.addresses()).containsExactly(ip("127.0.20.9"));
    assertThat(server.queryCount("host.example.test", Type.A)).isEqualTo(2);
    assertThat(server.queryCount("host.example.test", Type.AAAA)).isEqualTo(2);
    assertThat(server.queryCount("keep.example.test", Type.A)).isEqualTo(1);
    assertThat(server.queryCount("_matrix-fed._tcp.host.example.test", Type.SRV)).isEqualTo(1);
  }

  @Test
  void invalidateDropsTheSrvAnswerOfTheName() {
    serve("_matrix-fed._tcp.host.example.test. 300 IN SRV 10 0 8448 host.example.test.");
    await(client.srv("_matrix-fed._tcp.host.example.test"));

    client.invalidate("_matrix-fed._tcp.host.example.test");
    await(client.srv("_matrix-fed._tcp.host.example.test"));

    assertThat(server.queryCount("_matrix-fed._tcp.host.example.test", Type.SRV)).isEqualTo(2);
  }

  @Test
  void concurrentLookupsShareOneQueryPerType() throws Exception {
    serve("busy.example.test. 300 IN A 127.0.20.1", "busy.example.test. 300 IN AAAA 2001:db8::1");
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<CompletableFuture<AddressAnswer>>> calls =
          java.util.stream.IntStream.range(0, 100)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            go.await();
                            return client.addresses("busy.example.test").toCompletableFuture();
                          }))
              .toList();
      go.countDown();
      for (Future<CompletableFuture<AddressAnswer>> call : calls) {
        assertThat(await(call.get()).addresses())
            .containsExactly(ip("2001:db8::1"), ip("127.0.20.1"));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.queryCount("busy.example.test", Type.A)).isEqualTo(1);
    assertThat(server.queryCount("busy.example.test", Type.AAAA)).isEqualTo(1);
    assertThat(server.totalQueries()).isEqualTo(2);
  }
}
