package dev.fedroute.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class DnsTestServerTest {
  private DnsTestServer server;

  @BeforeEach
  void start() {
    server =
        DnsTestServer.start(
            "example.test. 600 IN SOA ns.example.test. admin.example.test. 1 3600 600 86400 120",
            "a.example.test. 300 IN A 127.0.20.1",
            "a.example.test. 300 IN A 127.0.20.2",
            "alias.example.test. 60 IN CNAME a.example.test.",
            "deep.sub.example.test. 300 IN AAAA 2001:db8::1");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void answersAOverUdpAndTcp() throws Exception {
    Message udp = query("a.example.test.", Type.A, false, false);
    Message tcp = query("a.example.test.", Type.A, true, false);

    for (Message m : List.of(udp, tcp)) {
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(m.getSection(Section.ANSWER))
          .extracting(Record::rdataToString)
          .containsExactlyInAnyOrder("127.0.20.1", "127.0.20.2");
    }
    assertThat(server.queryLog()).containsExactly("a.example.test A udp", "a.example.test A tcp");
    assertThat(server.queryCount("A.Example.Test", Type.A)).isEqualTo(2);
  }

  @Test
  void aLatencyDelaysEveryUdpAnswerAndResetsToNone() throws Exception {
    server.answerAfter(java.time.Duration.ofMillis(300));
    long started = System.nanoTime();
    Message slow = query("a.example.test.", Type.A, false, false);
    long slowNanos = System.nanoTime() - started;
    server.answerAfter(java.time.Duration.ZERO);

    assertThat(slow.getSection(Section.ANSWER)).hasSize(2);
    assertThat(java.time.Duration.ofNanos(slowNanos))
        .as("the answer waited for the latency")
        .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(300));
    assertThat(query("a.example.test.", Type.A, false, false).getSection(Section.ANSWER))
        .hasSize(2);
  }

  @Test
  void truncationSetsTcOverUdpOnlyAndTheResolverFallsBackToTcp() throws Exception {
    server.truncateUdp("a.example.test");

    Message raw = query("a.example.test.", Type.A, false, true);
    assertThat(raw.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(raw.getSection(Section.ANSWER)).isEmpty();

    server.resetCounts();
    Message followed = query("a.example.test.", Type.A, false, false);
    assertThat(followed.getSection(Section.ANSWER)).hasSize(2);
    assertThat(server.queryLog()).containsExactly("a.example.test A udp", "a.example.test A tcp");
  }

  @Test
  void negativeAnswersCarryTheSoa() throws Exception {
    Message nx = query("missing.example.test.", Type.A, false, false);
    Message nodata = query("a.example.test.", Type.AAAA, false, false);
    Message emptyNonTerminal = query("sub.example.test.", Type.A, false, false);

    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(emptyNonTerminal.getRcode()).isEqualTo(Rcode.NOERROR);
    for (Message m : List.of(nx, nodata, emptyNonTerminal)) {
      assertThat(m.getSection(Section.ANSWER)).isEmpty();
      assertThat(m.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(6);
    }
  }

  @Test
  void chasesCnameInsideTheZoneAndStopsAtOtherZones() throws Exception {
    server.addRecords(
        "other.test. 600 IN SOA ns.other.test. admin.other.test. 1 3600 600 86400 60",
        "b.other.test. 300 IN A 127.0.30.1",
        "out.example.test. 300 IN CNAME b.other.test.");

    Message inside = query("alias.example.test.", Type.A, false, false);
    Message outside = query("out.example.test.", Type.A, false, false);

    assertThat(inside.getSection(Section.ANSWER))
        .extracting(Record::getType)
        .containsExactly(Type.CNAME, Type.A, Type.A);
    assertThat(outside.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(outside.getSection(Section.ANSWER))
        .extracting(Record::getType)
        .containsExactly(Type.CNAME);
  }

  @Test
  void faultsAndCounts() throws Exception {
    server.failWith("a.example.test", Rcode.SERVFAIL);
    assertThat(query("a.example.test.", Type.A, false, false).getRcode()).isEqualTo(Rcode.SERVFAIL);

    server.clearFaults();
    server.dropQueries("a.example.test.");
    assertThatThrownBy(() -> query("a.example.test.", Type.A, false, false))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("Timed out");
    assertThat(server.queryCount("a.example.test", Type.A)).isEqualTo(2);

    server.resetCounts();
    assertThat(server.totalQueries()).isZero();
    assertThat(server.queryLog()).isEmpty();
  }

  @Test
  void answersManyConcurrentQueries() {
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTimeout(Duration.ofSeconds(5));
    List<CompletableFuture<Message>> answers =
        IntStream.range(0, 150)
            .mapToObj(i -> resolver.sendAsync(newQuery("a.example.test.", Type.A)))
            .map(stage -> stage.toCompletableFuture())
            .toList();

    assertThat(answers).allSatisfy(f -> assertThat(f.join().getRcode()).isZero());
    assertThat(server.queryCount("a.example.test", Type.A)).isEqualTo(150);
  }

  private Message query(String name, int type, boolean tcp, boolean ignoreTc) throws Exception {
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTCP(tcp);
    resolver.setIgnoreTruncation(ignoreTc);
    resolver.setTimeout(Duration.ofMillis(500));
    return resolver.send(newQuery(name, type));
  }

  private static Message newQuery(String name, int type) {
    return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
  }
}
