package dev.fedroute.it.cluster.probe;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The {@link GridProbe} on Payara's JCache ({@code payara/CacheManager}); caches created when
 * missing.
 */
@Path("grid")
@RequestScoped
public class JCacheProbe extends GridProbe {
  @Override
  String get(String cache, String key) throws NamingException {
    return cache(cache).get(key);
  }

  @Override
  void put(String cache, String key, String value) throws NamingException {
    cache(cache).put(key, value);
  }

  private static Cache<String, String> cache(String name) throws NamingException {
    CacheManager manager = (CacheManager) new InitialContext().lookup("payara/CacheManager");
    Cache<String, String> cache = manager.getCache(name, String.class, String.class);
    if (cache == null) {
      try {
        cache =
            manager.createCache(
                name,
                new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      } catch (javax.cache.CacheException e) {
        cache = manager.getCache(name, String.class, String.class);
      }
    }
    return cache;
  }
}
