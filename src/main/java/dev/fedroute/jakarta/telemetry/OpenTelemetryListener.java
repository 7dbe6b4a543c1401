package dev.fedroute.jakarta.telemetry;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteListener;
import dev.fedroute.ServerName;
import dev.fedroute.jakarta.ResolutionEvent;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * Fedroute's listener bean for OpenTelemetry: the metrics of {@link FedrouteMetrics} and a span per
 * resolution that no cached one answers ({@link ResolutionSpan}), on the server's {@code
 * OpenTelemetry} bean. Without such a bean it does nothing. Thread-safe.
 */
@ApplicationScoped
class OpenTelemetryListener implements FedrouteListener {
  private static final System.Logger LOG = System.getLogger(OpenTelemetryListener.class.getName());

  private final FedrouteMetrics metrics;
  private final ResolutionSpan.Factory spans;

  /** For the container's client proxy only. */
  OpenTelemetryListener() {
    metrics = null;
    spans = null;
  }

  /**
   * The container's constructor.
   *
   * @param openTelemetry the server's OpenTelemetry, when it offers one
   */
  @Inject
  OpenTelemetryListener(Instance<OpenTelemetry> openTelemetry) {
    this(openTelemetry.isResolvable() ? openTelemetry.get() : null);
  }

  /**
   * A listener on the given OpenTelemetry.
   *
   * @param openTelemetry where metrics and spans go, or {@code null} for none
   */
  OpenTelemetryListener(OpenTelemetry openTelemetry) {
    if (openTelemetry == null) {
      LOG.log(Level.DEBUG, "no OpenTelemetry bean: Fedroute records no telemetry");
      metrics = null;
      spans = null;
    } else {
      metrics = new FedrouteMetrics(openTelemetry);
      spans = new ResolutionSpan.Factory(openTelemetry);
    }
  }

  /**
   * Records the duration of a resolution, cached or not.
   *
   * @param event the resolution
   */
  void onResolution(@Observes ResolutionEvent event) {
    if (metrics != null) {
      metrics.resolution(event);
    }
  }

  @Override
  public Resolving resolutionStarted(ServerName serverName) {
    return spans == null ? Resolving.NONE : spans.start(serverName);
  }

  @Override
  public void dnsQueried(String recordType, DnsStatus status) {
    if (metrics != null) {
      metrics.dnsQuery(recordType, status);
    }
  }

  @Override
  public void wellKnownFetched(FetchOutcome outcome) {
    if (metrics != null) {
      metrics.wellKnownFetch(outcome);
    }
  }

  @Override
  public void connectionFailed(ErrorCode code) {
    if (metrics != null) {
      metrics.connectionFailure(code);
    }
  }

  @Override
  public void failedOver() {
    if (metrics != null) {
      metrics.failover();
    }
  }
}
