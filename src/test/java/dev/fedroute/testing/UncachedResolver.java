package dev.fedroute.testing;

import dev.fedroute.CachedDestination;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import java.util.List;
import java.util.Optional;

/**
 * A stand-in resolver for tests of the code around a resolver (the CLI's wiring, the interface's
 * own methods): it caches nothing, so it has nothing to list, invalidate or reset.
 */
public interface UncachedResolver extends ServerNameResolver {
  @Override
  default Optional<Resolution> cached(ServerName serverName) {
    return Optional.empty();
  }

  @Override
  default void invalidate(ServerName serverName) {}

  @Override
  default void invalidateAll() {}

  @Override
  default List<CachedDestination> cachedDestinations() {
    return List.of();
  }

  @Override
  default boolean resetBackoff(ServerName serverName) {
    return false;
  }

  @Override
  default void close() {}
}
