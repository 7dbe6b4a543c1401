package dev.fedroute.dns;

import static org.assertj.core.api.Assertions.assertThat;

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
