package dev.fedroute.hostile;

import static dev.fedroute.hostile.HostileWorld.SRV_TARGET;
import static dev.fedroute.hostile.HostileWorld.SRV_TARGET_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.hostile.HostileWorld.Expect;
import dev.fedroute.hostile.HostileWorld.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Rcode;

/**
 * Hostile and broken DNS answers, through the library and the CLI: failures of an SRV lookup count
 * as "no record" for choosing the next step, a failed address lookup of the final host is {@code
 * dns_failure}, truncated answers are asked again over TCP, CNAME loops and chains end, hundreds of
 * SRV records are ordered and every blocked address is dropped. Every {@code .well-known} here
 * answers 404, so the resolutions start at step 4.
 */
class HostileDnsTest {
  @RegisterExtension static final HostileWorld world = HostileWorld.start();

  /** A host with a failing {@code _matrix-fed._tcp} lookup: steps 5 and 6 follow. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SERVFAIL", "REFUSED", "timeout"})
  void aFailedSrvLookupCountsAsNoRecord(String fault) {
    String host = world.host("srv-" + fault.toLowerCase(java.util.Locale.ROOT));
    String srv = "_matrix-fed._tcp." + host;
    fail(srv, fault);

    List<Outcome> outcomes =
        world.expect(host, Expect.ok("6", List.of(host + ":8448=127.0.0.1"), "SRV " + srv));

    for (Outcome o : outcomes) {
      // The failed lookup ends by the DNS query timeout (1 s), not the resolution's deadline.
      assertThat(o.elapsed()).isLessThan(Duration.ofSeconds(5));
    }
  }

  /** The final host's address lookup failing, with nothing stale to serve: {@code dns_failure}. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SERVFAIL", "REFUSED", "timeout"})
  void aFailedAddressLookupOfTheFinalHostIsDnsFailure(String fault) {
    String host = "final-" + fault.toLowerCase(java.util.Locale.ROOT) + ".hostile.test";
    fail(host, fault);

    List<Outcome> outcomes = world.expect(host + ":8448", Expect.failure("dns_failure", host));

    for (Outcome o : outcomes) {
      assertThat(o.elapsed()).isLessThan(Duration.ofSeconds(5));
    }
  }

  private static void fail(String name, String fault) {
    switch (fault) {
      case "SERVFAIL" -> world.dns().failWith(name, Rcode.SERVFAIL);
      case "REFUSED" -> world.dns().failWith(name, Rcode.REFUSED);
      case "timeout" -> world.dns().dropQueries(name);
      default -> throw new IllegalArgumentException(fault);
    }
  }

  /**
   * Spoofed answers: one whose ID is not the query's, one answering another question (with an
   * address in a blocked range, 127.0.1.99). Neither is taken as the host's address.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"wrong ID", "another question"})
  void aSpoofedAnswerIsNeverTakenForTheHostsAddress(String spoof) {
    String host = "spoofed-" + (spoof.equals("wrong ID") ? "id" : "question") + ".hostile.test";
    world.dns().addRecords(host + ". 300 IN A 127.0.0.50");
    if (spoof.equals("wrong ID")) {
      world.dns().answerWithWrongId(host);
    } else {
      world.dns().answerAnotherQuestion(host);
    }

    for (Outcome o : world.expect(host + ":8448", Expect.failure("dns_failure", host))) {
      assertThat(o.elapsed()).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aTruncatedUdpAnswerIsAskedAgainOverTcp() {
    String host = world.host("truncated");
    world.dns().truncateUdp("_matrix-fed._tcp." + host);

    world.expect(host, Expect.ok("4", List.of(SRV_TARGET + ":8448=" + SRV_TARGET_IP), null));

    assertThat(world.dns().queryLog())
        .contains("_matrix-fed._tcp." + host + " SRV udp", "_matrix-fed._tcp." + host + " SRV tcp");
  }

  @Test
  void aCnameLoopEndsWithDnsFailure() {
    world
        .dns()
        .addRecords(
            "cname-a.hostile.test. 300 IN CNAME cname-b.hostile.test.",
            "cname-b.hostile.test. 300 IN CNAME cname-a.hostile.test.");

    world.expect("cname-a.hostile.test:8448", Expect.failure("dns_failure", "CNAME loop"));
  }

  @Test
  void eightCnamesAreFollowedButNotNine() {
    world.dns().addRecords(cnameChain("eight", 8).toArray(String[]::new));
    world.dns().addRecords(cnameChain("nine", 9).toArray(String[]::new));

    world.expect(
        "eight0.hostile.test:8448",
        Expect.ok("2", List.of("eight0.hostile.test:8448=127.0.0.40"), null));
    world.expect("nine0.hostile.test:8448", Expect.failure("dns_failure", "more than 8 CNAMEs"));
  }

  /** {@code <label>0} CNAME {@code <label>1} ... CNAME {@code <label>N}, which has an address. */
  private static List<String> cnameChain(String label, int cnames) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < cnames; i++) {
      lines.add(label + i + ".hostile.test. 300 IN CNAME " + label + (i + 1) + ".hostile.test.");
    }
    lines.add(label + cnames + ".hostile.test. 300 IN A 127.0.0.40");
    return lines;
  }

  @Test
  void twoHundredSrvRecordsAreAllOrderedByPriority() {
    String host = "many.hostile.test";
    List<String> zone = new ArrayList<>(List.of(host + ". 300 IN A 127.0.0.1"));
    for (int i = 0; i < 200; i++) {
      int priority = (i * 7) % 10;
      zone.add(
          "_matrix-fed._tcp."
              + host
              + ". 300 IN SRV "
              + priority
              + " 5 "
              + (20_000 + priority * 1000 + i)
              + " t"
              + i
              + ".many.hostile.test.");
      zone.add("t" + i + ".many.hostile.test. 300 IN A 127.0.0." + (10 + i % 200));
    }
    world.dns().addRecords(zone.toArray(String[]::new));

    // 200 targets are 400 address queries at once: the default query timeout (5 s), not the
    // world's short one, on a machine shared with other builds.
    for (Outcome o :
        world.expect(
            host,
            Expect.ok("4", null, "200 records"),
            b -> b.dnsQueryTimeout(Duration.ofSeconds(5)))) {
      assertThat(o.targets())
          .as("%s", o.trace().stream().filter(l -> !l.contains(": 127.0.0.")).toList())
          .hasSize(200);
      List<Integer> priorities =
          o.targets().stream()
              .map(t -> Integer.parseInt(t.substring(t.indexOf(':') + 1, t.indexOf('='))))
              .map(port -> (port - 20_000) / 1000)
              .toList();
      assertThat(priorities).isSorted();
    }
    assertThat(world.dns().queryLog()).contains("_matrix-fed._tcp." + host + " SRV tcp");
  }

  @Test
  void blockedSrvTargetsAreDroppedBesideAllowedOnes() {
    String host = "mixed.hostile.test";
    String srv = "_matrix-fed._tcp." + host + ". 300 IN SRV ";
    world
        .dns()
        .addRecords(
            host + ". 300 IN A 127.0.0.1",
            srv + "10 5 8448 blocked-only.hostile.test.",
            srv + "20 5 8448 both.hostile.test.",
            srv + "30 5 8448 allowed.hostile.test.",
            "blocked-only.hostile.test. 300 IN A 127.0.1.5",
            "blocked-only.hostile.test. 300 IN A 10.0.0.5",
            "both.hostile.test. 300 IN A 127.0.1.6",
            "both.hostile.test. 300 IN A 127.0.0.6",
            "both.hostile.test. 300 IN AAAA ::ffff:127.0.1.6",
            "allowed.hostile.test. 300 IN A 127.0.0.7");

    world.expect(
        host,
        Expect.ok(
            "4",
            List.of("both.hostile.test:8448=127.0.0.6", "allowed.hostile.test:8448=127.0.0.7"),
            "blocked, dropped: 127.0.1.5, 10.0.0.5"));
  }

  @Test
  void srvTargetsThatAreAllBlockedFailWithDestinationBlocked() {
    String host = "all-blocked.hostile.test";
    world
        .dns()
        .addRecords(
            host + ". 300 IN A 127.0.0.1",
            "_matrix-fed._tcp." + host + ". 300 IN SRV 10 5 8448 b1.hostile.test.",
            "_matrix-fed._tcp." + host + ". 300 IN SRV 20 5 8448 b2.hostile.test.",
            "b1.hostile.test. 300 IN A 127.0.1.8",
            "b2.hostile.test. 300 IN AAAA fe80::1",
            "b2.hostile.test. 300 IN AAAA 64:ff9b::7f00:0101");

    world.expect(host, Expect.failure("destination_blocked", "blocked, dropped"));
  }
}
