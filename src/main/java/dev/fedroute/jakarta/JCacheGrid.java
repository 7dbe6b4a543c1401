package dev.fedroute.jakarta;

import dev.fedroute.SharedCache;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;

/**
 * The shared cache on a JCache (JSR-107) cache of the server's own {@code CacheManager}, found by
 * JNDI (Payara binds its Hazelcast-backed manager to {@value #JNDI_NAME}). Keys and values are
 * strings; the cache is created when missing, with every entry expiring at most the given lifetime
 * after it was written (JCache has no lifetime per entry: each value carries its own expiry).
 * Loaded only when the JCache API is visible (see {@link SharedCaches}). Thread-safe as the cache.
 */
final class JCacheGrid implements SharedCache {
  /** Where Payara binds its JCache {@code CacheManager}. */
  static final String JNDI_NAME = "payara/CacheManager";

  private static final System.Logger LOG = System.getLogger(JCacheGrid.class.getName());

  private final Cache<String, String> cache;
  private final Duration timeout;

  private JCacheGrid(Cache<String, String> cache, Duration timeout) {
    this.cache = cache;
    this.timeout = timeout;
  }

  /**
   * The shared cache on the server's {@code CacheManager}, or empty when JNDI has none.
   *
   * @param settings the cache name and timeout
   * @param longestLifetime the most any entry is kept
   * @return the shared cache
   */
  static Optional<SharedCache> lookup(ClusterSettings settings, Duration longestLifetime) {
    Optional<CacheManager> manager = SharedCaches.jndi(JNDI_NAME, CacheManager.class);
    if (manager.isEmpty()) {
      return Optional.empty();
    }
    Cache<String, String> cache = cache(manager.get(), settings.cache(), longestLifetime);
    LOG.log(
        Level.INFO,
        "Fedroute shares its caches through the JCache cache {0} of {1}",
        settings.cache(),
        JNDI_NAME);
    return Optional.of(new JCacheGrid(cache, settings.timeout()));
  }

  private static Cache<String, String> cache(CacheManager manager, String name, Duration most) {
    Cache<String, String> cache = manager.getCache(name, String.class, String.class);
    if (cache != null) {
      return cache;
    }
    MutableConfiguration<String, String> config =
        new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setStoreByValue(true)
            .setExpiryPolicyFactory(
                CreatedExpiryPolicy.factoryOf(
                    new javax.cache.expiry.Duration(TimeUnit.SECONDS, most.toSeconds())));
    try {
      return manager.createCache(name, config);
    } catch (CacheException e) {
      // another node (or deployment) created it meanwhile
      Cache<String, String> created = manager.getCache(name, String.class, String.class);
      if (created == null) {
        throw e;
      }
      return created;
    }
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(cache.get(key));
  }

  @Override
  public void put(String key, String value, Duration lifetime) {
    cache.put(key, value);
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
