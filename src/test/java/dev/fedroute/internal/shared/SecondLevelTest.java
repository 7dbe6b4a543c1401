package dev.fedroute.internal.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.SharedCache;
import dev.fedroute.testing.FakeClock;
import dev.fedroute.testing.MemoryGrid;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The calls to the shared cache: bounded reads, writes with the value's own lifetime. */
class SecondLevelTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final FakeClock clock = new FakeClock();
  private final MemoryGrid grid = new MemoryGrid(Duration.ofMillis(50));

  @AfterEach
  void stop() {
    grid.behave();
    executor.shutdownNow();
  }

  @Test
  void aReadReturnsWhatAWriteStored() throws Exception {
    SecondLevel level = SecondLevel.of(grid, Runnable::run, clock);
    level.write("k", "v", clock.instant().plusSeconds(30));
    assertThat(level.read("k").get(5, TimeUnit.SECONDS)).contains("v");
    assertThat(grid.lifetime("k")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aValueAlreadyExpiredIsNotWritten() {
    SecondLevel level = SecondLevel.of(grid, Runnable::run, clock);
    level.write("k", "v", clock.instant());
    level.write("k", "v", clock.instant().minusSeconds(1));
    assertThat(grid.calls()).isEmpty();
  }

  @Test
  void aHangingReadIsAMissAfterTheTimeout() throws Exception {
    SecondLevel level = SecondLevel.of(grid, executor, clock);
    grid.store("k", "v");
    grid.hang();
    CompletableFuture<Optional<String>> read = level.read("k");
    assertThat(read.get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aFailingCallIsAMissAndAFailingWriteIsSwallowed() throws Exception {
    SecondLevel level = SecondLevel.of(grid, Runnable::run, clock);
    grid.fail(new IllegalStateException("grid down"));
    assertThat(level.read("k").get(5, TimeUnit.SECONDS)).isEmpty();
    level.write("k", "v", clock.instant().plusSeconds(1));
    level.remove("k");
    assertThat(grid.calls()).containsExactly("get k", "put k", "remove k");
  }

  @Test
  void aKeysWritesAndRemovalsTakeEffectInTheOrderMadeWithoutHoldingUpOtherKeys() throws Exception {
    CountDownLatch putMayGoOn = new CountDownLatch(1);
    SharedCache slowFirstPut =
        new SharedCache() {
          @Override
          public Optional<String> get(String key) {
            return grid.get(key);
          }

          @Override
          public void put(String key, String value, Duration lifetime) {
            if (key.equals("k")) {
              await(putMayGoOn);
            }
            grid.put(key, value, lifetime);
          }

          @Override
          public void remove(String key) {
            grid.remove(key);
          }

          @Override
          public Duration timeout() {
            return grid.timeout();
          }
        };
    SecondLevel level = SecondLevel.of(slowFirstPut, executor, clock);

    level.write("k", "v", clock.instant().plusSeconds(30));
    level.remove("k");
    level.write("other", "w", clock.instant().plusSeconds(30));
    grid.awaitCall("put other");
    assertThat(grid.calls()).doesNotContain("remove k");

    putMayGoOn.countDown();
    grid.awaitCall("remove k");
    assertThat(grid.calls()).containsSubsequence("put k", "remove k");
    assertThat(grid.values()).doesNotContainKey("k").containsEntry("other", "w");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void aFullExecutorIsAMiss() throws Exception {
    SecondLevel level =
        SecondLevel.of(
            grid,
            r -> {
              throw new java.util.concurrent.RejectedExecutionException("full");
            },
            clock);
    assertThat(level.read("k").get(5, TimeUnit.SECONDS)).isEmpty();
    level.write("k", "v", clock.instant().plusSeconds(1));
    assertThat(grid.calls()).isEmpty();
  }

  @Test
  void noneNeverCallsAnything() throws Exception {
    SecondLevel none = SecondLevel.none();
    assertThat(none.present()).isFalse();
    assertThat(none.read("k").get(5, TimeUnit.SECONDS)).isEmpty();
    none.write("k", "v", clock.instant().plusSeconds(1));
  }

  @Test
  void aTimeoutMustBePositive() {
    SharedCache zero = new MemoryGrid(Duration.ZERO);
    assertThatThrownBy(() -> SecondLevel.of(zero, executor, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
  }
}
