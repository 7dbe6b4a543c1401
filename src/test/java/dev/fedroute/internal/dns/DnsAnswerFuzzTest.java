package dev.fedroute.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.testing.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Fuzzing of the DNS answer handling: a fuzzed wire message is the DNS server's response to every
 * query of an SRV and an address lookup (the question's name is asked when it has one). dnsjava's
 * parser may refuse the bytes only with its {@link IOException}; the lookups then complete, at once
 * and without an exception, with a FOUND, NOT_FOUND or FAILED answer whose records, CNAME chain and
 * expiry hold together. Regression inputs:
 * src/test/resources/dev/fedroute/internal/dns/DnsAnswerFuzzTestInputs.
 */
@Tag("fuzz")
class DnsAnswerFuzzTest {
  private static final Name DEFAULT_NAME = Name.fromConstantString("hs.example.test.");
  private static final FakeClock CLOCK = new FakeClock();
  private static final WireAnswers SERVER = new WireAnswers();
  private static final DnsSettings SETTINGS =
      new DnsSettings(
          List.of(),
          Duration.ofSeconds(2),
          Duration.ofMinutes(5),
          Duration.ofHours(1),
          Duration.ofDays(1),
          Duration.ofMinutes(1),
          1000);
  private static final DnsClient DNS = new DnsClient(SETTINGS, CLOCK, SERVER);

  @FuzzTest(maxDuration = "3m")
  void dnsAnswer(@NotNull byte[] wire) throws Exception {
    Name asked = DEFAULT_NAME;
    try {
      Record question = new Message(wire).getQuestion();
      if (question != null && question.getName().isAbsolute()) {
        asked = question.getName();
      }
    } catch (IOException e) {
      // the typed refusal of dnsjava's parser: the lookups below see the same and answer FAILED
    }
    SERVER.answer(wire);
    DNS.invalidateAll();
    String name = QueryRunner.text(asked);
    Instant now = CLOCK.instant();

    SrvAnswer srv = DNS.srv(name).toCompletableFuture().get(5, TimeUnit.SECONDS);
    AddressAnswer addresses = DNS.addresses(name).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(srv.status()).isNotNull();
    if (srv.status() == LookupStatus.FOUND) {
      assertThat(srv.records()).isNotEmpty();
      for (SrvRecord r : srv.records()) {
        assertThat(r.port()).isBetween(0, 65535);
        assertThat(r.target()).isNotEmpty();
      }
    } else {
      assertThat(srv.records()).isEmpty();
    }
    assertThat(srv.expiresAt()).isAfterOrEqualTo(now);
    assertThat(addresses.status()).isNotNull();
    assertThat(addresses.addresses().isEmpty()).isEqualTo(addresses.status() != LookupStatus.FOUND);
    assertThat(addresses.cnameChain()).hasSizeLessThanOrEqualTo(QueryRunner.MAX_CNAME_HOPS);
    assertThat(addresses.expiresAt()).isAfterOrEqualTo(now);
  }
}
