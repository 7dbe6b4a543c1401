package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The CLI's start-up warm-up runs on a daemon thread of its own, which ends by itself. */
class WarmUpTest {
  @Test
  void runsOnADaemonThreadThatEnds() throws InterruptedException {
    Thread thread = WarmUp.start();

    assertThat(thread.getName()).isEqualTo("fedroute-warm-up");
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getState()).as("started").isNotEqualTo(Thread.State.NEW);
    thread.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(thread.isAlive()).as("still warming up after 30 s").isFalse();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("fedroute-warm-up"));
  }
}
