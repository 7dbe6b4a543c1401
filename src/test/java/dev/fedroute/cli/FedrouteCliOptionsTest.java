package dev.fedroute.cli;

import static dev.fedroute.cli.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Cidr;
import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.testing.TestCa;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Argument parsing and the configuration the options make, with a recording resolver (the options
 * are under test here, not the resolver).
 */
class FedrouteCliOptionsTest {
  private static final TestCa TEST_CA = TestCa.create("Fedroute CLI test CA");

  private final RecordingResolver resolver =
      new RecordingResolver(
          name ->
              CompletableFuture.failedFuture(
                  new FedrouteException(ErrorCode.CONNECT_FAILURE, "recorded: " + name)));

  private FedrouteConfig configFor(String... args) {
    CliRun run = CliRun.run(resolver.factory(), args);
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(resolver.closed).isEqualTo(1);
    return resolver.config();
  }

  @Test
  void withoutOptionsTheConfigurationIsTheDefaultOne() {
    FedrouteConfig config = configFor("example.org");

    assertThat(config).isEqualTo(FedrouteConfig.defaults());
    assertThat(resolver.asked).hasSize(1);
    assertThat(resolver.asked.get(0).text()).isEqualTo("example.org");
  }

  @Test
  void aServerNameStartingWithAHyphenGoesAfterTheDoubleDash() {
    configFor("--", "-a.example.org");
    CliRun withoutSeparator = CliRun.run(resolver.factory(), "-a.example.org");

    assertThat(resolver.asked).hasSize(1);
    assertThat(resolver.asked.get(0).text()).isEqualTo("-a.example.org");
    assertThat(withoutSeparator.exit()).isEqualTo(FedrouteCli.EXIT_USAGE);
    assertThat(withoutSeparator.err()).contains("'-a.example.org' is not an option");
  }

  @Test
  void aMistypedLongOptionGetsASuggestionAndNoHyphenHint() {
    CliRun run = CliRun.run(resolver.factory(), "--jsn", "example.org");

    assertThat(run.exit()).isEqualTo(FedrouteCli.EXIT_USAGE);
    assertThat(run.err())
        .contains("Unknown option: '--jsn'")
        .contains("Possible solutions: --json");
    assertThat(run.err()).doesNotContain("is not an option");
    assertThat(resolver.asked).isEmpty();
  }

  @Test
  void dnsServersAreKeptInOrderWithTheirPorts() {
    FedrouteConfig config =
        configFor("--dns", "127.0.0.1:5353", "--dns", "[::1]", "--dns", "192.0.2.1", "x.test");

    assertThat(config.dns().servers())
        .containsExactly(
            new InetSocketAddress(ip("127.0.0.1"), 5353),
            new InetSocketAddress(ip("::1"), 53),
            new InetSocketAddress(ip("192.0.2.1"), 53));
  }

  @Test
  void allowAddsToTheAllowlistAndKeepsTheBlocklist() {
    FedrouteConfig config = configFor("--allow", "127.0.0.0/8", "--allow", "::1/128", "x.test");

    assertThat(config.addresses().allowlist())
        .containsExactly(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
    assertThat(config.addresses().blocklist()).isEqualTo(FedrouteConfig.DEFAULT_BLOCKLIST);
  }

  @Test
  void proxyAndNoProxyMakeTheProxySettingsAndCredentialsLeaveTheUrl() {
    FedrouteConfig config =
        configFor(
            "--proxy",
            "http://fed%40corp:p%3Ass-w0rd@127.0.0.2:3128",
            "--no-proxy",
            ".internal.test,10.0.0.0/8",
            "x.test");

    assertThat(config.proxy().display()).isEqualTo("http://127.0.0.2:3128");
    assertThat(config.proxy().url().orElseThrow().getRawUserInfo()).isNull();
    assertThat(config.proxy().username()).isEqualTo("fed@corp");
    assertThat(config.proxy().password()).isEqualTo("p:ss-w0rd");
    assertThat(config.proxy().noProxy())
        .extracting(Object::toString)
        .containsExactly(".internal.test", "10.0.0.0/8");
    assertThat(config.proxy().connectBy()).isEqualTo(FedrouteConfig.Proxy.ConnectBy.ADDRESS);
  }

  @Test
  void aBadProxyIsAUsageErrorThatNeverShowsThePassword() {
    for (String[] args :
        List.of(
            new String[] {"--proxy", "ftp://u:hunter2-cli@127.0.0.2:21", "x.test"},
            new String[] {"--proxy", "http://u:hunter2-cli@127.0.0.2:3128/path", "x.test"},
            new String[] {"--proxy", "http://u:hunter2-cli@bad host:3128", "x.test"},
            new String[] {"--no-proxy", "*.bad", "--proxy", "http://127.0.0.2:1", "x.test"})) {
      CliRun run = CliRun.run(resolver.factory(), args);

      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(FedrouteCli.EXIT_USAGE);
      assertThat(run.err()).contains("proxy").doesNotContain("hunter2-cli");
      assertThat(run.out()).doesNotContain("hunter2-cli");
    }
    assertThat(resolver.asked).isEmpty();
  }

  @Test
  void switchesPortAndTimeout() {
    FedrouteConfig config =
        configFor(
            "--no-well-known",
            "--no-legacy-srv",
            "--no-matrix-fed-srv",
            "--well-known-port",
            "8443",
            "--timeout",
            "1500ms",
            "x.test");

    assertThat(config.steps().wellKnown()).isFalse();
    assertThat(config.steps().legacySrv()).isFalse();
    assertThat(config.steps().matrixFedSrv()).isFalse();
    assertThat(config.wellKnown().port()).isEqualTo(8443);
    assertThat(config.resolveTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void isoTimeout() {
    assertThat(configFor("--timeout", "PT2M", "x.test").resolveTimeout())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void pkcs12TrustStoreWithPassword(@TempDir Path dir) {
    Path file = TEST_CA.writeTrustStore(dir.resolve("trust.pkcs12"), "s3cret", "PKCS12");

    FedrouteConfig config =
        configFor("--trust-store", file.toString(), "--trust-store-password", "s3cret", "x.test");

    assertThat(config.trustStore()).contains(new FedrouteConfig.TrustStore(file, "s3cret"));
  }

  @Test
  void jksTrustStore(@TempDir Path dir) {
    Path file = TEST_CA.writeTrustStore(dir.resolve("trust.jks"), "changeit", "JKS");

    FedrouteConfig config =
        configFor("--trust-store", file.toString(), "--trust-store-password", "changeit", "x.test");

    assertThat(config.trustStore()).contains(new FedrouteConfig.TrustStore(file, "changeit"));
  }

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of(List.of("--dns", "dns.example.org", "x.test"), "dns.example.org"),
        Arguments.of(List.of("--dns", "127.0.0.1:99999", "x.test"), "127.0.0.1:99999"),
        Arguments.of(List.of("--allow", "10.0.0.0/33", "x.test"), "10.0.0.0/33"),
        Arguments.of(List.of("--allow", "not-a-range", "x.test"), "not-a-range"),
        Arguments.of(List.of("--timeout", "soon", "x.test"), "soon"),
        Arguments.of(List.of("--timeout", "0s", "x.test"), "0s"),
        Arguments.of(List.of("--well-known-port", "0", "x.test"), "'0'"),
        Arguments.of(List.of("--well-known-port", "70000", "x.test"), "70000"),
        Arguments.of(List.of("--bogus", "x.test"), "--bogus"),
        Arguments.of(List.of("--dns"), "--dns"),
        Arguments.of(List.of(), "SERVER_NAME"),
        Arguments.of(List.of("a.test", "b.test"), "b.test"),
        Arguments.of(List.of("--trust-store-password", "pw", "x.test"), "--trust-store"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void badArgumentsExitWithUsageNamingTheValue(List<String> args, String named) {
    CliRun run = CliRun.run(resolver.factory(), args.toArray(String[]::new));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(named).contains("Usage: fedroute");
    assertThat(run.out()).isEmpty();
    assertThat(resolver.configs).isEmpty();
  }

  @Test
  void missingTrustStoreFileIsAnArgumentError(@TempDir Path dir) {
    String missing = dir.resolve("absent.p12").toString();

    CliRun run = CliRun.run(resolver.factory(), "--trust-store", missing, "x.test");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(missing).contains("not a readable file");
    assertThat(resolver.configs).isEmpty();
  }

  @Test
  void wrongTrustStorePasswordIsAnArgumentError(@TempDir Path dir) {
    Path file = TEST_CA.writeTrustStore(dir.resolve("trust.pkcs12"), "right", "PKCS12");

    CliRun run =
        CliRun.run(
            resolver.factory(),
            "--trust-store",
            file.toString(),
            "--trust-store-password",
            "wrong",
            "x.test");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(file.toString()).contains("PKCS12 or JKS");
    assertThat(resolver.configs).isEmpty();
  }

  @Test
  void aFileThatIsNoKeyStoreIsAnArgumentError(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

    CliRun run = CliRun.run(resolver.factory(), "--trust-store", file.toString(), "x.test");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(file.toString());
    assertThat(resolver.configs).isEmpty();
  }

  @Test
  void helpGoesToStdoutAndExitsZero() {
    CliRun run = CliRun.run(resolver.factory(), "--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("Usage: fedroute")
        .contains("SERVER_NAME")
        .contains("--dns=HOST[:PORT]")
        .contains("--trust-store=FILE")
        .contains("--trust-store-password=PW")
        .contains("--allow=CIDR")
        .contains("--no-well-known")
        .contains("--no-legacy-srv")
        .contains("--no-matrix-fed-srv")
        .contains("--timeout=DURATION")
        .contains("--json")
        .contains("--version")
        .doesNotContain("--well-known-port");
    assertThat(run.err()).isEmpty();
    assertThat(resolver.configs).isEmpty();
  }

  @Test
  void versionComesFromTheFilteredResource() {
    CliRun run = CliRun.run(resolver.factory(), "--version");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("fedroute ").doesNotContain("${").doesNotContain("unknown");
    assertThat(run.out().lines().findFirst().orElseThrow())
        .matches("fedroute \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void resolvedIsExitZeroAndTheResolverIsClosed() {
    Resolution canned = Fixtures.srvNoDelegation();
    RecordingResolver ok = new RecordingResolver(name -> CompletableFuture.completedFuture(canned));

    CliRun run = CliRun.run(ok.factory(), "--json", "c.example.test");

    assertThat(run.exit()).isZero();
    assertThat(run.json().getString("result")).isEqualTo("ok");
    assertThat(ok.closed).isEqualTo(1);
  }

  @Test
  void failedResolutionIsExitOneWithTheErrorObject() {
    CliRun run = CliRun.run(resolver.factory(), "--json", "x.test");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.json().getJsonObject("error").getString("code")).isEqualTo("connect_failure");
    assertThat(run.json().getJsonObject("error").getString("message"))
        .isEqualTo("recorded: x.test");
  }

  @Test
  void aResolverThatOverrunsItsDeadlineIsReportedAsTimeout() {
    RecordingResolver stuck = new RecordingResolver(name -> new CompletableFuture<>());

    CliRun run = CliRun.run(stuck.factory(), "--json", "--timeout", "50ms", "x.test");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.json().getJsonObject("error").getString("code")).isEqualTo("timeout");
    assertThat(run.json().getJsonObject("error").getString("message")).contains("x.test");
    assertThat(stuck.closed).isEqualTo(1);
  }

  @Test
  void aFailureWithoutErrorCodeIsAnInternalErrorOnStderr() {
    RecordingResolver broken =
        new RecordingResolver(
            name -> CompletableFuture.failedFuture(new IllegalStateException("bug 42")));

    CliRun run = CliRun.run(broken.factory(), "--json", "x.test");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("internal error").contains("bug 42");
    assertThat(run.out()).isEmpty();
    assertThat(broken.closed).isEqualTo(1);
  }
}
