package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.DnsTestServer;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/** The CLI on DNS failures and deadlines, against a DNS server on loopback. */
class CliFailureTest {
  private DnsTestServer dns;

  @BeforeEach
  void start() {
    dns = DnsTestServer.start("ok.example.test. 300 IN A 127.0.20.1");
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void servfailWithNothingCachedIsDnsFailure() {
    dns.failWith("broken.example.test", Rcode.SERVFAIL);

    CliRun run = cli("--json", "broken.example.test:8448");

    assertThat(run.exit()).isEqualTo(1);
    JsonObject json = run.json();
    assertThat(json.getString("result")).isEqualTo("error");
    assertThat(json.getJsonObject("error").getString("code")).isEqualTo("dns_failure");
    assertThat(json.getJsonObject("error").getString("message")).contains("broken.example.test");
    assertThat(json.getJsonArray("targets")).isEmpty();
  }

  @Test
  void theDeadlineEndsAHangingResolutionWithTimeout() {
    dns.dropQueries("slow.example.test");

    long started = System.nanoTime();
    CliRun run = cli("--json", "--timeout", "500ms", "slow.example.test:8448");
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.json().getJsonObject("error").getString("code")).isEqualTo("timeout");
    assertThat(
            run.json().getJsonArray("trace").getString(run.json().getJsonArray("trace").size() - 1))
        .contains("deadline of 500 ms");
    assertThat(tookMs).isLessThan(4_000);
  }

  @Test
  void humanReportShowsTheStepsBeforeTheFailure() {
    CliRun run = cli("--no-well-known", "missing.example.test");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("SRV _matrix-fed._tcp.missing.example.test: no record")
        .contains("SRV _matrix._tcp.missing.example.test: no record")
        .contains("no_address");
  }

  @Test
  void humanReportOfASuccessNamesHostTlsNameAndTargets() {
    CliRun run = cli("--no-well-known", "ok.example.test:8500");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("ok.example.test:8500").contains("127.0.20.1").contains("8500");
  }

  private CliRun cli(String... extra) {
    List<String> args = new ArrayList<>(List.of("--dns", "127.0.0.1:" + dns.address().getPort()));
    args.addAll(List.of("--allow", "127.0.0.0/8"));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }
}
