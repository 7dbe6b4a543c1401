package dev.fedroute.it.payara;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;

/**
 * Deploys and undeploys further applications on the running Payara Micro, from inside it, through
 * its public {@code fish.payara.micro.PayaraMicroRuntime} API (looked up reflectively, so the test
 * sources need no Payara jar and the WildFly suite compiles without one).
 */
final class PayaraRuntime {
  private final Object runtime;
  private final Method deploy;
  private final Method undeploy;
  private final Method names;

  private PayaraRuntime(Object runtime, Method deploy, Method undeploy, Method names) {
    this.runtime = runtime;
    this.deploy = deploy;
    this.undeploy = undeploy;
    this.names = names;
  }

  /** The runtime of the Payara Micro this code runs in. */
  static PayaraRuntime current() {
    try {
      Class<?> micro = Class.forName("fish.payara.micro.PayaraMicro");
      Class<?> api = Class.forName("fish.payara.micro.PayaraMicroRuntime");
      Object instance = micro.getMethod("getInstance").invoke(null);
      Object runtime = micro.getMethod("getRuntime").invoke(instance);
      return new PayaraRuntime(
          runtime,
          api.getMethod("deploy", String.class, String.class, InputStream.class),
          api.getMethod("undeploy", String.class),
          api.getMethod("getDeployedApplicationNames"));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("not running inside Payara Micro: " + e, e);
    }
  }

  /**
   * Deploys a WAR under a name and context root {@code /name}. Payara Micro's answer says only
   * whether the upload worked, so the result is whether the application is running afterwards.
   */
  boolean deploy(String name, InputStream war) {
    call(deploy, name, "/" + name, war);
    return deployed().contains(name);
  }

  /** The names of the applications running. */
  @SuppressWarnings("unchecked")
  Collection<String> deployed() {
    return (Collection<String>) call(names);
  }

  /** Undeploys an application deployed by {@link #deploy}. */
  void undeploy(String name) {
    call(undeploy, name);
  }

  private Object call(Method method, Object... args) {
    try {
      return method.invoke(runtime, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(method.getName() + " failed: " + e.getCause(), e.getCause());
    }
  }
}
