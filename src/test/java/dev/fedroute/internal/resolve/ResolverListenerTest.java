package dev.fedroute.internal.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.Step;
import dev.fedroute.internal.observe.GuardedListener;
import dev.fedroute.testing.CapturedLog;
import dev.fedroute.testing.FailingListener;
import dev.fedroute.testing.TestWorld;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resolver's listener seam in a plain JVM ({@link ServerNameResolver#create(
 * dev.fedroute.FedrouteConfig, FedrouteListener)}), against loopback DNS and {@code .well-known}:
 * what it hears of cold and cached resolutions, DNS queries counted as the DNS server counts them,
 * and a listener that throws changes nothing.
 */
class ResolverListenerTest {
  private static TestWorld world;

  @BeforeAll
  static void start() {
    world =
        TestWorld.start(
            List.of(
                "deleg.example.test. 300 IN A 127.0.0.1",
                "_matrix-fed._tcp.hs.example.test. 300 IN SRV 10 5 8448 fed.example.test.",
                "fed.example.test. 300 IN A 127.0.0.5",
                "_matrix-fed._tcp.gone.example.test. 300 IN SRV 0 0 0 ."),
            "deleg.example.test");
    world.wellKnown("deleg.example.test", "{\"m.server\":\"hs.example.test\"}");
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @BeforeEach
  void resetCounts() {
    world.dns().resetCounts();
  }

  @Test
  void aColdResolutionIsHeardWithItsLookupsACachedOneIsNot() {
    Recording heard = new Recording();
    try (ServerNameResolver resolver =
        ServerNameResolver.create(world.config().dnsLookAhead(false).build(), heard)) {
      Resolution r = resolver.resolveBlocking("deleg.example.test");
      resolver.resolveBlocking("deleg.example.test");

      assertThat(r.step()).isEqualTo(Step.DELEGATED_SRV);
      assertThat(heard.events)
          .containsExactly(
              "start deleg.example.test",
              "lookup WELL_KNOWN deleg.example.test",
              "fetched DELEGATED",
              "finished WELL_KNOWN deleg.example.test: delegated",
              "lookup SRV _matrix-fed._tcp.hs.example.test",
              "dns SRV FOUND",
              "finished SRV _matrix-fed._tcp.hs.example.test: found",
              "lookup ADDRESSES fed.example.test",
              "finished ADDRESSES fed.example.test: found",
              "resolved 3.3");
      assertThat(heard.dnsQueries)
          .as("every DNS lookup sent is heard once: as many as the DNS server received")
          .hasSize(world.dns().totalQueries())
          .containsExactlyInAnyOrder(
              "A FOUND", "AAAA NOT_FOUND", "SRV FOUND", "A FOUND", "AAAA NOT_FOUND");
    }
  }

  @Test
  void aFailedResolutionIsHeardWithItsCode() {
    Recording heard = new Recording();
    try (ServerNameResolver resolver =
        ServerNameResolver.create(world.config().wellKnownEnabled(false).build(), heard)) {
      Throwable failure = catchThrowable(() -> resolver.resolveBlocking("nowhere.example.test"));

      assertThat(((FedrouteException) failure).code()).isEqualTo(ErrorCode.NO_ADDRESS);
      assertThat(heard.events).first().isEqualTo("start nowhere.example.test");
      assertThat(heard.events).last().isEqualTo("failed no_address");
    }
  }

  @Test
  void anSrvTargetDotIsHeardAsAnUnavailableLookup() {
    Recording heard = new Recording();
    // Serial lookups: with look-ahead the legacy _matrix._tcp query runs ahead and its dnsQueried
    // (a resolver-wide event) may be heard after the resolution failed.
    try (ServerNameResolver resolver =
        ServerNameResolver.create(
            world.config().wellKnownEnabled(false).dnsLookAhead(false).build(), heard)) {
      Throwable failure = catchThrowable(() -> resolver.resolveBlocking("gone.example.test"));

      assertThat(((FedrouteException) failure).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
      assertThat(heard.events)
          .contains("finished SRV _matrix-fed._tcp.gone.example.test: unavailable")
          .last()
          .isEqualTo("failed service_unavailable");
    }
  }

  @Test
  void aListenerThatThrowsChangesNothingAndIsLoggedOnce() {
    FedrouteListener throwing = new FailingListener();
    List<LogRecord> logged;
    try (CapturedLog log = CapturedLog.of(GuardedListener.class.getName());
        ServerNameResolver resolver = ServerNameResolver.create(world.config().build(), throwing)) {
      assertThat(resolver.resolveBlocking("deleg.example.test").step())
          .isEqualTo(Step.DELEGATED_SRV);
      logged = log.records();
    }
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(logged.get(0).getMessage()).contains("listener").contains("failed");
  }

  /** Writes down what it hears, in order. */
  private static final class Recording implements FedrouteListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> dnsQueries = new CopyOnWriteArrayList<>();

    @Override
    public Resolving resolutionStarted(ServerName serverName) {
      events.add("start " + serverName);
      return new Resolving() {
        @Override
        public Lookup lookupStarted(LookupKind kind, String name) {
          events.add("lookup " + kind + " " + name);
          return new Lookup() {
            @Override
            public void finished(String outcome) {
              events.add("finished " + kind + " " + name + ": " + outcome);
            }
          };
        }

        @Override
        public void resolved(Resolution resolution) {
          events.add("resolved " + resolution.step());
        }

        @Override
        public void failed(FedrouteException failure) {
          events.add("failed " + failure.code());
        }
      };
    }

    @Override
    public void dnsQueried(String recordType, DnsStatus status) {
      dnsQueries.add(recordType + " " + status);
      if (recordType.equals("SRV")) {
        events.add("dns " + recordType + " " + status);
      }
    }

    @Override
    public void wellKnownFetched(FetchOutcome outcome) {
      events.add("fetched " + outcome);
    }
  }
}
