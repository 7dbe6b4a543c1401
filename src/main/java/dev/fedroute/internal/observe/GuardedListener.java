package dev.fedroute.internal.observe;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link FedrouteListener} that passes every callback on and swallows what the listener throws,
 * logging the first failure at WARNING: the resolver calls it in the middle of its work (inside
 * cache loaders and DNS completions), where an exception would leave a resolution hanging until its
 * deadline. Thread-safe.
 */
public final class GuardedListener implements FedrouteListener {
  private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());

  private final FedrouteListener delegate;
  private final AtomicBoolean warned = new AtomicBoolean();

  private GuardedListener(FedrouteListener delegate) {
    this.delegate = delegate;
  }

  /**
   * The listener guarded; {@link FedrouteListener#NONE}, guarded listeners and a {@link
   * ListenerList} (each of its listeners guarded already) as they are.
   *
   * @param listener the listener
   * @return a listener that never throws
   */
  public static FedrouteListener of(FedrouteListener listener) {
    Objects.requireNonNull(listener, "listener");
    return listener == NONE
            || listener instanceof GuardedListener
            || listener instanceof ListenerList
        ? listener
        : new GuardedListener(listener);
  }

  @Override
  public Resolving resolutionStarted(ServerName serverName) {
    try {
      Resolving r = delegate.resolutionStarted(serverName);
      return r == null || r == Resolving.NONE ? Resolving.NONE : new GuardedResolving(r);
    } catch (RuntimeException e) {
      return swallow(e, Resolving.NONE);
    }
  }

  @Override
  public void dnsQueried(String recordType, DnsStatus status) {
    run(() -> delegate.dnsQueried(recordType, status));
  }

  @Override
  public void wellKnownFetched(FetchOutcome outcome) {
    run(() -> delegate.wellKnownFetched(outcome));
  }

  @Override
  public void connectionFailed(ErrorCode code) {
    run(() -> delegate.connectionFailed(code));
  }

  @Override
  public void failedOver() {
    run(delegate::failedOver);
  }

  private void run(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      swallow(e, null);
    }
  }

  private <T> T swallow(RuntimeException e, T fallback) {
    if (warned.compareAndSet(false, true)) {
      LOG.log(
          Level.WARNING,
          "the Fedroute listener "
              + delegate.getClass().getName()
              + " failed; its failures are ignored (this one is logged, later ones are not)",
          e);
    }
    return fallback;
  }

  private final class GuardedResolving implements Resolving {
    private final Resolving delegate;

    GuardedResolving(Resolving delegate) {
      this.delegate = delegate;
    }

    @Override
    public Lookup lookupStarted(LookupKind kind, String name) {
      try {
        Lookup l = delegate.lookupStarted(kind, name);
        return l == null || l == Lookup.NONE ? Lookup.NONE : new GuardedLookup(l);
      } catch (RuntimeException e) {
        return swallow(e, Lookup.NONE);
      }
    }

    @Override
    public void resolved(Resolution resolution) {
      run(() -> delegate.resolved(resolution));
    }

    @Override
    public void failed(FedrouteException failure) {
      run(() -> delegate.failed(failure));
    }
  }

  private final class GuardedLookup implements Lookup {
    private final Lookup delegate;

    GuardedLookup(Lookup delegate) {
      this.delegate = delegate;
    }

    @Override
    public void finished(String outcome) {
      run(() -> delegate.finished(outcome));
    }
  }
}
