package dev.fedroute.jakarta;

import dev.fedroute.SharedCache;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;
import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * The shared cache on a cache of one of the server's own Infinispan cache containers, found by JNDI
 * (WildFly binds each container at {@code java:jboss/infinispan/container/<container>}; {@code
 * server-config/wildfly/fedroute-cluster.cli} adds the container {@code fedroute}, with the
 * server's JGroups transport). WildFly starts the caches of its configuration only for a deployment
 * that declares a resource reference to one, which a library cannot declare without failing every
 * deployment on a server lacking it; so when the container has no configuration of that name
 * (started or not), Fedroute defines its own: replicated, synchronous, at most {@value #MOST}
 * entries on the heap, stored as objects (as WildFly's own heap caches). A cache of that name the
 * server has started (a configuration of its own) is used as it is. Keys and values are strings,
 * which ProtoStream, the server's marshaller, carries natively; each entry is written with its own
 * lifespan. Loaded only when Infinispan's API is visible (see {@link SharedCaches}). Thread-safe as
 * the cache.
 */
final class InfinispanGrid implements SharedCache {
  private static final System.Logger LOG = System.getLogger(InfinispanGrid.class.getName());

  /** The most entries of the cache Fedroute defines. */
  static final int MOST = 100_000;

  private final Cache<String, String> cache;
  private final Duration timeout;

  private InfinispanGrid(Cache<String, String> cache, Duration timeout) {
    this.cache = cache;
    this.timeout = timeout;
  }

  /**
   * The shared cache of the server's container, or empty when JNDI has no such container.
   *
   * @param settings the container and cache names and the timeout
   * @return the shared cache
   */
  static Optional<SharedCache> lookup(ClusterSettings settings) {
    Optional<EmbeddedCacheManager> found =
        SharedCaches.jndi(
            SharedCaches.infinispanContainer(settings.container()), EmbeddedCacheManager.class);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    EmbeddedCacheManager manager = found.get();
    if (manager.getCacheConfiguration(settings.cache()) == null
        && !manager.cacheExists(settings.cache())) {
      define(manager, settings.cache());
    }
    Cache<String, String> cache = manager.getCache(settings.cache());
    LOG.log(
        Level.INFO,
        "Fedroute shares its caches through the Infinispan cache {0} of the container {1} ({2})",
        settings.cache(),
        settings.container(),
        cache.getCacheConfiguration().clustering().cacheMode());
    return Optional.of(new InfinispanGrid(cache, settings.timeout()));
  }

  private static void define(EmbeddedCacheManager manager, String cache) {
    try {
      manager.defineConfiguration(
          cache,
          new ConfigurationBuilder()
              .clustering()
              .cacheMode(CacheMode.REPL_SYNC)
              .memory()
              .maxCount(MOST)
              .encoding()
              .mediaType(MediaType.APPLICATION_OBJECT)
              .build());
    } catch (RuntimeException e) {
      if (manager.getCacheConfiguration(cache) == null) {
        throw e;
      }
      // another deployment on this server defined it meanwhile
    }
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(cache.get(key));
  }

  @Override
  public void put(String key, String value, Duration lifetime) {
    cache.put(key, value, Math.max(1, lifetime.toMillis()), TimeUnit.MILLISECONDS);
  }

  @Override
  public void remove(String key) {
    cache.remove(key);
  }

  @Override
  public Duration timeout() {
    return timeout;
  }
}
