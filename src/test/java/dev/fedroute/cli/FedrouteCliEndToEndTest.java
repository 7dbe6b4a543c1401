package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

/**
 * {@code run(...)} against the real {@link
 * dev.fedroute.internal.resolve.DefaultServerNameResolver}, on names that need no network: IP
 * literals (step 1).
 */
class FedrouteCliEndToEndTest {

  @Test
  void allowedIpv4LiteralResolvesAtStepOneOnPort8448() {
    CliRun run = CliRun.run("--json", "--allow", "127.0.0.0/8", "127.0.20.50");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject json = run.json();
    assertThat(json.getString("server_name")).isEqualTo("127.0.20.50");
    assertThat(json.getString("result")).isEqualTo("ok");
    assertThat(json.getString("step")).isEqualTo("1");
    assertThat(json.getString("host_header")).isEqualTo("127.0.20.50");
    assertThat(json.getString("tls_server_name")).isEqualTo("127.0.20.50");
    assertThat(json.isNull("sni")).isTrue();
    assertThat(json.getJsonArray("targets")).hasSize(1);
    JsonObject target = json.getJsonArray("targets").getJsonObject(0);
    assertThat(target.getString("host")).isEqualTo("127.0.20.50");
    assertThat(target.getInt("port")).isEqualTo(8448);
    assertThat(target.getJsonArray("addresses").getValuesAs(JsonValue::toString))
        .containsExactly("\"127.0.20.50\"");
    assertThat(json.getJsonObject("well_known").getString("outcome")).isEqualTo("skipped");
    assertThat(json.isNull("error")).isTrue();
    assertThat(json.getJsonNumber("elapsed_ms").longValue()).isNotNegative();
  }

  @Test
  void allowedIpv6LiteralWithPort() {
    CliRun run = CliRun.run("--json", "--allow", "::1/128", "[::1]:8449");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject json = run.json();
    assertThat(json.getString("step")).isEqualTo("1");
    assertThat(json.getString("host_header")).isEqualTo("[::1]:8449");
    assertThat(json.getString("tls_server_name")).isEqualTo("::1");
    assertThat(json.isNull("sni")).isTrue();
    JsonObject target = json.getJsonArray("targets").getJsonObject(0);
    assertThat(target.getString("host")).isEqualTo("::1");
    assertThat(target.getInt("port")).isEqualTo(8449);
    assertThat(target.getJsonArray("addresses").getString(0)).isEqualTo("::1");
  }

  @Test
  void blockedLiteralFailsWithExitOne() {
    CliRun run = CliRun.run("--json", "10.0.0.1");

    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    JsonObject json = run.json();
    assertThat(json.getString("result")).isEqualTo("error");
    assertThat(json.getJsonObject("error").getString("code")).isEqualTo("destination_blocked");
    assertThat(json.getJsonObject("error").getString("message")).contains("10.0.0.1");
    assertThat(json.isNull("step")).isTrue();
    assertThat(json.getJsonArray("targets")).isEmpty();
  }

  @Test
  void loopbackIsBlockedWithoutAllow() {
    CliRun run = CliRun.run("--json", "127.0.20.50");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.json().getJsonObject("error").getString("code"))
        .isEqualTo("destination_blocked");
  }

  @Test
  void humanReportOfAnIpLiteral() {
    CliRun run = CliRun.run("--allow", "127.0.0.0/8", "127.0.20.50:8500");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsSubsequence(
            "Server name:  127.0.20.50:8500",
            "Resolved:     step 1",
            "Host header:  127.0.20.50:8500",
            "TLS name:     127.0.20.50",
            "SNI:          (none: IP address)",
            "  1. 127.0.20.50:8500 -> 127.0.20.50",
            "Elapsed:");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void humanReportOfABlockedLiteral() {
    CliRun run = CliRun.run("10.0.0.1");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("Error code:   destination_blocked").contains("10.0.0.1");
  }
}
