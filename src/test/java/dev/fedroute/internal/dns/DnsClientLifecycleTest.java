package dev.fedroute.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing the last client stops dnsjava's I/O thread, so an undeployed application leaves none. */
class DnsClientLifecycleTest {

  @Test
  void closingTheLastClientStopsTheSelectorThreadAndANewClientStillWorks() throws Exception {
    try (DnsTestServer server = DnsTestServer.start("a.example.test. 300 IN A 127.0.20.1")) {
      FedrouteConfig config =
          FedrouteConfig.builder()
              .dnsServers(List.of(server.address()))
              .dnsQueryTimeout(Duration.ofSeconds(2))
              .build();
      DnsClient first = new DnsClient(config, new FakeClock());
      assertThat(first.addresses("a.example.test").toCompletableFuture().get().status())
          .isEqualTo(LookupStatus.FOUND);
      assertThat(selectorThreadAlive()).isTrue();

      first.close();
      first.close();

      awaitSelectorGone();
      assertThat(selectorThreadAlive()).isFalse();
      try (DnsClient second = new DnsClient(config, new FakeClock())) {
        assertThat(second.addresses("a.example.test").toCompletableFuture().get().status())
            .isEqualTo(LookupStatus.FOUND);
      }
    }
  }

  /**
   * A constructor that throws after counting the client as open would keep the count above zero, so
   * no later close would stop the selector thread. An invalid cache size makes the last statement
   * of the constructor throw (dnsjava 3.7 never reports an empty system server list: it falls back
   * to 127.0.0.1:53).
   */
  @Test
  void aConstructorThatThrowsDoesNotKeepTheSelectorThreadAlive() throws Exception {
    try (DnsTestServer server = DnsTestServer.start("a.example.test. 300 IN A 127.0.20.1")) {
      DnsSettings valid = DnsTests.settings(server, Duration.ofSeconds(2));
      DnsSettings invalid =
          new DnsSettings(
              valid.servers(),
              valid.queryTimeout(),
              valid.negativeTtlDefault(),
              valid.negativeTtlMax(),
              valid.serveStaleFor(),
              valid.failureRetry(),
              -1);
      assertThatThrownBy(() -> new DnsClient(invalid, new FakeClock()))
          .isInstanceOf(IllegalArgumentException.class);

      DnsClient client = new DnsClient(valid, new FakeClock());
      assertThat(client.addresses("a.example.test").toCompletableFuture().get().status())
          .isEqualTo(LookupStatus.FOUND);
      assertThat(selectorThreadAlive()).isTrue();
      client.close();

      awaitSelectorGone();
      assertThat(selectorThreadAlive()).isFalse();
    }
  }

  private static boolean selectorThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith("dnsjava NIO selector"));
  }

  private static void awaitSelectorGone() throws InterruptedException {
    for (int i = 0; i < 100 && selectorThreadAlive(); i++) {
      Thread.sleep(20);
    }
  }
}
