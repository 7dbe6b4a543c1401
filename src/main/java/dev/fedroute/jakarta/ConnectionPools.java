package dev.fedroute.jakarta;

import jakarta.ws.rs.client.ClientBuilder;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Sizes the connection pool of client stacks that need telling. RESTEasy's Apache engine holds a
 * single connection, unusable by concurrent requests, unless {@code connectionPoolSize} and {@code
 * maxPooledPerRoute} are set; the JAX-RS API has no call for that, so RESTEasy's public builder
 * methods are called by name when the builder has them. Other stacks are left alone. Stateless.
 */
final class ConnectionPools {
  private static final System.Logger LOG = System.getLogger(ConnectionPools.class.getName());

  private ConnectionPools() {}

  static void size(ClientBuilder builder, int maxConnections) {
    call(builder, "connectionPoolSize", maxConnections);
    call(builder, "maxPooledPerRoute", maxConnections);
  }

  private static void call(ClientBuilder builder, String method, int value) {
    Method m;
    try {
      m = builder.getClass().getMethod(method, int.class);
    } catch (NoSuchMethodException e) {
      return;
    }
    try {
      m.invoke(builder, value);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot set " + method + " on " + builder.getClass().getName(), e);
    }
  }
}
