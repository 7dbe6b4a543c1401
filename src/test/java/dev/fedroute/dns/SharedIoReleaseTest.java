package dev.fedroute.dns;

import static dev.fedroute.dns.DnsTests.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.FakeClock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link DnsClient#releaseSharedIo()} leaves no dnsjava I/O thread behind (what an undeployed
 * application needs), and DNS works again afterwards.
 */
class SharedIoReleaseTest {
  private static final String SELECTOR = "dnsjava NIO selector";

  @Test
  void releaseStopsTheSelectorThreadAndLaterQueriesStartItAgain() throws InterruptedException {
    try (DnsTestServer server = DnsTestServer.start("a.example.test. 60 IN A 127.0.20.1")) {
      for (int round = 1; round <= 2; round++) {
        DnsClient client = DnsTests.client(server, new FakeClock());
        assertThat(await(client.addresses("a.example.test")).status())
            .isEqualTo(LookupStatus.FOUND);
        assertThat(selectorThreads()).as("round %d: a query runs the selector", round).isNotEmpty();

        client.close();
        DnsClient.releaseSharedIo();

        for (Thread t : selectorThreads()) {
          t.join(TimeUnit.SECONDS.toMillis(5));
        }
        assertThat(selectorThreads()).as("round %d: after release", round).isEmpty();
      }
    }
  }

  private static List<Thread> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(SELECTOR) && t.isAlive())
        .toList();
  }
}
