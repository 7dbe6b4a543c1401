package dev.fedroute.jakarta;

import dev.fedroute.SharedCache;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the server's data grid for the shared cache ({@code fedroute.cluster.*}): a JCache {@code
 * CacheManager} by JNDI when the JCache API is visible to the application (Payara), else a cache of
 * the server's Infinispan cache container by JNDI when Infinispan's API is visible (WildFly,
 * through the optional module dependencies of the jar's manifest). A grid type is loaded only when
 * its API is visible, so a server without it never loads a class of it. Must run on a container
 * thread (JNDI). Stateless.
 */
final class SharedCaches {
  private static final System.Logger LOG = System.getLogger(SharedCaches.class.getName());

  private SharedCaches() {}

  /**
   * The shared cache the settings ask for.
   *
   * @param settings the cluster settings
   * @param longestLifetime the most any shared entry is kept
   * @return the shared cache, or empty when sharing is off or no grid is found (logged as a
   *     warning: each node then resolves alone)
   */
  static Optional<SharedCache> lookup(ClusterSettings settings, Duration longestLifetime) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    Optional<SharedCache> found = Optional.empty();
    try {
      if (visible("javax.cache.CacheManager")) {
        found = JCacheGrid.lookup(settings, longestLifetime);
      }
      if (found.isEmpty() && visible("org.infinispan.manager.EmbeddedCacheManager")) {
        found = InfinispanGrid.lookup(settings);
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "the server's data grid could not be used", e);
      found = Optional.empty();
    }
    if (found.isEmpty()) {
      LOG.log(
          Level.WARNING,
          "fedroute.cluster.enabled is true but the server offers no data grid Fedroute can use"
              + " (a JCache CacheManager at {0}, or the Infinispan cache {1} at {2}); this node caches"
              + " on its own",
          JCacheGrid.JNDI_NAME,
          settings.cache(),
          infinispanContainer(settings.container()));
    }
    return found;
  }

  /**
   * Where WildFly binds an Infinispan cache container (here, not in {@link InfinispanGrid}, so that
   * naming it in a warning loads no Infinispan type).
   *
   * @param container the container's name
   * @return its JNDI name
   */
  static String infinispanContainer(String container) {
    return "java:jboss/infinispan/container/" + container;
  }

  /**
   * What JNDI binds at a name, when it is of the given type (for the grids, which differ only in
   * the name and the type).
   *
   * @param name the JNDI name
   * @param type the type the object must have
   * @return the object, or empty when there is no naming service, nothing bound there, or an object
   *     of another type (each logged at DEBUG)
   */
  static <T> Optional<T> jndi(String name, Class<T> type) {
    Object found;
    try {
      found = new InitialContext().lookup(name);
    } catch (NamingException | RuntimeException e) {
      LOG.log(Level.DEBUG, "nothing bound at {0}: {1}", name, e.toString());
      return Optional.empty();
    }
    if (!type.isInstance(found)) {
      LOG.log(Level.DEBUG, "{0} is no {1} but {2}", name, type.getName(), found);
      return Optional.empty();
    }
    return Optional.of(type.cast(found));
  }

  private static boolean visible(String className) {
    try {
      Class.forName(className, false, SharedCaches.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
