package dev.fedroute.internal.observe;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import java.util.ArrayList;
import java.util.List;

/**
 * Several listeners heard as one, in the given order, each guarded on its own ({@link
 * GuardedListener}), so that one that fails does not keep the others from hearing. Immutable and
 * thread-safe.
 */
public final class ListenerList implements FedrouteListener {
  private final List<FedrouteListener> listeners;

  private ListenerList(List<FedrouteListener> listeners) {
    this.listeners = listeners;
  }

  /**
   * One listener for all of them: {@link FedrouteListener#NONE} for none, the guarded listener for
   * one.
   *
   * @param listeners the listeners
   * @return a listener that never throws
   */
  public static FedrouteListener of(List<? extends FedrouteListener> listeners) {
    List<FedrouteListener> guarded = new ArrayList<>();
    for (FedrouteListener l : listeners) {
      if (l != NONE) {
        guarded.add(GuardedListener.of(l));
      }
    }
    return switch (guarded.size()) {
      case 0 -> NONE;
      case 1 -> guarded.get(0);
      default -> new ListenerList(List.copyOf(guarded));
    };
  }

  @Override
  public Resolving resolutionStarted(ServerName serverName) {
    List<Resolving> each = new ArrayList<>(listeners.size());
    listeners.forEach(l -> each.add(l.resolutionStarted(serverName)));
    return new Resolving() {
      @Override
      public Lookup lookupStarted(LookupKind kind, String name) {
        List<Lookup> lookups = new ArrayList<>(each.size());
        each.forEach(r -> lookups.add(r.lookupStarted(kind, name)));
        return new Lookup() {
          @Override
          public void finished(String outcome) {
            lookups.forEach(l -> l.finished(outcome));
          }
        };
      }

      @Override
      public void resolved(Resolution resolution) {
        each.forEach(r -> r.resolved(resolution));
      }

      @Override
      public void failed(FedrouteException failure) {
        each.forEach(r -> r.failed(failure));
      }
    };
  }

  @Override
  public void dnsQueried(String recordType, DnsStatus status) {
    listeners.forEach(l -> l.dnsQueried(recordType, status));
  }

  @Override
  public void wellKnownFetched(FetchOutcome outcome) {
    listeners.forEach(l -> l.wellKnownFetched(outcome));
  }

  @Override
  public void connectionFailed(ErrorCode code) {
    listeners.forEach(l -> l.connectionFailed(code));
  }

  @Override
  public void failedOver() {
    listeners.forEach(FedrouteListener::failedOver);
  }
}
