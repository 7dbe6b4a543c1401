package dev.fedroute.jakarta.telemetry;

import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.internal.text.ProjectVersion;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The span {@code fedroute.resolve} of one resolution that no cached one answered, child of the
 * span current where the resolution was asked for, with a child span per lookup the resolution
 * waited for: {@code fedroute.well_known}, {@code fedroute.dns.srv}, {@code
 * fedroute.dns.addresses}. A lookup still open when the resolution ends (its deadline ran out) is
 * ended with it, outcome {@code abandoned}. Thread-safe.
 */
final class ResolutionSpan implements FedrouteListener.Resolving {
  static final String RESOLVE = "fedroute.resolve";
  static final AttributeKey<String> SERVER_NAME = AttributeKey.stringKey("fedroute.server_name");
  static final AttributeKey<String> STEP = FedrouteMetrics.STEP;
  static final AttributeKey<String> ERROR_CODE = FedrouteMetrics.ERROR_CODE;
  static final AttributeKey<String> TLS_SERVER_NAME =
      AttributeKey.stringKey("fedroute.tls_server_name");
  static final AttributeKey<Long> TARGETS = AttributeKey.longKey("fedroute.targets");
  static final AttributeKey<String> LOOKUP_NAME = AttributeKey.stringKey("fedroute.lookup.name");
  static final AttributeKey<String> LOOKUP_OUTCOME =
      AttributeKey.stringKey("fedroute.lookup.outcome");

  private final Tracer tracer;
  private final Context context;
  private final Span span;
  private final Set<Span> open = ConcurrentHashMap.newKeySet();

  private ResolutionSpan(Tracer tracer, Context parent, Span span) {
    this.tracer = tracer;
    this.context = parent.with(span);
    this.span = span;
  }

  /** Starts the spans of resolutions on one tracer. Thread-safe. */
  static final class Factory {
    private final Tracer tracer;

    Factory(OpenTelemetry openTelemetry) {
      tracer = openTelemetry.getTracer(FedrouteMetrics.SCOPE, ProjectVersion.get());
    }

    ResolutionSpan start(ServerName serverName) {
      Context parent = Context.current();
      Span span =
          tracer
              .spanBuilder(RESOLVE)
              .setParent(parent)
              .setSpanKind(SpanKind.INTERNAL)
              .setAttribute(SERVER_NAME, serverName.text())
              .startSpan();
      return new ResolutionSpan(tracer, parent, span);
    }
  }

  @Override
  public FedrouteListener.Lookup lookupStarted(FedrouteListener.LookupKind kind, String name) {
    Span child =
        tracer
            .spanBuilder(spanName(kind))
            .setParent(context)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(LOOKUP_NAME, name)
            .startSpan();
    open.add(child);
    return new FedrouteListener.Lookup() {
      @Override
      public void finished(String outcome) {
        if (open.remove(child)) {
          child.setAttribute(LOOKUP_OUTCOME, outcome);
          child.end();
        }
      }
    };
  }

  @Override
  public void resolved(Resolution resolution) {
    span.setAttribute(STEP, resolution.step().label());
    span.setAttribute(TLS_SERVER_NAME, resolution.tlsServerName());
    span.setAttribute(TARGETS, (long) resolution.targets().size());
    end();
  }

  @Override
  public void failed(FedrouteException failure) {
    span.setAttribute(ERROR_CODE, failure.code().code());
    span.setStatus(StatusCode.ERROR, failure.getMessage());
    end();
  }

  private void end() {
    for (Span child : open) {
      if (open.remove(child)) {
        child.setAttribute(LOOKUP_OUTCOME, "abandoned");
        child.end();
      }
    }
    span.end();
  }

  private static String spanName(FedrouteListener.LookupKind kind) {
    return switch (kind) {
      case WELL_KNOWN -> "fedroute.well_known";
      case SRV -> "fedroute.dns.srv";
      case ADDRESSES -> "fedroute.dns.addresses";
    };
  }
}
