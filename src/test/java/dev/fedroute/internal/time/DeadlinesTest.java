package dev.fedroute.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

  @Test
  void failAfterFailsWithTimeoutException() {
    CompletableFuture<String> future =
        Deadlines.failAfter(new CompletableFuture<>(), Duration.ofMillis(20));

    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void completeAfterGivesTheValueAtTheDeadlineOnly() throws Exception {
    CompletableFuture<String> late =
        Deadlines.completeAfter(new CompletableFuture<>(), "late", Duration.ofMillis(20));
    CompletableFuture<String> early = new CompletableFuture<>();
    Deadlines.completeAfter(early, "late", Duration.ofSeconds(30));
    early.complete("early");

    assertThat(late.get(5, TimeUnit.SECONDS)).isEqualTo("late");
    assertThat(early.get()).isEqualTo("early");
  }

  /**
   * In a fresh JVM (the test JVM has long started the JDK's scheduler), with the first deadline set
   * by code of a throwaway class loader, as by a deployment: without Fedroute the scheduler thread
   * keeps that loader reachable twice over; through {@link Deadlines} it keeps it not at all.
   */
  @Test
  void theJdkSchedulerThreadDoesNotPinTheFirstCallersClassLoader() throws Exception {
    String[] plain = probe("plain").split(" ");
    Assumptions.assumeFalse(plain[0].equals("absent"), "this JDK has no delay scheduler thread");
    String[] fedroute = probe("fedroute").split(" ");

    assertThat(plain[0])
        .as("the JDK alone, the baseline")
        .isEqualTo("context-class-loader,access-control-context");
    assertThat(fedroute[0]).isEqualTo("none");
    // Deadlines' start-up waits at most 1 s; a class-initialisation deadlock would use all of it,
    // while a normal first deadline takes well under 300 ms.
    assertThat(Long.parseLong(fedroute[1])).as("ms for the first deadline").isLessThan(800);
  }

  private static String probe(String mode) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED",
                "--add-opens",
                "java.base/java.security=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                DelaySchedulerProbe.class.getName(),
                mode)
            .redirectErrorStream(true)
            .start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
