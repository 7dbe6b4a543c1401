package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution;
import dev.fedroute.testing.TestWorld;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * {@code --repeat N}: N resolutions in one JVM, each with a fresh resolver (every cache empty),
 * every run in {@code runs_ms} and their median as {@code elapsed_ms}; and {@code --no-look-ahead},
 * the strictly serial order.
 */
class FedrouteCliRepeatTest {
  private static final String NAME = "rep.example.test";
  private static TestWorld world;

  @BeforeAll
  static void start() {
    world =
        TestWorld.start(
            List.of(
                "rep.example.test. 300 IN A 127.0.0.1",
                "_matrix-fed._tcp.rep-deleg.example.test. 300 IN SRV 10 5 8443"
                    + " rep-target.example.test.",
                "rep-target.example.test. 300 IN A 127.0.30.9"),
            NAME);
    world.wellKnown(NAME, "{\"m.server\": \"rep-deleg.example.test\"}");
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  private static String[] args(String... more) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--dns", "127.0.0.1:" + world.dns().address().getPort()));
    args.addAll(List.of("--well-known-port", String.valueOf(world.https().port())));
    args.addAll(List.of("--trust-store", world.trustStore().toString(), "--trust-store-password"));
    args.add("changeit");
    args.addAll(List.of("--allow", "127.0.0.0/8"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void everyRunStartsFromEmptyCachesAndTheMedianIsReported() {
    int fetches = world.https().requestCount();
    int srvQueries = world.dns().queryCount("_matrix-fed._tcp.rep-deleg.example.test", Type.SRV);

    CliRun run = CliRun.run(args("--json", "--repeat", "3", NAME));

    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject json = run.json();
    assertThat(json.getString("step")).isEqualTo("3.3");
    List<Long> runs =
        json.getJsonArray("runs_ms").getValuesAs(JsonNumber.class).stream()
            .map(JsonNumber::longValue)
            .toList();
    assertThat(runs).hasSize(3).allSatisfy(ms -> assertThat(ms).isNotNegative());
    assertThat(json.getJsonNumber("elapsed_ms").longValue())
        .as("the median of " + runs)
        .isEqualTo(runs.stream().sorted().toList().get(1));
    assertThat(world.https().requestCount() - fetches)
        .as("each run fetched .well-known itself")
        .isEqualTo(3);
    assertThat(
            world.dns().queryCount("_matrix-fed._tcp.rep-deleg.example.test", Type.SRV)
                - srvQueries)
        .as("each run asked DNS itself")
        .isEqualTo(3);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    Report one = Report.ok(resolution(), Duration.ofMillis(40));
    Report four =
        one.withRuns(
            List.of(
                Duration.ofMillis(10),
                Duration.ofMillis(90),
                Duration.ofMillis(30),
                Duration.ofMillis(40)));

    assertThat(four.elapsed()).isEqualTo(Duration.ofMillis(35));
    assertThat(four.runs()).hasSize(4).first().isEqualTo(Duration.ofMillis(10));
    assertThat(JsonReport.toJson(four).getJsonArray("runs_ms").toString())
        .isEqualTo("[10,90,30,40]");
  }

  @Test
  void theTextReportShowsEveryRun() {
    CliRun run = CliRun.run(args("--repeat", "2", NAME));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("Elapsed: +\\d+ ms \\(median of 2 runs, each with a");
  }

  @Test
  void eachRunHasItsOwnResolverClosedAfterIt() {
    RecordingResolver resolver =
        new RecordingResolver(name -> CompletableFuture.completedFuture(resolution()));

    CliRun run = CliRun.run(resolver.factory(), "--json", "--repeat", "4", "x.test");

    assertThat(run.exit()).isZero();
    assertThat(resolver.configs).hasSize(4);
    assertThat(resolver.closed).isEqualTo(4);
    assertThat(run.json().getJsonArray("runs_ms")).hasSize(4);
  }

  @Test
  void oneRunIsListedOnlyWhenRepeatIsGiven() {
    RecordingResolver once =
        new RecordingResolver(name -> CompletableFuture.completedFuture(resolution()));
    RecordingResolver repeatedOnce =
        new RecordingResolver(name -> CompletableFuture.completedFuture(resolution()));

    JsonObject plain = CliRun.run(once.factory(), "--json", "x.test").json();
    JsonObject one = CliRun.run(repeatedOnce.factory(), "--json", "--repeat", "1", "x.test").json();

    assertThat(plain.containsKey("runs_ms"))
        .as("the output without --repeat is unchanged")
        .isFalse();
    assertThat(one.getJsonArray("runs_ms")).hasSize(1);
    assertThat(one.getJsonArray("runs_ms").getJsonNumber(0).longValue())
        .isEqualTo(one.getJsonNumber("elapsed_ms").longValue());
  }

  @Test
  void aRepeatCountOutsideOneToAThousandIsAUsageError() {
    for (String bad : List.of("0", "-2", "1001", "many")) {
      RecordingResolver resolver =
          new RecordingResolver(name -> CompletableFuture.completedFuture(resolution()));

      CliRun run = CliRun.run(resolver.factory(), "--repeat", bad, "x.test");

      assertThat(run.exit()).as(bad).isEqualTo(2);
      assertThat(run.err()).as(bad).contains("--repeat");
      assertThat(resolver.configs).as(bad).isEmpty();
    }
  }

  @Test
  void noLookAheadAsksForTheStrictlySerialOrder() {
    RecordingResolver serial =
        new RecordingResolver(name -> CompletableFuture.completedFuture(resolution()));
    RecordingResolver ahead =
        new RecordingResolver(name -> CompletableFuture.completedFuture(resolution()));

    CliRun.run(serial.factory(), "--no-look-ahead", "x.test");
    CliRun.run(ahead.factory(), "x.test");

    assertThat(serial.config().dns().lookAhead()).isFalse();
    assertThat(ahead.config().dns().lookAhead()).isTrue();
  }

  @Test
  void aDeniedServerNameIsAnErrorWithItsCodeAndNoNetworkTraffic() {
    int queries = world.dns().totalQueries();
    int requests = world.https().requestCount();

    CliRun denied = CliRun.run(args("--json", "--server-deny", "*.example.test", NAME));
    CliRun notAllowed = CliRun.run(args("--json", "--server-allow", "friends.test", NAME));

    assertThat(denied.exit()).isEqualTo(1);
    assertThat(denied.json().getString("result")).isEqualTo("error");
    assertThat(denied.json().getJsonObject("error").getString("code"))
        .isEqualTo("destination_denied");
    assertThat(denied.json().getJsonObject("error").getString("message"))
        .isEqualTo(NAME + " is denied (pattern *.example.test)");
    assertThat(notAllowed.exit()).isEqualTo(1);
    assertThat(notAllowed.json().getJsonObject("error").getString("code"))
        .isEqualTo("destination_denied");
    assertThat(world.dns().totalQueries()).as("DNS queries").isEqualTo(queries);
    assertThat(world.https().requestCount()).as("HTTP requests").isEqualTo(requests);

    CliRun allowed =
        CliRun.run(
            args("--json", "--server-allow", "*.example.test", "--server-deny", "x.test", NAME));

    assertThat(allowed.exit()).as(allowed.err()).isZero();
    assertThat(allowed.json().getString("step")).isEqualTo("3.3");
    assertThat(world.https().requestCount() - requests).as("its .well-known fetch").isEqualTo(1);
  }

  @Test
  void anOverrideStandsForTheWellKnownAnswer() {
    int requests = world.https().requestCount();

    CliRun run =
        CliRun.run(
            args(
                "--json",
                "--override",
                "other.example.test=rep-deleg.example.test",
                "other.example.test"));

    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject json = run.json();
    assertThat(json.getString("step")).isEqualTo("3.3");
    assertThat(json.getString("host_header")).isEqualTo("rep-deleg.example.test");
    assertThat(json.getJsonObject("well_known").getString("outcome")).isEqualTo("overridden");
    assertThat(json.getJsonObject("well_known").getString("m_server"))
        .isEqualTo("rep-deleg.example.test");
    assertThat(world.https().requestCount()).as("nothing fetched").isEqualTo(requests);
  }

  @Test
  void aBadOverrideIsAUsageError() {
    for (String bad : List.of("no-equals.test", "a.test=b_c.test", "=b.test")) {
      RecordingResolver resolver =
          new RecordingResolver(name -> CompletableFuture.completedFuture(resolution()));

      CliRun run = CliRun.run(resolver.factory(), "--override", bad, "x.test");

      assertThat(run.exit()).as(bad).isEqualTo(2);
      assertThat(run.err()).as(bad).contains("--override \"" + bad + "\"");
    }
    RecordingResolver resolver =
        new RecordingResolver(name -> CompletableFuture.completedFuture(resolution()));
    CliRun withPort = CliRun.run(resolver.factory(), "--override", "a.test:8448=b.test", "x.test");
    assertThat(withPort.exit()).as(withPort.err() + withPort.out()).isEqualTo(2);
    assertThat(withPort.err()).contains("a DNS name without a port");
  }

  @Test
  void aBadPatternIsAUsageError() {
    RecordingResolver resolver =
        new RecordingResolver(name -> CompletableFuture.completedFuture(resolution()));

    CliRun run = CliRun.run(resolver.factory(), "--server-deny", "example.org:8448", "x.test");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("--server-deny: \"example.org:8448\" is not a server name pattern");
    assertThat(resolver.configs).isEmpty();
  }

  private static Resolution resolution() {
    return world
        .resolver(b -> b.wellKnownEnabled(false))
        .resolveBlocking("rep-target.example.test:8448");
  }
}
