package dev.fedroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.testing.UncachedResolver;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interface's own code: both blocking calls translate failures alike, and {@link
 * FedrouteException#of} is the one translation for callers that need an error code. The resolver
 * here is a stand-in that fails with a given throwable: the thing under test is the interface.
 */
class ServerNameResolverTest {

  /** A resolver whose every resolution fails with the given throwable. */
  private record Failing(Throwable failure) implements UncachedResolver {
    @Override
    public CompletionStage<Resolution> resolve(ServerName serverName) {
      return CompletableFuture.failedFuture(failure);
    }
  }

  static Stream<Throwable> failures() {
    return Stream.of(
        new FedrouteException(ErrorCode.NO_ADDRESS, "x.test has no address"),
        new IllegalStateException("a defect"),
        new NoClassDefFoundError("jakarta/json/JsonException"),
        new IOException("checked"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void bothBlockingCallsThrowAlike(Throwable failure) {
    Failing resolver = new Failing(failure);
    Consumer<Throwable> expected =
        thrown -> {
          if (failure instanceof IOException) {
            assertThat(thrown).isInstanceOf(CompletionException.class).hasCause(failure);
          } else {
            assertThat(thrown).isSameAs(failure);
          }
        };

    assertThatThrownBy(() -> resolver.resolveBlocking("x.test")).satisfies(expected::accept);
    assertThatThrownBy(
            () -> resolver.resolveBlocking(ServerName.parse("x.test"), Duration.ofSeconds(5)))
        .satisfies(expected::accept);
  }

  @Test
  void ofGivesTheCodeOfAFailureAndNeverHidesAnError() {
    FedrouteException known = new FedrouteException(ErrorCode.TIMEOUT, "slow");

    assertThat(FedrouteException.of(new ExecutionException(new CompletionException(known)), "a"))
        .isSameAs(known);
    assertThat(FedrouteException.of(new RuntimeException("wrapped by a client stack", known), "a"))
        .isSameAs(known);
    assertThat(FedrouteException.of(new IllegalStateException("a defect"), "x.test"))
        .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.DNS_FAILURE))
        .hasMessage("resolving x.test failed: java.lang.IllegalStateException: a defect");
    NoClassDefFoundError missing = new NoClassDefFoundError("jakarta/json/JsonException");
    assertThatThrownBy(() -> FedrouteException.of(new CompletionException(missing), "x.test"))
        .isSameAs(missing);
  }
}
