package dev.fedroute.internal.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Failure;
import dev.fedroute.WellKnownResult.Outcome;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestResponse.Framing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WellKnownFetchTest extends WellKnownTestBase {

  private void chain(int redirects, String finalHost) {
    int[] codes = {301, 302, 303, 307, 308};
    for (int i = 0; i < redirects; i++) {
      String next = i + 1 == redirects ? finalHost : "r" + (i + 1) + ".wk.test";
      serve("r" + i + ".wk.test", TestResponse.redirect(codes[i % 5], "https://" + next + PATH));
    }
    serve(finalHost, TestResponse.json(delegation("final.wk.test:8448")));
  }

  @Test
  void fetchesSendFedroutesUserAgentOrTheConfiguredOne() {
    server.route("ua.wk.test", PATH, r -> TestResponse.json("{\"m.server\":\"m.wk.test\"}"));
    server.route("ua2.wk.test", PATH, r -> TestResponse.json("{\"m.server\":\"m.wk.test\"}"));

    lookup("ua.wk.test");
    client(server.port(), b -> b.userAgent("Homeserver/3.0"))
        .lookup("ua2.wk.test")
        .toCompletableFuture()
        .join();

    assertThat(server.requests())
        .extracting(r -> r.header("User-Agent"))
        .containsExactly(FedrouteConfig.DEFAULT_USER_AGENT, "Homeserver/3.0");
  }

  @Test
  void chainOfThreeRedirectsIsFollowedWithEachHopsOwnSni() {
    chain(3, "end.wk.test");
    WellKnownResult r = lookup("r0.wk.test");
    assertThat(r.outcome()).isEqualTo(Outcome.DELEGATED);
    assertThat(r.mServer()).isEqualTo("final.wk.test:8448");
    assertThat(r.failure()).isNull();
    assertThat(r.redirects()).isEqualTo(3);
    assertThat(server.requests())
        .extracting(RecordedRequest::sni)
        .containsExactly("r0.wk.test", "r1.wk.test", "r2.wk.test", "end.wk.test");
    assertThat(server.requests()).extracting(RecordedRequest::connectionId).doesNotHaveDuplicates();
  }

  @Test
  void exactlyFiveRedirectsAreFollowed() {
    chain(5, "end.wk.test");
    assertThat(lookup("r0.wk.test").outcome()).isEqualTo(Outcome.DELEGATED);
    assertThat(server.requestCount()).isEqualTo(6);
  }

  @Test
  void aSixthRedirectMeansNoDelegation() {
    chain(6, "end.wk.test");
    WellKnownResult r = lookup("r0.wk.test");
    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.detail()).startsWith("too many redirects");
    assertThat(r.failure()).isEqualTo(Failure.REDIRECT_LIMIT);
    assertThat(r.redirects()).isEqualTo(5);
    assertThat(server.requestCount()).isEqualTo(6);
  }

  @Test
  void relativeRedirectStaysOnTheHost() {
    serve("rel.wk.test", TestResponse.redirect(302, "/other"));
    server.route("rel.wk.test", "/other", r -> TestResponse.json(delegation("m.wk.test")));
    assertThat(lookup("rel.wk.test").mServer()).isEqualTo("m.wk.test");
  }

  @Test
  void aLoopStopsAtOnce() {
    serve("l1.wk.test", TestResponse.redirect(302, "https://l2.wk.test" + PATH));
    serve("l2.wk.test", TestResponse.redirect(302, "https://L1.wk.test" + PATH));
    WellKnownResult r = lookup("l1.wk.test");
    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.detail()).isEqualTo("redirect loop");
    assertThat(r.failure()).isEqualTo(Failure.REDIRECT_LOOP);
    assertThat(r.status()).isEqualTo(302);
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void redirectToAnExplicitPortGoesToThatPort() {
    try (HttpsTestServer other = HttpsTestServer.https(leaf).start()) {
      other.route("p.wk.test", PATH, r -> TestResponse.json(delegation("m.wk.test:8448")));
      serve("o.wk.test", TestResponse.redirect(302, other.uri("p.wk.test", PATH).toString()));
      WellKnownResult r = lookup("o.wk.test");
      assertThat(r.outcome()).isEqualTo(Outcome.DELEGATED);
      assertThat(r.mServer()).isEqualTo("m.wk.test:8448");
      assertThat(server.requests()).extracting(RecordedRequest::sni).containsExactly("o.wk.test");
      assertThat(other.requests())
          .extracting(RecordedRequest::host)
          .containsExactly("p.wk.test:" + other.port());
    }
  }

  @Test
  void redirectToHttpIsNotFollowed() {
    try (HttpsTestServer http = HttpsTestServer.http().start()) {
      http.route(PATH, r -> TestResponse.json(delegation("m.wk.test")));
      serve("h.wk.test", TestResponse.redirect(301, http.uri("h.wk.test", PATH).toString()));
      WellKnownResult r = lookup("h.wk.test");
      assertThat(r.outcome()).isEqualTo(Outcome.NONE);
      assertThat(r.detail()).isEqualTo("redirect to http");
      assertThat(r.failure()).isEqualTo(Failure.REDIRECT_NOT_HTTPS);
      assertThat(http.requestCount()).isZero();
    }
  }

  @Test
  void redirectToABlockedAddressIsNotFollowed() {
    serve("b.wk.test", TestResponse.redirect(302, "https://blocked.wk.test" + PATH));
    serve("blocked.wk.test", TestResponse.json(delegation("m.wk.test")));
    WellKnownResult r = lookup("b.wk.test");
    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.detail()).isEqualTo("destination blocked");
    assertThat(r.failure()).isEqualTo(Failure.BLOCKED);
    assertThat(r.redirects()).isEqualTo(1);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void anAddressThatRefusesIsSkippedForTheNextOneWithTheSameSni() {
    serve("two.wk.test", TestResponse.json(delegation("m.wk.test")));
    WellKnownResult r = lookup("two.wk.test");
    assertThat(r.outcome()).isEqualTo(Outcome.DELEGATED);
    assertThat(server.requests()).extracting(RecordedRequest::sni).containsExactly("two.wk.test");
  }

  @Test
  void manyFetchesAtOnceShareTheClientsFewThreads() throws InterruptedException {
    int hosts = 60;
    client.close();
    Set<Thread> others = ioThreads();
    client = client(server.port(), b -> b);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    AtomicInteger mostIoThreads = new AtomicInteger();
    server.defaultHandler(
        r -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          Set<Thread> ours = ioThreads();
          ours.removeAll(others);
          mostIoThreads.accumulateAndGet(ours.size(), Math::max);
          sleep(300);
          inFlight.decrementAndGet();
          return TestResponse.json(delegation("m.wk.test"));
        });
    List<CompletableFuture<WellKnownResult>> all = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      all.add(client.lookup("many" + i + ".wk.test").toCompletableFuture());
    }
    assertThat(all)
        .as("requests received: %s", server.requestCount())
        .allSatisfy(f -> assertThat(f.join().outcome()).isEqualTo(Outcome.DELEGATED));
    assertThat(server.requestCount()).isEqualTo(hosts);
    // Most fetches waited for their answers together, yet no thread was held per fetch.
    assertThat(mostInFlight.get()).isGreaterThan(hosts / 2);
    assertThat(mostIoThreads.get()).isBetween(1, WellKnownFetcher.THREADS);
  }

  private static Set<Thread> ioThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("fedroute-wellknown"))
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aBlockedHostIsNeverContacted() {
    assertThat(lookup("blocked.wk.test").detail()).isEqualTo("destination blocked");
    assertThat(server.connectionCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = Framing.class,
      names = {"CONTENT_LENGTH", "CHUNKED"})
  void oversizedBodyIsNone(Framing framing) {
    serve("big.wk.test", TestResponse.oversizedJson("m.wk.test", 51_201, framing));
    WellKnownResult r = lookup("big.wk.test");
    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.detail()).isEqualTo("body over 51200 bytes");
    assertThat(r.failure()).isEqualTo(Failure.TOO_LARGE);
    assertThat(r.status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(
      value = Framing.class,
      names = {"CONTENT_LENGTH", "CHUNKED"})
  void bodyOfExactlyTheLimitIsAccepted(Framing framing) {
    serve("fit.wk.test", TestResponse.oversizedJson("m.wk.test", 51_200, framing));
    assertThat(lookup("fit.wk.test").mServer()).isEqualTo("m.wk.test");
  }

  @ParameterizedTest
  @EnumSource(
      value = Framing.class,
      names = {"CONTENT_LENGTH", "CHUNKED"})
  void drippingBodyEndsAtTheDeadline(Framing framing) {
    client.close();
    client = client(server.port(), b -> b.wellKnownTimeout(Duration.ofSeconds(1)));
    byte[] body = delegation("m.wk.test").getBytes(StandardCharsets.UTF_8);
    serve("drip.wk.test", TestResponse.drip(body, 1, Duration.ofMillis(200), framing));
    long start = System.nanoTime();
    WellKnownResult r = lookup("drip.wk.test");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.detail()).isEqualTo("timed out after 1 s");
    assertThat(r.failure()).isEqualTo(Failure.TIMEOUT);
    assertThat(took).isLessThan(Duration.ofSeconds(3)).isGreaterThan(Duration.ofMillis(900));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"m.server\":1}",
        "{\"m.server\":\"\"}",
        "{\"m.server\":\"bad_name.test\"}",
        "{\"m.server\":\"m.wk.test/path\"}",
        "{\"m.server\":\"m.wk.test\\r\\n\"}",
        "[\"m.wk.test\"]",
        "{bad json"
      })
  void invalidAnswersAreNone(String body) {
    serve("v.wk.test", TestResponse.json(body));
    WellKnownResult r = lookup("v.wk.test");
    assertThat(r.outcome()).isEqualTo(Outcome.NONE);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.mServer()).isNull();
    assertThat(r.detail()).isNotBlank();
    assertThat(r.failure())
        .isEqualTo(body.startsWith("{\"") ? Failure.INVALID_M_SERVER : Failure.INVALID_JSON);
  }

  @Test
  void untrustedCaIsNone() {
    TestCa other = TestCa.create("Untrusted CA");
    try (HttpsTestServer rogue = HttpsTestServer.https(other.issue("*.wk.test")).start()) {
      rogue.route(PATH, r -> TestResponse.json(delegation("m.wk.test")));
      client.close();
      client = client(rogue.port(), b -> b);
      WellKnownResult r = lookup("u.wk.test");
      assertThat(r.outcome()).isEqualTo(Outcome.NONE);
      assertThat(r.detail()).startsWith("TLS: ");
      assertThat(r.failure()).isEqualTo(Failure.TLS);
      assertThat(rogue.requestCount()).isZero();
    }
  }

  @Test
  void certificateForAnotherNameIsNone() {
    try (HttpsTestServer wrong = HttpsTestServer.https(ca.issue("other.test")).start()) {
      wrong.route(PATH, r -> TestResponse.json(delegation("m.wk.test")));
      client.close();
      client = client(wrong.port(), b -> b);
      WellKnownResult r = lookup("w.wk.test");
      assertThat(r.outcome()).isEqualTo(Outcome.NONE);
      assertThat(r.detail()).startsWith("TLS: ");
      assertThat(wrong.requestCount()).isZero();
    }
  }
}
