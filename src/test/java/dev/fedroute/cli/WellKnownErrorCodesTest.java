package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Failure;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestResponse.Framing;
import dev.fedroute.testing.TestWorld;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code well_known.error} code, produced by a real fetch on loopback (DNS fixture, HTTPS
 * fixture with test-CA certificates), reported by the CLI in {@code --json} and text, and by the
 * library's {@link WellKnownResult#failure()}.
 */
class WellKnownErrorCodesTest {
  private static final String PATH = "/.well-known/matrix/server";
  private static TestWorld world;
  private static HttpsTestServer http;

  @BeforeAll
  static void start() {
    world =
        TestWorld.start(
            List.of(
                "t.wk.test. 300 IN A 127.0.0.1",
                "status.wk.test. 300 IN A 127.0.0.1",
                "json.wk.test. 300 IN A 127.0.0.1",
                "mserver.wk.test. 300 IN A 127.0.0.1",
                "large.wk.test. 300 IN A 127.0.0.1",
                "slow.wk.test. 300 IN A 127.0.0.1",
                "badcert.example.test. 300 IN A 127.0.0.1",
                "refused.wk.test. 300 IN A 127.0.0.2",
                "_matrix-fed._tcp.noaddr.wk.test. 300 IN SRV 10 1 8448 t.wk.test.",
                "blocked.wk.test. 300 IN A 10.0.0.1",
                "_matrix-fed._tcp.blocked.wk.test. 300 IN SRV 10 1 8448 t.wk.test.",
                "limit.wk.test. 300 IN A 127.0.0.1",
                "r1.wk.test. 300 IN A 127.0.0.1",
                "r2.wk.test. 300 IN A 127.0.0.1",
                "r3.wk.test. 300 IN A 127.0.0.1",
                "r4.wk.test. 300 IN A 127.0.0.1",
                "r5.wk.test. 300 IN A 127.0.0.1",
                "r6.wk.test. 300 IN A 127.0.0.1",
                "loop.wk.test. 300 IN A 127.0.0.1",
                "loop2.wk.test. 300 IN A 127.0.0.1",
                "plain.wk.test. 300 IN A 127.0.0.1"),
            "*.wk.test");
    http = HttpsTestServer.http().start();
    world.https().route("status.wk.test", PATH, r -> TestResponse.text(404, "not here"));
    world.https().route("json.wk.test", PATH, r -> TestResponse.text(200, "<html>"));
    world.wellKnown("mserver.wk.test", "{\"m.server\":\"bad_name.test\"}");
    world
        .https()
        .route(
            "large.wk.test",
            PATH,
            r -> TestResponse.oversizedJson("x.wk.test", 51_201, Framing.CONTENT_LENGTH));
    byte[] slow = "{\"m.server\":\"x.wk.test\"}".getBytes(StandardCharsets.UTF_8);
    world
        .https()
        .route(
            "slow.wk.test",
            PATH,
            r -> TestResponse.drip(slow, 1, Duration.ofMillis(200), Framing.CONTENT_LENGTH));
    world.wellKnown("badcert.example.test", "{\"m.server\":\"x.wk.test\"}");
    world
        .https()
        .route("limit.wk.test", PATH, r -> TestResponse.redirect(302, "https://r1.wk.test" + PATH));
    for (int i = 1; i <= 5; i++) {
      String next = "https://r" + (i + 1) + ".wk.test" + PATH;
      world.https().route("r" + i + ".wk.test", PATH, r -> TestResponse.redirect(301, next));
    }
    world.wellKnown("r6.wk.test", "{\"m.server\":\"x.wk.test\"}");
    world
        .https()
        .route(
            "loop.wk.test", PATH, r -> TestResponse.redirect(302, "https://loop2.wk.test" + PATH));
    world
        .https()
        .route(
            "loop2.wk.test", PATH, r -> TestResponse.redirect(307, "https://loop.wk.test" + PATH));
    world
        .https()
        .route(
            "plain.wk.test",
            PATH,
            r -> TestResponse.redirect(301, http.uri("plain.wk.test", PATH).toString()));
  }

  @AfterAll
  static void stop() {
    http.close();
    world.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("status.wk.test", Failure.HTTP_STATUS, "HTTP 404"),
        Arguments.of("json.wk.test", Failure.INVALID_JSON, "not a JSON object"),
        Arguments.of("mserver.wk.test", Failure.INVALID_M_SERVER, "m.server"),
        Arguments.of("large.wk.test", Failure.TOO_LARGE, "larger than the limit"),
        Arguments.of("slow.wk.test", Failure.TIMEOUT, "did not finish in time"),
        Arguments.of("badcert.example.test", Failure.TLS, "TLS handshake failed"),
        Arguments.of("refused.wk.test", Failure.CONNECT, "No connection"),
        Arguments.of("noaddr.wk.test", Failure.DNS, "has no address"),
        Arguments.of("blocked.wk.test", Failure.BLOCKED, "blocklist"),
        Arguments.of("limit.wk.test", Failure.REDIRECT_LIMIT, "too many times"),
        Arguments.of("loop.wk.test", Failure.REDIRECT_LOOP, "loop"),
        Arguments.of("plain.wk.test", Failure.REDIRECT_NOT_HTTPS, "leaves https"));
  }

  /**
   * The world's configuration with a 3 s .well-known deadline (a dripping answer needs 5 s), so the
   * timeout case is quick.
   */
  private static FedrouteConfig config(FedrouteConfig base) {
    return base.toBuilder().wellKnownTimeout(Duration.ofSeconds(3)).build();
  }

  private static CliRun cli(String... more) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--dns", "127.0.0.1:" + world.dns().address().getPort()));
    args.addAll(List.of("--allow", "127.0.0.0/8", "--allow", "::1/128"));
    args.addAll(List.of("--well-known-port", Integer.toString(world.https().port())));
    args.addAll(
        List.of(
            "--trust-store", world.trustStore().toString(), "--trust-store-password", "changeit"));
    args.addAll(Arrays.asList(more));
    Function<FedrouteConfig, ServerNameResolver> factory =
        c -> ServerNameResolver.create(config(c));
    return CliRun.run(factory, args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("cases")
  void eachCodeInTheJsonTheTextAndTheLibrary(String name, Failure code, String words) {
    CliRun json = cli("--json", name);
    CliRun text = cli(name);

    JsonObject wellKnown = json.json().getJsonObject("well_known");
    assertThat(wellKnown.getString("outcome")).as(json.out()).isEqualTo("none");
    assertThat(wellKnown.getString("error")).isEqualTo(code.label());
    assertThat(wellKnown.getString("detail")).contains(words);
    assertThat(text.out())
        .contains("error " + code.label())
        .containsPattern("(?m)^  Why: +.*" + java.util.regex.Pattern.quote(words));

    FedrouteConfig config = config(world.config().wellKnownPort(world.https().port()).build());
    try (ServerNameResolver resolver = ServerNameResolver.create(config)) {
      WellKnownResult result;
      try {
        result =
            resolver.resolveBlocking(ServerName.parse(name), Duration.ofSeconds(10)).wellKnown();
      } catch (FedrouteException e) {
        result = e.wellKnown().orElseThrow();
      }
      assertThat(result.failure()).isEqualTo(code);
      assertThat(result.failureCode()).contains(code);
      assertThat(result.outcome()).isEqualTo(WellKnownResult.Outcome.NONE);
    }
  }

  @Test
  void aDelegationHasNoErrorAndNoDetail() {
    world.wellKnown("ok.wk.test", "{\"m.server\":\"t.wk.test:8448\"}");
    world.dns().addRecords("ok.wk.test. 300 IN A 127.0.0.1");

    JsonObject wellKnown = cli("--json", "ok.wk.test").json().getJsonObject("well_known");

    assertThat(wellKnown.getString("outcome")).isEqualTo("delegated");
    assertThat(wellKnown.isNull("error")).isTrue();
    assertThat(wellKnown.isNull("detail")).isTrue();
    assertThat(cli("ok.wk.test").out()).doesNotContain("Why:");
  }

  @Test
  void labelsAreTheIssuesStableCodes() {
    assertThat(Arrays.stream(Failure.values()).map(Failure::label))
        .containsExactly(
            "http_status",
            "invalid_json",
            "invalid_m_server",
            "too_large",
            "timeout",
            "tls",
            "connect",
            "dns",
            "blocked",
            "redirect_limit",
            "redirect_loop",
            "redirect_not_https");
  }
}
