package dev.fedroute.jakarta.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.FedrouteListener.LookupKind;
import dev.fedroute.ServerName;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The span tree of one resolution on the OpenTelemetry SDK with an in-memory exporter, for what the
 * resolver tests cannot bring about on time: a lookup still open when the resolution ends.
 */
class ResolutionSpanTest {
  private final InMemoryOpenTelemetry telemetry = new InMemoryOpenTelemetry();
  private final InMemorySpanExporter spans = telemetry.spans;

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void aLookupStillOpenWhenTheResolutionEndsIsEndedWithItAsAbandoned() {
    ResolutionSpan resolving =
        new ResolutionSpan.Factory(telemetry.sdk).start(ServerName.parse("slow.example.test"));
    FedrouteListener.Lookup srv =
        resolving.lookupStarted(LookupKind.SRV, "_matrix-fed._tcp.slow.example.test");
    FedrouteListener.Lookup wellKnown =
        resolving.lookupStarted(LookupKind.WELL_KNOWN, "slow.example.test");
    srv.finished("not_found");

    resolving.failed(new FedrouteException(ErrorCode.TIMEOUT, "resolving slow.example.test"));
    wellKnown.finished("delegated"); // too late: already ended with the resolution

    assertThat(spans.getFinishedSpanItems())
        .as("each span ended once")
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.hasEnded()).isTrue());
    Map<String, String> outcomes =
        spans.getFinishedSpanItems().stream()
            .filter(s -> !s.getName().equals(ResolutionSpan.RESOLVE))
            .collect(
                Collectors.toMap(
                    SpanData::getName,
                    s -> s.getAttributes().get(AttributeKey.stringKey("fedroute.lookup.outcome"))));
    assertThat(outcomes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("fedroute.dns.srv", "not_found", "fedroute.well_known", "abandoned"));
  }
}
