package dev.fedroute.it.cluster.probe;

import dev.fedroute.jakarta.FedrouteResolver;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * The {@link GridProbe} on WildFly's Infinispan cache container {@code fedroute} ({@code
 * java:jboss/infinispan/container/fedroute}, which {@code
 * server-config/wildfly/fedroute-cluster.cli} adds). Its cache is the one Fedroute defines when its
 * resolver starts, so the resolver is started first. The modules it needs come with the Fedroute
 * jar's manifest.
 */
@Path("grid")
@RequestScoped
public class InfinispanProbe extends GridProbe {
  @Inject FedrouteResolver resolver;

  @Override
  String get(String cache, String key) throws NamingException {
    return cache(cache).get(key);
  }

  @Override
  void put(String cache, String key, String value) throws NamingException {
    cache(cache).put(key, value);
  }

  private Cache<String, String> cache(String name) throws NamingException {
    resolver.config(); // starts the resolver, which defines its cache
    EmbeddedCacheManager container =
        (EmbeddedCacheManager)
            new InitialContext().lookup("java:jboss/infinispan/container/fedroute");
    return container.getCache(name);
  }
}
