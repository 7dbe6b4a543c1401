package dev.fedroute.jakarta;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

/**
 * A minimal JNDI provider for tests: {@link #bind} objects, then set {@code
 * java.naming.factory.initial} to this class ({@link #install}) so that {@code new
 * InitialContext().lookup(name)} finds them, as in an application server.
 */
public final class TestNaming implements InitialContextFactory {
  private static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

  /** Needed by JNDI, which instantiates the factory by class name. */
  public TestNaming() {}

  static void install() {
    System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestNaming.class.getName());
  }

  static void uninstall() {
    System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
    BOUND.clear();
  }

  static void bind(String name, Object value) {
    BOUND.put(name, value);
  }

  @Override
  public Context getInitialContext(Hashtable<?, ?> environment) {
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "lookup":
                  Object found = BOUND.get(String.valueOf(args[0]));
                  if (found == null) {
                    throw new NameNotFoundException(String.valueOf(args[0]));
                  }
                  return found;
                case "close":
                  return null;
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }
}
