package dev.fedroute.hostile;

import static dev.fedroute.hostile.HostileWorld.DELEGATE;
import static dev.fedroute.hostile.HostileWorld.Expect.delegated;
import static dev.fedroute.hostile.HostileWorld.Expect.noDelegation;
import static dev.fedroute.hostile.HostileWorld.PATH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redirects of the {@code .well-known} fetch, through the library and the CLI: followed only to
 * {@code https}, at most 5, never in a loop, never to a blocked address, each hop's certificate
 * checked against that hop's own host (an IP literal against an IP SAN). A refused redirect means
 * no delegation: step 4.
 */
class HostileRedirectTest {
  private static final String VALID = "{\"m.server\":\"" + DELEGATE + "\"}";
  @RegisterExtension static final HostileWorld world = HostileWorld.start();
  private static HttpsTestServer ipSan;
  private static HttpsTestServer ipAsDnsSan;
  private static HttpsTestServer plainHttp;

  @BeforeAll
  static void start() {
    ipSan =
        HttpsTestServer.https(world.ca().leaf("ip").ip("127.0.0.2").issue())
            .bind("127.0.0.2", 0)
            .start();
    ipAsDnsSan =
        HttpsTestServer.https(world.ca().leaf("ip-as-dns").dns("127.0.0.3").issue())
            .bind("127.0.0.3", 0)
            .start();
    plainHttp = HttpsTestServer.http().start();
    for (HttpsTestServer s : new HttpsTestServer[] {ipSan, ipAsDnsSan, plainHttp}) {
      s.route(PATH, r -> TestResponse.json(VALID));
    }
  }

  @AfterAll
  static void stop() {
    ipSan.close();
    ipAsDnsSan.close();
    plainHttp.close();
  }

  @BeforeEach
  void forget() {
    world.wellKnown().clearRequests();
  }

  private static TestResponse redirect(int status, String location) {
    return TestResponse.redirect(status, location);
  }

  @Test
  void aRelativeRedirectIsFollowedOnTheSameHost() {
    String host = world.serving("relative", redirect(302, "/moved?x=1"));
    world.wellKnown().route(host, "/moved", r -> TestResponse.json(VALID));

    world.expect(host, delegated());

    assertThat(world.wellKnown().requests())
        .extracting(r -> r.target())
        .containsExactly(PATH, "/moved?x=1", PATH, "/moved?x=1");
  }

  @Test
  void aRedirectToAnHttpsIpLiteralIsFollowedWhenItsCertificateCarriesThatIp() {
    String host = world.serving("to-ip", redirect(307, "https://127.0.0.2:" + ipSan.port() + PATH));

    world.expect(host, delegated());

    assertThat(ipSan.requests()).hasSize(2).allMatch(r -> r.sni() == null);
  }

  @Test
  void anIpLiteralCarriedOnlyAsADnsSanIsRefused() {
    String host =
        world.serving(
            "to-ip-dns-san", redirect(302, "https://127.0.0.3:" + ipAsDnsSan.port() + PATH));

    world.expect(host, noDelegation("tls", "TLS: "));

    assertThat(ipAsDnsSan.connectionCount()).isPositive();
    assertThat(ipAsDnsSan.requestCount()).isZero();
  }

  @Test
  void aChainOfFiveRedirectsIsFollowedASixthIsNot() {
    String five = chain("five", 5);
    String six = chain("six", 6);

    world.expect(five, delegated());
    world.expect(six, noDelegation("redirect_limit", "too many redirects (more than 5)"));

    assertThat(world.wellKnown().requests())
        .filteredOn(r -> r.hostName().startsWith("six"))
        .hasSize(2 * 6);
  }

  /**
   * Hops {@code <label>0} to {@code <label>N}, each redirecting to the next by a different code.
   */
  private static String chain(String label, int redirects) {
    int[] codes = {301, 302, 303, 307, 308};
    for (int i = 0; i < redirects; i++) {
      String next = label + (i + 1) + "." + HostileWorld.DOMAIN;
      world.serving(label + i, redirect(codes[i % 5], "https://" + next + PATH));
    }
    world.serving(label + redirects, TestResponse.json(VALID));
    return label + "0." + HostileWorld.DOMAIN;
  }

  @Test
  void aLoopEndsAtOnce() {
    String a = world.host("loop-a");
    String b = world.host("loop-b");
    world.wellKnown().route(a, PATH, r -> TestResponse.redirect(302, "https://" + b + PATH));
    // The same URL in another spelling: the host in upper case.
    world
        .wellKnown()
        .route(b, PATH, r -> TestResponse.redirect(301, "https://LOOP-A.hostile.test" + PATH));

    world.expect(a, noDelegation("redirect_loop", "redirect loop"));

    assertThat(world.wellKnown().requests()).hasSize(2 * 2);
  }

  @Test
  void aRedirectToHttpIsNotFollowed() {
    String host =
        world.serving(
            "to-http", redirect(301, plainHttp.uri("to-http.hostile.test", PATH).toString()));

    world.expect(host, noDelegation("redirect_not_https", "redirect to http"));

    assertThat(plainHttp.connectionCount()).isZero();
  }

  @Test
  void aRedirectToABlockedAddressIsNeverConnectedTo() {
    world.dns().addRecords("blocked.hostile.test. 300 IN A " + HostileWorld.BLOCKED_IP);
    int port = world.trap().port();
    String byName =
        world.serving("to-blocked-name", redirect(302, "https://blocked.hostile.test" + PATH));
    String byLiteral =
        world.serving(
            "to-blocked-ip",
            redirect(302, "https://" + HostileWorld.BLOCKED_IP + ":" + port + PATH));
    String mapped =
        world.serving(
            "to-blocked-mapped",
            redirect(302, "https://[::ffff:" + HostileWorld.BLOCKED_IP + "]:" + port + PATH));

    world.expect(byName, noDelegation("blocked", "destination blocked"));
    world.expect(byLiteral, noDelegation("blocked", "destination blocked"));
    world.expect(mapped, noDelegation("blocked", "destination blocked"));

    assertThat(world.trap().connectionCount()).isZero();
  }

  @Test
  void aLocationThatIsNoUrlEndsTheFetch() {
    String host = world.serving("bad-location", redirect(302, "https://[not-an-address" + PATH));

    world.expect(host, noDelegation("http_status", "invalid redirect Location"));
  }

  @Test
  void aHugeLocationIsRefusedWithoutReadingItAll() {
    String host =
        world.serving(
            "huge-location", redirect(302, "https://deleg.hostile.test/" + "x".repeat(16 << 20)));

    world.expect(host, noDelegation("too_large", "response header over the limit"));
  }
}
