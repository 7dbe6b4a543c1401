package dev.fedroute.jakarta;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the application server's managed executor through JNDI, without a compile dependency on
 * Jakarta Concurrency. Stateless and thread-safe.
 */
final class ManagedExecutors {
  /** The JNDI name every Jakarta EE server binds its default managed executor to. */
  private static final String DEFAULT_NAME = "java:comp/DefaultManagedExecutorService";

  private static final System.Logger LOG = System.getLogger(ManagedExecutors.class.getName());

  private ManagedExecutors() {}

  /**
   * The executor bound to {@value #DEFAULT_NAME}, or empty when there is no naming service, nothing
   * bound, or something that is not an {@link Executor} (each logged at DEBUG).
   */
  static Optional<Executor> lookup() {
    try {
      Object found = new InitialContext().lookup(DEFAULT_NAME);
      if (found instanceof Executor executor) {
        LOG.log(Level.DEBUG, "Fedroute runs background work on {0}", DEFAULT_NAME);
        return Optional.of(executor);
      }
      LOG.log(Level.DEBUG, "{0} is not an Executor but {1}", DEFAULT_NAME, found);
    } catch (NamingException | RuntimeException e) {
      LOG.log(
          Level.DEBUG,
          "no managed executor at {0} ({1}); Fedroute uses its own daemon threads",
          DEFAULT_NAME,
          e.toString());
    }
    return Optional.empty();
  }
}
