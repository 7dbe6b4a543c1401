package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.InvalidServerNameException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@code --json} object, rendered from resolutions built directly. */
class JsonReportTest {
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "server_name",
          "result",
          "step",
          "host_header",
          "tls_server_name",
          "sni",
          "targets",
          "well_known",
          "elapsed_ms",
          "error",
          "srv",
          "valid_until",
          "trace",
          "federation_ok",
          "warnings");

  private static JsonObject render(Report report) {
    String text = JsonReport.render(report);
    assertThat(text).doesNotContain("\n");
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void delegatedSrvResolution() {
    JsonObject json = render(Report.ok(Fixtures.delegatedSrv(), Duration.ofMillis(412)));

    assertThat(json.keySet()).isEqualTo(TOP_LEVEL);
    assertThat(json.getString("server_name")).isEqualTo("b.example.test");
    assertThat(json.getString("result")).isEqualTo("ok");
    assertThat(json.getString("step")).isEqualTo("3.3");
    assertThat(json.getString("host_header")).isEqualTo("b-deleg.example.test");
    assertThat(json.getString("tls_server_name")).isEqualTo("b-deleg.example.test");
    assertThat(json.getString("sni")).isEqualTo("b-deleg.example.test");
    assertThat(json.getInt("elapsed_ms")).isEqualTo(412);
    assertThat(json.isNull("error")).isTrue();
    assertThat(json.getString("valid_until")).isEqualTo("2026-01-01T00:05:00Z");
    assertThat(json.getJsonArray("trace").getValuesAs(JsonValue::toString))
        .containsExactly("\".well-known: delegated to b-deleg.example.test\"", "\"SRV: 1 record\"");
  }

  @Test
  void targetsKeepOrderAndWriteIpv6WithoutBrackets() {
    JsonObject json = render(Report.ok(Fixtures.delegatedSrv(), Duration.ZERO));

    assertThat(json.getJsonArray("targets")).hasSize(1);
    JsonObject target = json.getJsonArray("targets").getJsonObject(0);
    assertThat(target.keySet()).containsExactlyInAnyOrder("host", "port", "addresses");
    assertThat(target.getString("host")).isEqualTo("b-target.example.test");
    assertThat(target.getInt("port")).isEqualTo(8443);
    assertThat(target.getJsonArray("addresses").getValuesAs(JsonValue::toString))
        .containsExactly("\"2001:db8::10\"", "\"127.0.20.4\"");
  }

  @Test
  void multipleTargetsInOrder() {
    JsonObject json = render(Report.ok(Fixtures.srvNoDelegation(), Duration.ZERO));

    assertThat(json.getString("step")).isEqualTo("4");
    assertThat(json.getJsonArray("targets").getJsonObject(0).getString("host"))
        .isEqualTo("c1.example.test");
    assertThat(json.getJsonArray("targets").getJsonObject(1).getString("host"))
        .isEqualTo("c2.example.test");
    assertThat(json.getJsonArray("targets").getJsonObject(1).getInt("port")).isEqualTo(8451);
  }

  @Test
  void wellKnownDelegated() {
    JsonObject wellKnown =
        render(Report.ok(Fixtures.delegatedSrv(), Duration.ZERO)).getJsonObject("well_known");

    assertThat(wellKnown.keySet())
        .containsExactlyInAnyOrder(
            "outcome", "status", "m_server", "ttl_seconds", "error", "detail");
    assertThat(wellKnown.isNull("error")).isTrue();
    assertThat(wellKnown.isNull("detail")).isTrue();
    assertThat(wellKnown.getString("outcome")).isEqualTo("delegated");
    assertThat(wellKnown.getInt("status")).isEqualTo(200);
    assertThat(wellKnown.getString("m_server")).isEqualTo("b-deleg.example.test");
    assertThat(wellKnown.getInt("ttl_seconds")).isEqualTo(3600);
  }

  @Test
  void wellKnownNoneHasStatusAndNullServer() {
    JsonObject wellKnown =
        render(Report.ok(Fixtures.srvNoDelegation(), Duration.ZERO)).getJsonObject("well_known");

    assertThat(wellKnown.getString("outcome")).isEqualTo("none");
    assertThat(wellKnown.getInt("status")).isEqualTo(404);
    assertThat(wellKnown.isNull("m_server")).isTrue();
    assertThat(wellKnown.getInt("ttl_seconds")).isEqualTo(60);
    assertThat(wellKnown.getString("error")).isEqualTo("http_status");
    assertThat(wellKnown.getString("detail"))
        .isEqualTo(
            "The .well-known request answered HTTP 404; only 200 with a JSON object counts"
                + " (HTTP 404)");
  }

  @Test
  void srvRecordsAsReceived() {
    JsonObject json = render(Report.ok(Fixtures.srvNoDelegation(), Duration.ZERO));

    assertThat(json.getJsonArray("srv")).hasSize(2);
    JsonObject second = json.getJsonArray("srv").getJsonObject(1);
    assertThat(second.keySet()).containsExactlyInAnyOrder("priority", "weight", "port", "target");
    assertThat(second.getInt("priority")).isEqualTo(20);
    assertThat(second.getInt("weight")).isEqualTo(5);
    assertThat(second.getInt("port")).isEqualTo(8451);
    assertThat(second.getString("target")).isEqualTo("c2.example.test");
  }

  @Test
  void ipLiteralHasNullSniSkippedWellKnownAndNoExpiry() {
    JsonObject json = render(Report.ok(Fixtures.ipv6Literal(), Duration.ZERO));

    assertThat(json.keySet()).isEqualTo(TOP_LEVEL);
    assertThat(json.getString("step")).isEqualTo("1");
    assertThat(json.getString("host_header")).isEqualTo("[2001:db8::1]:8449");
    assertThat(json.getString("tls_server_name")).isEqualTo("2001:db8::1");
    assertThat(json.isNull("sni")).isTrue();
    assertThat(json.getJsonArray("targets").getJsonObject(0).getString("host"))
        .isEqualTo("2001:db8::1");
    assertThat(json.getJsonArray("targets").getJsonObject(0).getJsonArray("addresses").getString(0))
        .isEqualTo("2001:db8::1");
    JsonObject wellKnown = json.getJsonObject("well_known");
    assertThat(wellKnown.getString("outcome")).isEqualTo("skipped");
    assertThat(wellKnown.isNull("status")).isTrue();
    assertThat(wellKnown.isNull("m_server")).isTrue();
    assertThat(wellKnown.getInt("ttl_seconds")).isZero();
    assertThat(json.isNull("valid_until")).isTrue();
    assertThat(json.getJsonArray("srv")).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aFailureAfterTheWellKnownStepStillReportsItsOutcome() {
    dev.fedroute.WellKnownResult delegated =
        new dev.fedroute.WellKnownResult(
            dev.fedroute.WellKnownResult.Outcome.DELEGATED,
            200,
            "deleg.example.test",
            Duration.ofHours(1),
            java.time.Instant.parse("2026-01-01T01:00:00Z"),
            null,
            null,
            0,
            null);
    FedrouteException error =
        new FedrouteException(
            ErrorCode.SERVICE_UNAVAILABLE,
            "no service",
            null,
            java.util.List.of("step one"),
            delegated);

    JsonObject json = render(Report.failed("x.example.test", error, Duration.ofMillis(7)));

    JsonObject wellKnown = json.getJsonObject("well_known");
    assertThat(wellKnown.getString("outcome")).isEqualTo("delegated");
    assertThat(wellKnown.getInt("status")).isEqualTo(200);
    assertThat(wellKnown.getString("m_server")).isEqualTo("deleg.example.test");
    assertThat(wellKnown.getInt("ttl_seconds")).isEqualTo(3600);
    assertThat(json.getJsonArray("trace")).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void eachErrorCode(ErrorCode code) {
    FedrouteException error = new FedrouteException(code, "it failed: " + code.name());

    JsonObject json = render(Report.failed("x.example.test", error, Duration.ofMillis(7)));

    assertThat(json.keySet()).isEqualTo(TOP_LEVEL);
    assertThat(json.getString("server_name")).isEqualTo("x.example.test");
    assertThat(json.getString("result")).isEqualTo("error");
    assertThat(json.getInt("elapsed_ms")).isEqualTo(7);
    JsonObject errorJson = json.getJsonObject("error");
    assertThat(errorJson.keySet()).containsExactlyInAnyOrder("code", "message");
    assertThat(errorJson.getString("code"))
        .isEqualTo(code.name().toLowerCase(java.util.Locale.ROOT));
    assertThat(errorJson.getString("message")).isEqualTo("it failed: " + code.name());
    for (String unknown :
        new String[] {
          "step", "host_header", "tls_server_name", "sni", "well_known", "valid_until"
        }) {
      assertThat(json.isNull(unknown)).as(unknown).isTrue();
    }
    assertThat(json.getJsonArray("targets")).isEmpty();
    assertThat(json.getJsonArray("srv")).isEmpty();
    assertThat(json.getJsonArray("trace")).isEmpty();
  }

  @Test
  void invalidServerNameKeepsTheNameAsGiven() {
    JsonObject json =
        render(
            Report.failed(
                "bad name",
                new InvalidServerNameException("'bad name' has a space"),
                Duration.ZERO));

    assertThat(json.getString("server_name")).isEqualTo("bad name");
    assertThat(json.getJsonObject("error").getString("code")).isEqualTo("invalid_server_name");
  }

  @Test
  void errorWithoutMessageHasNullMessage() {
    JsonObject json =
        render(
            Report.failed(
                "x.test", new FedrouteException(ErrorCode.NO_ADDRESS, null), Duration.ZERO));

    assertThat(json.getJsonObject("error").isNull("message")).isTrue();
  }
}
