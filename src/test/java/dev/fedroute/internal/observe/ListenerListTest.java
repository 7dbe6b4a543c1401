package dev.fedroute.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.ServerName;
import dev.fedroute.testing.CapturedLog;
import dev.fedroute.testing.FailingListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Several listeners heard as one (the CDI listener beans of {@code FedrouteResolver}): every
 * callback, those of a resolution and its lookups included, reaches each listener in order, and one
 * that throws keeps none of the others from hearing.
 */
class ListenerListTest {
  private static final ServerName NAME = ServerName.parse("hs.example.test");

  @Test
  void noListenerIsNoneAndOneIsThatListenerGuarded() {
    Recording one = new Recording("one");
    assertThat(ListenerList.of(List.of())).isSameAs(FedrouteListener.NONE);
    assertThat(ListenerList.of(List.of(FedrouteListener.NONE))).isSameAs(FedrouteListener.NONE);
    assertThat(ListenerList.of(List.of(FedrouteListener.NONE, one)))
        .isInstanceOf(GuardedListener.class);
  }

  @Test
  void aListIsNotGuardedAgainByTheResolver() {
    FedrouteListener list = ListenerList.of(List.of(new Recording("a"), new Recording("b")));
    assertThat(list).isInstanceOf(ListenerList.class);
    assertThat(GuardedListener.of(list)).isSameAs(list);
  }

  @Test
  void everyCallbackReachesEachListenerInOrderPastOneThatThrows() {
    List<String> heard = new CopyOnWriteArrayList<>();
    FedrouteListener all =
        ListenerList.of(
            List.of(new Recording("a", heard), new FailingListener(), new Recording("b", heard)));

    List<String> logged;
    try (CapturedLog log = CapturedLog.of(GuardedListener.class.getName())) {
      FedrouteListener.Resolving resolving = all.resolutionStarted(NAME);
      resolving
          .lookupStarted(FedrouteListener.LookupKind.SRV, "_matrix-fed._tcp." + NAME)
          .finished("found");
      resolving.failed(new FedrouteException(ErrorCode.NO_ADDRESS, "none"));
      all.dnsQueried("SRV", FedrouteListener.DnsStatus.FOUND);
      all.wellKnownFetched(FedrouteListener.FetchOutcome.FAILED);
      all.connectionFailed(ErrorCode.TLS_FAILURE);
      all.failedOver();
      logged = log.records().stream().map(r -> r.getLevel().getName()).toList();
    }

    assertThat(heard)
        .containsExactly(
            "a start hs.example.test",
            "b start hs.example.test",
            "a lookup SRV",
            "b lookup SRV",
            "a finished found",
            "b finished found",
            "a failed no_address",
            "b failed no_address",
            "a dns SRV FOUND",
            "b dns SRV FOUND",
            "a fetched FAILED",
            "b fetched FAILED",
            "a connection tls_failure",
            "b connection tls_failure",
            "a failed over",
            "b failed over");
    assertThat(logged).as("the throwing listener, logged once").containsExactly("WARNING");
  }

  /** Writes down what it hears, prefixed with its name. */
  private static final class Recording implements FedrouteListener {
    private final String prefix;
    private final List<String> heard;

    Recording(String name) {
      this(name, new CopyOnWriteArrayList<>());
    }

    Recording(String name, List<String> heard) {
      this.prefix = name + " ";
      this.heard = heard;
    }

    @Override
    public Resolving resolutionStarted(ServerName serverName) {
      heard.add(prefix + "start " + serverName);
      return new Resolving() {
        @Override
        public Lookup lookupStarted(LookupKind kind, String name) {
          heard.add(prefix + "lookup " + kind);
          return new Lookup() {
            @Override
            public void finished(String outcome) {
              heard.add(prefix + "finished " + outcome);
            }
          };
        }

        @Override
        public void failed(FedrouteException failure) {
          heard.add(prefix + "failed " + failure.code());
        }
      };
    }

    @Override
    public void dnsQueried(String recordType, DnsStatus status) {
      heard.add(prefix + "dns " + recordType + " " + status);
    }

    @Override
    public void wellKnownFetched(FetchOutcome outcome) {
      heard.add(prefix + "fetched " + outcome);
    }

    @Override
    public void connectionFailed(ErrorCode code) {
      heard.add(prefix + "connection " + code);
    }

    @Override
    public void failedOver() {
      heard.add(prefix + "failed over");
    }
  }
}
