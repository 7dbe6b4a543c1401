package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code connection} outcome and how the reports render it, without a network. */
class ConnectionTest {

  @Test
  void bodyThatIsOneJsonValueIsParsed() {
    assertThat(JsonReport.body("{\"a\":[1,2]}"))
        .isEqualTo(
            Json.createObjectBuilder().add("a", Json.createArrayBuilder().add(1).add(2)).build());
    assertThat(JsonReport.body("42").toString()).isEqualTo("42");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "{\"a\":1} trailing", "{\"a\":", "<html></html>"})
  void anythingElseIsText(String body) {
    JsonValue value = JsonReport.body(body);

    assertThat(value).isInstanceOf(JsonString.class);
    assertThat(((JsonString) value).getString()).isEqualTo(body);
  }

  @Test
  void connectionFailureMakesTheReportAnErrorButKeepsTheResolution() {
    FedrouteException tls = new FedrouteException(ErrorCode.TLS_FAILURE, "bad certificate");
    Report report =
        Report.ok(Fixtures.srvNoDelegation(), Duration.ofMillis(5))
            .withConnection(Connection.failed(tls));

    JsonObject json = JsonReport.toJson(report);

    assertThat(report.succeeded()).isFalse();
    assertThat(json.getString("result")).isEqualTo("error");
    assertThat(json.getString("step")).isEqualTo("4");
    assertThat(json.getJsonObject("error").getString("code")).isEqualTo("tls_failure");
    assertThat(json.getJsonObject("connection").getBoolean("tls_ok")).isFalse();
    assertThat(TextReport.render(report)).contains("  Error code:  tls_failure");
  }

  @Test
  void connectAskedAfterAFailedResolutionIsANullConnection() {
    FedrouteException error = new FedrouteException(ErrorCode.NO_ADDRESS, "no address");
    Report plain = Report.failed("a.example", error, Duration.ZERO);
    Report asked = plain.withConnectNotAttempted(false);

    assertThat(JsonReport.toJson(plain).containsKey("connection")).isFalse();
    assertThat(JsonReport.toJson(asked).isNull("connection")).isTrue();
    assertThat(JsonReport.toJson(asked).getJsonObject("error").getString("code"))
        .isEqualTo("no_address");
    assertThat(TextReport.render(asked)).contains("Connection:   not attempted");
    assertThat(TextReport.render(plain)).doesNotContain("Connection:");
    assertThatThrownBy(
            () ->
                Report.ok(Fixtures.srvNoDelegation(), Duration.ZERO).withConnectNotAttempted(false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void answeredConnectionIsAnOkReport() {
    Report report =
        Report.ok(Fixtures.ipv6Literal(), Duration.ofMillis(5))
            .withConnection(Connection.answered("[2001:db8::1]:8449", 500, null, "oops"));

    JsonObject connection = JsonReport.toJson(report).getJsonObject("connection");

    assertThat(report.succeeded()).isTrue();
    assertThat(connection.getString("address")).isEqualTo("[2001:db8::1]:8449");
    assertThat(connection.getInt("status")).isEqualTo(500);
    assertThat(connection.isNull("certificate_subject")).isTrue();
    assertThat(connection.getString("body")).isEqualTo("oops");
  }

  @Test
  void connectionNeedsAResolutionAndExactlyOneOutcome() {
    FedrouteException error = new FedrouteException(ErrorCode.DNS_FAILURE, "x");
    Report failed = Report.failed("a.example", error, Duration.ZERO);

    assertThatThrownBy(() -> failed.withConnection(Connection.failed(error)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Connection("127.0.0.1:1", 200, null, "", error))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Connection(null, 200, null, "", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
