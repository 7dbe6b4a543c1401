package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The CLI's start-up warm-up runs on a daemon thread of its own, which ends by itself. */
class WarmUpTest {
  @Test
  void runsOnADaemonThreadThatEnds() throws InterruptedException {
    WarmUp.start();
    Optional<Thread> thread =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("fedroute-warm-up"))
            .findFirst();
    if (thread.isPresent()) {
      assertThat(thread.get().isDaemon()).isTrue();
      thread.get().join(TimeUnit.SECONDS.toMillis(30));
      assertThat(thread.get().isAlive()).as("still warming up after 30 s").isFalse();
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("fedroute-warm-up"));
  }
}
