package dev.fedroute.internal.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Outcome;
import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.internal.text.JoinedLines;
import dev.fedroute.testing.TestWorld;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of docs/resolution.md section 2, through real DNS and HTTPS on loopback. */
class ResolverStepsTest {
  private static final List<String> ZONE =
      List.of(
          "a.example.test. 300 IN A 127.0.20.1",
          "b.example.test. 300 IN A 127.0.0.1",
          "b-deleg.example.test. 300 IN A 127.0.20.3",
          "_matrix-fed._tcp.b-deleg.example.test. 300 IN SRV 10 5 8443 b-target.example.test.",
          "b-target.example.test. 300 IN A 127.0.20.4",
          "b-target.example.test. 300 IN AAAA ::1",
          "c.example.test. 300 IN A 127.0.20.5",
          "_matrix-fed._tcp.c.example.test. 300 IN SRV 10 5 8450 c1.example.test.",
          "_matrix-fed._tcp.c.example.test. 300 IN SRV 20 5 8451 c2.example.test.",
          "c1.example.test. 300 IN A 127.0.20.6",
          "c2.example.test. 300 IN A 127.0.20.7",
          "d.example.test. 300 IN A 127.0.20.8",
          "_matrix._tcp.d.example.test. 300 IN SRV 10 5 8452 d1.example.test.",
          "d1.example.test. 300 IN A 127.0.20.9",
          "e.example.test. 300 IN A 127.0.0.1",
          "f.example.test. 300 IN A 127.0.0.1",
          "f-deleg.example.test. 300 IN A 127.0.20.12",
          "g.example.test. 300 IN A 127.0.20.13",
          "_matrix-fed._tcp.g.example.test. 300 IN SRV 0 0 0 .",
          "h.example.test. 300 IN A 127.0.0.1",
          "i.example.test. 300 IN A 127.0.0.1",
          "i-deleg.example.test. 300 IN A 127.0.20.14",
          "_matrix._tcp.i-deleg.example.test. 300 IN SRV 1 1 8453 i-target.example.test.",
          "i-target.example.test. 300 IN A 127.0.20.15",
          "j.example.test. 300 IN A 127.0.0.1",
          "j-deleg.example.test. 300 IN A 127.0.20.16",
          "j-deleg.example.test. 300 IN AAAA ::1",
          "k.example.test. 300 IN A 127.0.0.1",
          "v6.example.test. 300 IN AAAA ::1",
          "_matrix-fed._tcp.cname.example.test. 300 IN SRV 1 1 8454 alias.example.test.",
          "alias.example.test. 300 IN CNAME real.example.test.",
          "real.example.test. 300 IN A 127.0.20.17",
          "_matrix-fed._tcp.half.example.test. 300 IN SRV 1 1 8455 blocked.example.test.",
          "_matrix-fed._tcp.half.example.test. 300 IN SRV 2 1 8456 open.example.test.",
          "blocked.example.test. 300 IN A 10.0.0.5",
          "open.example.test. 300 IN A 127.0.20.18",
          "_matrix-fed._tcp.allblocked.example.test. 300 IN SRV 1 1 8457 blocked.example.test.",
          "_matrix-fed._tcp.mixfail.example.test. 300 IN SRV 1 1 8458 blocked.example.test.",
          "_matrix-fed._tcp.mixfail.example.test. 300 IN SRV 2 1 8459 ghost.example.test.",
          "mixed.example.test. 300 IN A 10.0.0.6",
          "mixed.example.test. 300 IN A 127.0.20.19");

  private static TestWorld world;

  @BeforeAll
  static void start() {
    world =
        TestWorld.start(
            ZONE,
            "b.example.test",
            "e.example.test",
            "f.example.test",
            "h.example.test",
            "i.example.test",
            "j.example.test",
            "k.example.test");
    world.wellKnown("b.example.test", "{\"m.server\": \"b-deleg.example.test\"}");
    world.wellKnown("e.example.test", "{\"m.server\": \"not a server name\"}");
    world.wellKnown("f.example.test", "{\"m.server\": \"f-deleg.example.test:9000\"}");
    world.wellKnown("h.example.test", "{\"m.server\": \"127.0.20.60:8500\"}");
    world.wellKnown("i.example.test", "{\"m.server\": \"i-deleg.example.test\"}");
    world.wellKnown("j.example.test", "{\"m.server\": \"J-Deleg.example.test\"}");
    world.wellKnown("k.example.test", "{\"m.server\": \"[::1]\"}");
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  /** name, step, Host header, TLS name, SNI (null = none), targets as "host port addr,addr". */
  static Stream<Arguments> rows() {
    return Stream.of(
        row("127.0.20.50", "1", "127.0.20.50", "127.0.20.50", null, "127.0.20.50 8448 127.0.20.50"),
        row(
            "127.0.20.50:9",
            "1",
            "127.0.20.50:9",
            "127.0.20.50",
            null,
            "127.0.20.50 9 127.0.20.50"),
        row("[::1]:8449", "1", "[::1]:8449", "::1", null, "::1 8449 ::1"),
        row("[0:0::1]", "1", "[0:0::1]", "::1", null, "::1 8448 ::1"),
        row(
            "a.example.test:8500",
            "2",
            "a.example.test:8500",
            "a.example.test",
            "a.example.test",
            "a.example.test 8500 127.0.20.1"),
        row(
            "A.Example.TEST:8500",
            "2",
            "A.Example.TEST:8500",
            "a.example.test",
            "a.example.test",
            "a.example.test 8500 127.0.20.1"),
        row(
            "h.example.test",
            "3.1",
            "127.0.20.60:8500",
            "127.0.20.60",
            null,
            "127.0.20.60 8500 127.0.20.60"),
        row("k.example.test", "3.1", "[::1]", "::1", null, "::1 8448 ::1"),
        row(
            "f.example.test",
            "3.2",
            "f-deleg.example.test:9000",
            "f-deleg.example.test",
            "f-deleg.example.test",
            "f-deleg.example.test 9000 127.0.20.12"),
        row(
            "b.example.test",
            "3.3",
            "b-deleg.example.test",
            "b-deleg.example.test",
            "b-deleg.example.test",
            "b-target.example.test 8443 ::1,127.0.20.4"),
        row(
            "i.example.test",
            "3.4",
            "i-deleg.example.test",
            "i-deleg.example.test",
            "i-deleg.example.test",
            "i-target.example.test 8453 127.0.20.15"),
        row(
            "j.example.test",
            "3.5",
            "J-Deleg.example.test",
            "j-deleg.example.test",
            "j-deleg.example.test",
            "j-deleg.example.test 8448 ::1,127.0.20.16"),
        row(
            "c.example.test",
            "4",
            "c.example.test",
            "c.example.test",
            "c.example.test",
            "c1.example.test 8450 127.0.20.6",
            "c2.example.test 8451 127.0.20.7"),
        row(
            "d.example.test",
            "5",
            "d.example.test",
            "d.example.test",
            "d.example.test",
            "d1.example.test 8452 127.0.20.9"),
        row(
            "e.example.test",
            "6",
            "e.example.test",
            "e.example.test",
            "e.example.test",
            "e.example.test 8448 127.0.0.1"),
        row(
            "v6.example.test",
            "6",
            "v6.example.test",
            "v6.example.test",
            "v6.example.test",
            "v6.example.test 8448 ::1"),
        row(
            "cname.example.test",
            "4",
            "cname.example.test",
            "cname.example.test",
            "cname.example.test",
            "alias.example.test 8454 127.0.20.17"),
        row(
            "half.example.test",
            "4",
            "half.example.test",
            "half.example.test",
            "half.example.test",
            "open.example.test 8456 127.0.20.18"),
        row(
            "mixed.example.test:443",
            "2",
            "mixed.example.test:443",
            "mixed.example.test",
            "mixed.example.test",
            "mixed.example.test 443 127.0.20.19"));
  }

  private static Arguments row(
      String name, String step, String host, String tls, String sni, String... targets) {
    return Arguments.of(name, step, host, tls, sni, List.of(targets));
  }

  @ParameterizedTest(name = "{0} -> step {1}")
  @MethodSource("rows")
  void resolvesEachStep(
      String name, String step, String host, String tls, String sni, List<String> targets) {
    Resolution r = world.resolver().resolveBlocking(name);

    assertThat(r.step().label()).isEqualTo(step);
    assertThat(r.hostHeader()).isEqualTo(host);
    assertThat(r.tlsServerName()).isEqualTo(tls);
    assertThat(r.sni().orElse(null)).isEqualTo(sni);
    assertThat(r.targets().stream().map(ResolverStepsTest::describe))
        .containsExactlyElementsOf(targets);
  }

  /** override target, step, Host header, TLS name, SNI (null = none), the first target. */
  @ParameterizedTest(name = "override -> {0}: step {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "b-deleg.example.test, 3.3, b-deleg.example.test, b-deleg.example.test,"
            + " b-deleg.example.test, b-target.example.test 8443",
        "f-deleg.example.test:9000, 3.2, f-deleg.example.test:9000, f-deleg.example.test,"
            + " f-deleg.example.test, f-deleg.example.test 9000 127.0.20.12",
        "127.0.20.60:8500, 3.1, 127.0.20.60:8500, 127.0.20.60, null, 127.0.20.60 8500 127.0.20.60",
        "d.example.test, 3.4, d.example.test, d.example.test, d.example.test,"
            + " d1.example.test 8452 127.0.20.9",
        "a.example.test, 3.5, a.example.test, a.example.test, a.example.test,"
            + " a.example.test 8448 127.0.20.1"
      })
  void anOverrideActsLikeAValidWellKnownAnswerWithoutFetching(
      String mServer, String step, String host, String tls, String sni, String firstTarget) {
    ServerName name = ServerName.parse("overridden.example.test");
    var resolver = world.resolver(b -> b.overrides(Map.of(name, ServerName.parse(mServer))));
    int requests = world.https().requestCount();

    Resolution r = resolver.resolveBlocking(name, Duration.ofSeconds(5));

    assertThat(r.step().label()).isEqualTo(step);
    assertThat(r.hostHeader()).isEqualTo(host);
    assertThat(r.tlsServerName()).isEqualTo(tls);
    assertThat(r.sni().orElse(null)).isEqualTo(sni);
    assertThat(describe(r.targets().get(0))).startsWith(firstTarget);
    assertThat(r.wellKnown().outcome()).isEqualTo(WellKnownResult.Outcome.OVERRIDDEN);
    assertThat(r.wellKnown().mServer()).isEqualTo(mServer);
    assertThat(world.https().requestCount()).as("nothing fetched").isEqualTo(requests);
  }

  @org.junit.jupiter.api.Test
  void anOverrideObeysTheBlocklistAndOnlyItsOwnName() {
    var resolver =
        world.resolver(
            b ->
                b.overrides(
                    Map.of(ServerName.parse("ov.example.test"), ServerName.parse("10.0.0.1"))));

    assertThatThrownBy(() -> resolver.resolveBlocking("ov.example.test"))
        .satisfies(
            e ->
                assertThat(((FedrouteException) e).code())
                    .isEqualTo(ErrorCode.DESTINATION_BLOCKED));
    assertThat(resolver.resolveBlocking("b.example.test").wellKnown().outcome())
        .as("other names still fetch .well-known")
        .isEqualTo(WellKnownResult.Outcome.DELEGATED);
  }

  static Stream<String> everyName() {
    return Stream.concat(
        rows().map(a -> (String) a.get()[0]), failures().map(a -> (String) a.get()[0]));
  }

  /**
   * The look-ahead (DNS lookups started before the steps need them) gives exactly what the strictly
   * serial order gives: the same resolution (step, names, targets in order, validity, trace, the
   * {@code .well-known} outcome) or the same failure, with the same HTTP requests.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyName")
  void lookAheadAndSerialOrderAgree(String name) {
    int before = world.https().requestCount();
    Object serial = outcome(world.resolver(b -> b.dnsLookAhead(false)), name);
    int serialRequests = world.https().requestCount() - before;
    Object ahead = outcome(world.resolver(), name);
    int aheadRequests = world.https().requestCount() - before - serialRequests;

    assertThat(ahead).isEqualTo(serial);
    assertThat(aheadRequests).as("HTTP requests made").isEqualTo(serialRequests);
  }

  /** A resolution, or its failure as code, message and trace. */
  private static Object outcome(ServerNameResolver resolver, String name) {
    try {
      return resolver.resolveBlocking(name);
    } catch (FedrouteException e) {
      return List.of(e.code(), e.getMessage(), e.trace(), e.wellKnown());
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("failures")
  void failsWithTheRightCode(String name, ErrorCode code) {
    var resolver = world.resolver();
    assertThatThrownBy(() -> resolver.resolveBlocking(name))
        .isInstanceOf(FedrouteException.class)
        .satisfies(e -> assertThat(((FedrouteException) e).code()).isEqualTo(code))
        .hasMessageContaining(name);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("g.example.test", ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of("nothing.example.test", ErrorCode.NO_ADDRESS),
        Arguments.of("nothing.example.test:8448", ErrorCode.NO_ADDRESS),
        Arguments.of("10.0.0.1", ErrorCode.DESTINATION_BLOCKED),
        Arguments.of("[::ffff:10.0.0.1]:8448", ErrorCode.DESTINATION_BLOCKED),
        Arguments.of("allblocked.example.test", ErrorCode.DESTINATION_BLOCKED),
        Arguments.of("mixfail.example.test", ErrorCode.NO_ADDRESS),
        Arguments.of("a.example.test:0", ErrorCode.INVALID_SERVER_NAME));
  }

  @org.junit.jupiter.api.Test
  void wellKnownOutcomeIsReported() {
    Resolution delegated = world.resolver().resolveBlocking("b.example.test");
    assertThat(delegated.wellKnown().outcome()).isEqualTo(Outcome.DELEGATED);
    assertThat(delegated.wellKnown().status()).isEqualTo(200);
    assertThat(delegated.wellKnown().mServer()).isEqualTo("b-deleg.example.test");
    assertThat(delegated.srvRecords())
        .containsExactly(new Resolution.SrvRecord(10, 5, 8443, "b-target.example.test"));

    Resolution invalid = world.resolver().resolveBlocking("e.example.test");
    assertThat(invalid.wellKnown().outcome()).isEqualTo(Outcome.NONE);
    assertThat(invalid.wellKnown().status()).isEqualTo(200);
    assertThat(invalid.wellKnown().ttl().toSeconds()).isEqualTo(60);

    Resolution nothingListening = world.resolver().resolveBlocking("c.example.test");
    assertThat(nothingListening.wellKnown().outcome()).isEqualTo(Outcome.NONE);
    assertThat(nothingListening.wellKnown().status()).isNull();

    Resolution explicitPort = world.resolver().resolveBlocking("a.example.test:8500");
    assertThat(explicitPort.wellKnown().outcome()).isEqualTo(Outcome.SKIPPED);
  }

  @org.junit.jupiter.api.Test
  void aFailureCarriesTheStepsTakenAndTheWellKnownOutcome() {
    var resolver = world.resolver();
    assertThatThrownBy(() -> resolver.resolveBlocking("g.example.test"))
        .isInstanceOfSatisfying(
            FedrouteException.class,
            e -> {
              assertThat(e.wellKnown())
                  .hasValueSatisfying(w -> assertThat(w.outcome()).isEqualTo(Outcome.NONE));
              assertThat(e.trace())
                  .anyMatch(l -> l.startsWith("SRV _matrix-fed._tcp.g.example.test"));
            });
  }

  @org.junit.jupiter.api.Test
  void theTracesOfAResolutionAndOfAFailureAreKeptAsOneText() {
    var resolver = world.resolver();
    Resolution r = resolver.resolveBlocking("c.example.test");
    assertThat(r.trace()).isInstanceOf(JoinedLines.class).hasSizeGreaterThan(2);
    assertThatThrownBy(() -> resolver.resolveBlocking("g.example.test"))
        .isInstanceOfSatisfying(
            FedrouteException.class,
            e -> assertThat(e.trace()).isInstanceOf(JoinedLines.class).isNotEmpty());
  }

  @org.junit.jupiter.api.Test
  void theErrorNamesTheHostThatLacksAnAddress() {
    var resolver = world.resolver();
    assertThatThrownBy(() -> resolver.resolveBlocking("mixfail.example.test"))
        .hasMessageContaining("ghost.example.test");
  }

  @org.junit.jupiter.api.Test
  void cnameTargetIsNotedInTheTrace() {
    Resolution r = world.resolver().resolveBlocking("cname.example.test");
    assertThat(r.trace()).anyMatch(line -> line.contains("alias.example.test is a CNAME"));
  }

  @org.junit.jupiter.api.Test
  void blockedAddressesAreDroppedAndNoted() {
    Resolution r = world.resolver().resolveBlocking("mixed.example.test:443");
    assertThat(r.targets().get(0).addresses())
        .extracting(IpAddresses::toText)
        .containsExactly("127.0.20.19");
    assertThat(r.trace()).anyMatch(line -> line.contains("blocked") && line.contains("10.0.0.6"));
  }

  @org.junit.jupiter.api.Test
  void loopbackIsBlockedWithoutTheAllowlist() {
    var resolver = world.resolver(b -> b.allowlist(List.of()));
    assertThatThrownBy(() -> resolver.resolveBlocking("a.example.test:8500"))
        .satisfies(
            e ->
                assertThat(((FedrouteException) e).code())
                    .isEqualTo(ErrorCode.DESTINATION_BLOCKED));
  }

  static String describe(Target t) {
    return t.host()
        + " "
        + t.port()
        + " "
        + String.join(",", t.addresses().stream().map(IpAddresses::toText).toList());
  }
}
