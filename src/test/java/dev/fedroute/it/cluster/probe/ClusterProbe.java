package dev.fedroute.it.cluster.probe;

import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * What the cluster tests ask each node: resolve a name with the application's injected resolver,
 * and read or write the server's JCache directly (to see that the nodes formed one grid).
 */
@Path("/")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class ClusterProbe {
  @Inject ServerNameResolver resolver;

  /**
   * Resolves a server name.
   *
   * @param name the server name
   * @return {@code ok <step> <tls name> <targets>} or {@code error <code>}
   */
  @GET
  @Path("resolve/{name}")
  public String resolve(@PathParam("name") String name) {
    try {
      Resolution r = resolver.resolveBlocking(ServerName.parse(name), Duration.ofSeconds(20));
      return "ok "
          + r.step().label()
          + " "
          + r.tlsServerName()
          + " "
          + r.targets().stream().map(Object::toString).collect(Collectors.joining("; "));
    } catch (FedrouteException e) {
      return "error " + e.code().code();
    }
  }

  /**
   * Reads a key of a cache of the server's JCache.
   *
   * @param cache the cache name
   * @param key the key
   * @return the value, or an empty body
   * @throws NamingException without a CacheManager
   */
  @GET
  @Path("grid")
  public String read(@QueryParam("cache") String cache, @QueryParam("key") String key)
      throws NamingException {
    String value = cache(cache).get(key);
    return value == null ? "" : value;
  }

  /**
   * Writes a key of a cache of the server's JCache.
   *
   * @param cache the cache name
   * @param key the key
   * @param value the value
   * @return {@code stored}
   * @throws NamingException without a CacheManager
   */
  @PUT
  @Path("grid")
  public String write(
      @QueryParam("cache") String cache, @QueryParam("key") String key, String value)
      throws NamingException {
    cache(cache).put(key, value);
    return "stored";
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
