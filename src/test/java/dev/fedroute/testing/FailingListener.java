package dev.fedroute.testing;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;

/**
 * A listener that throws from every callback, those of a resolution and its lookups included (its
 * {@link #resolutionStarted} returns a resolution listener that throws), to show that a faulty
 * listener changes nothing.
 */
public final class FailingListener implements FedrouteListener {
  private static RuntimeException failure() {
    return new IllegalStateException("listener failure on purpose");
  }

  @Override
  public Resolving resolutionStarted(ServerName serverName) {
    return new Resolving() {
      @Override
      public Lookup lookupStarted(LookupKind kind, String name) {
        throw failure();
      }

      @Override
      public void resolved(Resolution resolution) {
        throw failure();
      }

      @Override
      public void failed(FedrouteException failure) {
        throw failure();
      }
    };
  }

  @Override
  public void dnsQueried(String recordType, DnsStatus status) {
    throw failure();
  }

  @Override
  public void wellKnownFetched(FetchOutcome outcome) {
    throw failure();
  }

  @Override
  public void connectionFailed(ErrorCode code) {
    throw failure();
  }

  @Override
  public void failedOver() {
    throw failure();
  }
}
