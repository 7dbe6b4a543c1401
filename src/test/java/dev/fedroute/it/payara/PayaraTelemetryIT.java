package dev.fedroute.it.payara;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.jakarta.FedrouteResolver;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fedroute's telemetry reaches Payara's own OpenTelemetry: the application switches MicroProfile
 * Telemetry on for itself ({@code otel.sdk.disabled=false} in its {@code
 * microprofile-config.properties}, traces and metrics exported by OTLP over HTTP), and the server's
 * exporter delivers Fedroute's spans and metrics to an OTLP receiver on loopback inside the
 * server's JVM. The exports are protobuf; span and metric names, attribute keys and values are
 * plain UTF-8 strings in them.
 */
@ExtendWith(ArquillianExtension.class)
class PayaraTelemetryIT {
  private static final String PORT_KEY = "it.otlp.port";
  private static final Duration EXPORT_WAIT = Duration.ofSeconds(30);

  @Inject FedrouteResolver resolver;
  @Inject FederationClients clients;
  @Inject Config config;

  @Deployment
  static WebArchive deployment() {
    WebArchive war =
        PayaraArchives.loopbackWar("fedroute-payara-telemetry-it.war", PayaraTelemetryIT.class);
    int otlpPort = LoopbackFederation.freePort();
    war.addAsResource(
        new StringAsset(
            String.join(
                "\n",
                "otel.sdk.disabled=false",
                "otel.service.name=fedroute-it",
                "otel.traces.exporter=otlp",
                "otel.metrics.exporter=otlp",
                "otel.logs.exporter=none",
                "otel.exporter.otlp.protocol=http/protobuf",
                "otel.exporter.otlp.endpoint=http://127.0.0.1:" + otlpPort,
                "otel.bsp.schedule.delay=200",
                "otel.metric.export.interval=1000",
                PORT_KEY + "=" + otlpPort,
                "")),
        "META-INF/microprofile-config.properties");
    return war;
  }

  @Test
  void spansAndMetricsReachTheServersOpenTelemetryExporter() throws Exception {
    LoopbackFederation world = LoopbackFederation.get();
    try (HttpsTestServer otlp =
        HttpsTestServer.http()
            .bind("127.0.0.1", config.getValue(PORT_KEY, Integer.class))
            .start()
            .defaultHandler(r -> TestResponse.of(200, new byte[0]))) {

      assertThat(resolver.resolveBlocking("d33.example.test").step().label()).isEqualTo("3.3");
      try (Response r =
          clients.request("fo.example.test", "/_matrix/federation/v1/version").get()) {
        assertThat(r.getStatus()).isEqualTo(200);
      }

      String traces =
          awaitExport(
              otlp,
              "/v1/traces",
              "fedroute.resolve",
              "fedroute.well_known",
              "fedroute.dns.srv",
              "fedroute.dns.addresses",
              "fedroute.server_name",
              "d33.example.test",
              "fedroute-it");
      assertThat(traces).contains("_matrix-fed._tcp.d33-deleg.example.test");
      String metrics =
          awaitExport(
              otlp,
              "/v1/metrics",
              "fedroute.resolution.duration",
              "fedroute.dns.queries",
              "fedroute.well_known.fetches",
              "fedroute.federation.connection_failures",
              "fedroute.federation.failovers",
              "fedroute.cache_hit",
              "connect_failure");
      assertThat(metrics).doesNotContain("d33.example.test").doesNotContain("fo.example.test");
      assertThat(world.federation.requests()).isNotEmpty();
    }
  }

  /**
   * Waits for exports to a path until, taken together, they contain every expected string.
   *
   * @return the exports' bodies as text (ISO-8859-1, so every byte stays one character)
   */
  private static String awaitExport(HttpsTestServer otlp, String path, String... expected)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(EXPORT_WAIT);
    String seen = "";
    while (Instant.now().isBefore(deadline)) {
      StringBuilder text = new StringBuilder();
      List<RecordedRequest> posts = otlp.requests();
      for (RecordedRequest r : posts) {
        if (r.path().equals(path)) {
          text.append(new String(r.body(), StandardCharsets.ISO_8859_1)).append('\n');
        }
      }
      seen = text.toString();
      String all = seen;
      if (List.of(expected).stream().allMatch(all::contains)) {
        return seen;
      }
      Thread.sleep(200);
    }
    assertThat(seen).as("OTLP exports to " + path).contains(expected);
    return seen;
  }
}
