package dev.fedroute.jakarta.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteListener;
import dev.fedroute.FedrouteListener.DnsStatus;
import dev.fedroute.FedrouteListener.FetchOutcome;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.jakarta.ResolutionEvent;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The adapter where the OpenTelemetry API is visible but the server offers no {@code OpenTelemetry}
 * bean: idle. In a container a callback that threw would only be logged by the guard around
 * listeners, so this calls each one directly.
 */
class OpenTelemetryListenerTest {

  @Test
  void withoutAnOpenTelemetryBeanEveryCallbackDoesNothing() {
    OpenTelemetryListener idle = new OpenTelemetryListener((OpenTelemetry) null);

    assertThat(idle.resolutionStarted(ServerName.parse("a.example.test")))
        .isSameAs(FedrouteListener.Resolving.NONE);
    idle.onResolution(
        ResolutionEvent.ok(
            ServerName.parse("a.example.test"), Step.IP_LITERAL, false, Duration.ofMillis(3)));
    idle.dnsQueried("SRV", DnsStatus.FOUND);
    idle.wellKnownFetched(FetchOutcome.FAILED);
    idle.connectionFailed(ErrorCode.CONNECT_FAILURE);
    idle.failedOver();
  }
}
