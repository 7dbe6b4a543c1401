package dev.fedroute.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * dnsjava finishes reading each answer on a worker of the common pool, never on a thread started
 * for that answer (which {@code CompletableFuture} does when handed the common pool itself on a
 * machine with one or two cores).
 */
class DnsAnswerThreadTest {
  @Test
  void anAnswerIsReadOnTheCommonPoolNotOnANewThread() throws Exception {
    try (DnsTestServer server =
        DnsTestServer.start(
            "a.example.test. 300 IN A 127.0.20.1", "a.example.test. 300 IN AAAA ::1")) {
      // Late enough that the stage below is in place before the answer arrives.
      server.answerAfter(Duration.ofMillis(200));
      FedrouteConfig config =
          FedrouteConfig.builder()
              .dnsServers(List.of(server.address()))
              .dnsQueryTimeout(Duration.ofSeconds(5))
              .build();
      try (DnsClient client = new DnsClient(config, new FakeClock())) {
        Thread thread =
            client
                .addresses("a.example.test")
                .toCompletableFuture()
                .thenApply(answer -> Thread.currentThread())
                .get(10, TimeUnit.SECONDS);

        assertThat(thread).isInstanceOf(ForkJoinWorkerThread.class);
        assertThat(((ForkJoinWorkerThread) thread).getPool()).isSameAs(ForkJoinPool.commonPool());
      }
    }
  }
}
