package dev.fedroute.jakarta.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.Step;
import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.jakarta.FederationRequestFilter;
import dev.fedroute.jakarta.FedrouteConfigValidation;
import dev.fedroute.jakarta.FedrouteResolver;
import dev.fedroute.jakarta.TestConfig;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.smallrye.config.inject.ConfigExtension;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.weld.junit.MockBean;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fedroute's OpenTelemetry adapter in Weld, as a server with MicroProfile Telemetry runs it: the
 * {@code OpenTelemetry} bean is the SDK with in-memory exporters, the resolver and the federation
 * clients are Fedroute's beans configured through MicroProfile Config, and DNS, {@code .well-known}
 * and the federation server are real on loopback. Asserts the metric names, attributes and values,
 * and the span tree.
 */
@EnableWeld
class OpenTelemetryWeldTest {
  private static TestWorld world;
  private static int closedPort;

  private final InMemoryOpenTelemetry telemetry = new InMemoryOpenTelemetry();
  private final InMemorySpanExporter spans = telemetry.spans;
  private final InMemoryMetricReader metrics = telemetry.metrics;
  private final OpenTelemetrySdk sdk = telemetry.sdk;

  @WeldSetup
  WeldInitiator weld =
      WeldInitiator.from(
              WeldInitiator.createWeld()
                  .addExtension(new ConfigExtension())
                  .addExtension(new FedrouteConfigValidation())
                  .addBeanClasses(
                      FedrouteResolver.class,
                      FederationClients.class,
                      FederationRequestFilter.class,
                      OpenTelemetryListener.class))
          .addBeans(MockBean.builder().types(OpenTelemetry.class).creating(sdk).build())
          .build();

  @Inject ServerNameResolver resolver;
  @Inject FederationClients clients;

  @BeforeAll
  static void startWorld() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    world =
        TestWorld.start(
            List.of(
                "deleg.example.test. 300 IN A 127.0.0.1", "fed.example.test. 300 IN A 127.0.0.1"),
            "deleg.example.test",
            "hs.example.test",
            "fo.example.test");
    int port = world.https().port();
    world
        .dns()
        .addRecords(
            "_matrix-fed._tcp.hs.example.test. 300 IN SRV 10 5 " + port + " fed.example.test.",
            "_matrix-fed._tcp.fo.example.test. 300 IN SRV 10 5 "
                + closedPort
                + " fed.example.test.",
            "_matrix-fed._tcp.fo.example.test. 300 IN SRV 20 5 " + port + " fed.example.test.");
    world.wellKnown("deleg.example.test", "{\"m.server\":\"hs.example.test\"}");
    world.https().defaultHandler(r -> TestResponse.json("{\"server\":{}}"));
  }

  @AfterAll
  static void stopWorld() {
    world.close();
  }

  /** Before Weld starts (TestConfig's own callback would run after {@code @WeldSetup}). */
  OpenTelemetryWeldTest() {
    TestConfig.register(
        TestConfig.of(
            "fedroute.dns.servers=127.0.0.1:" + world.dns().address().getPort(),
            "fedroute.dns.look-ahead=false",
            "fedroute.well-known.port=" + world.https().port(),
            "fedroute.allowlist=127.0.0.0/8,::1/128",
            "fedroute.trust-store.path=" + world.trustStore(),
            "fedroute.trust-store.password=changeit"));
  }

  @AfterEach
  void release() {
    TestConfig.release();
    telemetry.close();
  }

  @Test
  void aColdResolutionIsOneSpanWithAChildPerLookupUnderTheCallersSpan() {
    Span caller = sdk.getTracer("test").spanBuilder("homeserver request").startSpan();
    Resolution resolution;
    Scope scope = caller.makeCurrent();
    try {
      resolution = resolver.resolveBlocking("deleg.example.test");
    } finally {
      scope.close();
      caller.end();
    }
    assertThat(resolution.step()).isEqualTo(Step.DELEGATED_SRV);

    SpanData root = only(spanNamed("fedroute.resolve"));
    assertThat(root.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
    assertThat(root.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
    assertThat(root.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("fedroute.server_name"), "deleg.example.test")
        .containsEntry(AttributeKey.stringKey("fedroute.step"), "3.3")
        .containsEntry(AttributeKey.stringKey("fedroute.tls_server_name"), "hs.example.test")
        .containsEntry(AttributeKey.longKey("fedroute.targets"), 1L);
    assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    List<SpanData> children =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getParentSpanId().equals(root.getSpanId()))
            .toList();
    assertThat(children)
        .extracting(OpenTelemetryWeldTest::describe)
        .containsExactly(
            "fedroute.well_known deleg.example.test: delegated",
            "fedroute.dns.srv _matrix-fed._tcp.hs.example.test: found",
            "fedroute.dns.addresses fed.example.test: found");
    assertThat(children).allSatisfy(c -> assertThat(c.getTraceId()).isEqualTo(root.getTraceId()));
    assertThat(spans.getFinishedSpanItems())
        .as("the caller's span, the resolution and its three lookups: nothing else")
        .hasSize(5);

    spans.reset();
    resolver.resolveBlocking("deleg.example.test");
    assertThat(spans.getFinishedSpanItems()).as("a cached resolution has no span").isEmpty();
  }

  @Test
  void aFailedResolutionsSpanHasTheErrorStatusAndCode() {
    Throwable failure = catchThrowable(() -> resolver.resolveBlocking("missing.example.test"));
    assertThat(failure).isInstanceOf(FedrouteException.class);
    assertThat(((FedrouteException) failure).code()).isEqualTo(ErrorCode.NO_ADDRESS);

    SpanData root = only(spanNamed("fedroute.resolve"));
    assertThat(root.getParentSpanContext().isValid()).as("no span was current: a root").isFalse();
    assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(root.getStatus().getDescription()).contains("missing.example.test");
    assertThat(root.getAttributes().get(AttributeKey.stringKey("fedroute.error_code")))
        .isEqualTo("no_address");
    assertThat(
            spans.getFinishedSpanItems().stream()
                .filter(s -> s.getParentSpanId().equals(root.getSpanId()))
                .map(OpenTelemetryWeldTest::describe))
        .containsExactly(
            "fedroute.well_known missing.example.test: none",
            "fedroute.dns.srv _matrix-fed._tcp.missing.example.test: not_found",
            "fedroute.dns.srv _matrix._tcp.missing.example.test: not_found",
            "fedroute.dns.addresses missing.example.test: not_found");
  }

  @Test
  void theResolutionDurationHistogramHasStepOutcomeErrorCodeAndCacheHit() {
    resolver.resolveBlocking("deleg.example.test");
    resolver.resolveBlocking("deleg.example.test");
    catchThrowable(() -> resolver.resolveBlocking("missing.example.test"));

    MetricData duration = metric("fedroute.resolution.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    Map<String, Long> counts = new TreeMap<>();
    for (HistogramPointData p : duration.getHistogramData().getPoints()) {
      counts.put(text(p.getAttributes()), p.getCount());
      assertThat(p.getSum()).as("seconds, under the 10 s deadline").isPositive().isLessThan(10);
    }
    assertThat(counts)
        .containsOnly(
            Map.entry("fedroute.cache_hit=false,fedroute.outcome=ok,fedroute.step=3.3", 1L),
            Map.entry("fedroute.cache_hit=true,fedroute.outcome=ok,fedroute.step=3.3", 1L),
            Map.entry(
                "fedroute.cache_hit=false,fedroute.error_code=no_address,fedroute.outcome=error",
                1L));
  }

  @Test
  void wellKnownFetchesAndDnsQueriesAreCountedByOutcomeTypeAndStatus() {
    resolver.resolveBlocking("deleg.example.test");
    resolver.resolveBlocking("deleg.example.test"); // cached: nothing sent
    catchThrowable(() -> resolver.resolveBlocking("missing.example.test"));

    assertThat(sums("fedroute.well_known.fetches"))
        .containsExactly(
            Map.entry("fedroute.outcome=delegated", 1L), Map.entry("fedroute.outcome=failed", 1L));
    // deleg: A/AAAA for the fetch; hs: SRV; fed: A/AAAA. missing: A/AAAA for the fetch (answered
    // from the cache for step 6), both SRV records.
    assertThat(sums("fedroute.dns.queries"))
        .containsExactly(
            Map.entry("fedroute.dns.record_type=A,fedroute.dns.status=found", 2L),
            Map.entry("fedroute.dns.record_type=A,fedroute.dns.status=not_found", 1L),
            Map.entry("fedroute.dns.record_type=AAAA,fedroute.dns.status=not_found", 3L),
            Map.entry("fedroute.dns.record_type=SRV,fedroute.dns.status=found", 1L),
            Map.entry("fedroute.dns.record_type=SRV,fedroute.dns.status=not_found", 2L));
  }

  @Test
  void aRefusedConnectionAndTheFailoverAreCounted() {
    try (Response r = clients.request("fo.example.test", "/_matrix/federation/v1/version").get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }

    assertThat(sums("fedroute.federation.connection_failures"))
        .containsExactly(Map.entry("fedroute.error_code=connect_failure", 1L));
    assertThat(sums("fedroute.federation.failovers")).containsExactly(Map.entry("", 1L));
  }

  @Test
  void noMetricAttributeHoldsAServerName() {
    resolver.resolveBlocking("deleg.example.test");
    catchThrowable(() -> resolver.resolveBlocking("missing.example.test"));
    try (Response r = clients.request("fo.example.test", "/_matrix/federation/v1/version").get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }

    Collection<MetricData> all = metrics.collectAllMetrics();
    assertThat(all)
        .extracting(MetricData::getName)
        .containsExactlyInAnyOrder(
            "fedroute.resolution.duration",
            "fedroute.well_known.fetches",
            "fedroute.dns.queries",
            "fedroute.federation.connection_failures",
            "fedroute.federation.failovers");
    List<String> attributes = new ArrayList<>();
    for (MetricData m : all) {
      m.getData().getPoints().forEach(p -> attributes.add(text(p.getAttributes())));
    }
    assertThat(attributes).isNotEmpty().noneMatch(a -> a.contains("example.test"));
  }

  private List<SpanData> spanNamed(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
  }

  private static SpanData only(List<SpanData> list) {
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  private static String describe(SpanData span) {
    return span.getName()
        + " "
        + span.getAttributes().get(AttributeKey.stringKey("fedroute.lookup.name"))
        + ": "
        + span.getAttributes().get(AttributeKey.stringKey("fedroute.lookup.outcome"));
  }

  private MetricData metric(String name) {
    List<MetricData> found =
        metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).toList();
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  /** The counter's value per attribute set (as sorted {@code key=value} text). */
  private Map<String, Long> sums(String name) {
    Map<String, Long> out = new TreeMap<>();
    for (LongPointData p : metric(name).getLongSumData().getPoints()) {
      out.merge(text(p.getAttributes()), p.getValue(), Long::sum);
    }
    return out;
  }

  private static String text(Attributes attributes) {
    return attributes.asMap().entrySet().stream()
        .map(e -> e.getKey().getKey() + "=" + e.getValue())
        .sorted()
        .collect(Collectors.joining(","));
  }
}
