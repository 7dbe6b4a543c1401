package dev.fedroute.jakarta.telemetry;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteListener.DnsStatus;
import dev.fedroute.FedrouteListener.FetchOutcome;
import dev.fedroute.internal.text.ProjectVersion;
import dev.fedroute.jakarta.ResolutionEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.Locale;

/**
 * Fedroute's instruments on the meter {@code dev.fedroute}. No attribute holds a server name or
 * host, so that the number of series stays small whatever the federation. Thread-safe.
 */
final class FedrouteMetrics {
  static final String SCOPE = "dev.fedroute";

  static final AttributeKey<String> STEP = AttributeKey.stringKey("fedroute.step");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("fedroute.outcome");
  static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("fedroute.error_code");
  static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("fedroute.cache_hit");
  static final AttributeKey<String> RECORD_TYPE =
      AttributeKey.stringKey("fedroute.dns.record_type");
  static final AttributeKey<String> DNS_STATUS = AttributeKey.stringKey("fedroute.dns.status");

  private final DoubleHistogram resolutionDuration;
  private final LongCounter wellKnownFetches;
  private final LongCounter dnsQueries;
  private final LongCounter connectionFailures;
  private final LongCounter failovers;

  FedrouteMetrics(OpenTelemetry openTelemetry) {
    Meter meter =
        openTelemetry.meterBuilder(SCOPE).setInstrumentationVersion(ProjectVersion.get()).build();
    resolutionDuration =
        meter
            .histogramBuilder("fedroute.resolution.duration")
            .setUnit("s")
            .setDescription("How long resolving a server name took, from the cache or not")
            .build();
    wellKnownFetches =
        meter
            .counterBuilder("fedroute.well_known.fetches")
            .setUnit("{fetch}")
            .setDescription(".well-known/matrix/server fetches sent, by outcome")
            .build();
    dnsQueries =
        meter
            .counterBuilder("fedroute.dns.queries")
            .setUnit("{query}")
            .setDescription("DNS lookups sent (not answered from the cache), by type and status")
            .build();
    connectionFailures =
        meter
            .counterBuilder("fedroute.federation.connection_failures")
            .setUnit("{connection}")
            .setDescription(
                "Federation connections refused or failed (connect_failure) or failing TLS"
                    + " (tls_failure)")
            .build();
    failovers =
        meter
            .counterBuilder("fedroute.federation.failovers")
            .setUnit("{failover}")
            .setDescription("Federation requests moved on to their next destination address")
            .build();
  }

  void resolution(ResolutionEvent event) {
    AttributesBuilder attributes =
        Attributes.builder()
            .put(OUTCOME, event.result().name().toLowerCase(Locale.ROOT))
            .put(CACHE_HIT, event.cacheHit());
    if (event.step() != null) {
      attributes.put(STEP, event.step().label());
    }
    if (event.errorCode() != null) {
      attributes.put(ERROR_CODE, event.errorCode().code());
    }
    resolutionDuration.record(event.elapsed().toNanos() / 1e9, attributes.build());
  }

  void wellKnownFetch(FetchOutcome outcome) {
    wellKnownFetches.add(1, Attributes.of(OUTCOME, outcome.name().toLowerCase(Locale.ROOT)));
  }

  void dnsQuery(String recordType, DnsStatus status) {
    dnsQueries.add(
        1,
        Attributes.of(RECORD_TYPE, recordType, DNS_STATUS, status.name().toLowerCase(Locale.ROOT)));
  }

  void connectionFailure(ErrorCode code) {
    connectionFailures.add(1, Attributes.of(ERROR_CODE, code.code()));
  }

  void failover() {
    failovers.add(1);
  }
}
