package dev.fedroute.testing;

import dev.fedroute.CachedDestination;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A resolver that hands every call to a real one: tests override what they watch or change (the
 * resolutions asked, the thread a resolution completes on).
 */
public class ForwardingResolver implements ServerNameResolver {
  /** The real resolver. */
  protected final ServerNameResolver delegate;

  /**
   * @param delegate the real resolver
   */
  public ForwardingResolver(ServerNameResolver delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletionStage<Resolution> resolve(ServerName serverName) {
    return delegate.resolve(serverName);
  }

  @Override
  public Optional<Resolution> cached(ServerName serverName) {
    return delegate.cached(serverName);
  }

  @Override
  public void invalidate(ServerName serverName) {
    delegate.invalidate(serverName);
  }

  @Override
  public void invalidateAll() {
    delegate.invalidateAll();
  }

  @Override
  public List<CachedDestination> cachedDestinations() {
    return delegate.cachedDestinations();
  }

  @Override
  public boolean resetBackoff(ServerName serverName) {
    return delegate.resetBackoff(serverName);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
