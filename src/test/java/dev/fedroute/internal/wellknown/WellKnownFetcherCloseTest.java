package dev.fedroute.internal.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.WellKnownResult.Outcome;
import dev.fedroute.testing.CapturedLog;
import dev.fedroute.testing.TestResponse;
import org.junit.jupiter.api.Test;

/**
 * Closing the {@code .well-known} client (a resolver closed, an application undeployed) lets its
 * I/O threads stop on their own, so none of them trips over a selector closed under it: on WildFly
 * that was an error with a {@code ClosedSelectorException} in the server log at every undeploy.
 */
class WellKnownFetcherCloseTest extends WellKnownTestBase {

  @Test
  void closingAfterFetchesLeavesTheIoThreadsNothingToReport() {
    serve("close.wk.test", TestResponse.json(delegation("m.wk.test:8448")));
    try (CapturedLog log = CapturedLog.of(WellKnownFetcher.class.getName())) {
      for (int i = 0; i < 5; i++) {
        WellKnownClient closing = client(server.port(), b -> b);
        assertThat(closing.lookup("close.wk.test").toCompletableFuture().join().outcome())
            .isEqualTo(Outcome.DELEGATED);
        closing.close();
      }
      assertThat(log.records()).as("what the I/O threads reported").isEmpty();
    }
  }
}
