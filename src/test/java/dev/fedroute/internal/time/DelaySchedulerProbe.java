package dev.fedroute.internal.time;

import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Run in a fresh JVM by {@link DeadlinesTest}, with {@code java.lang} and {@code java.security}
 * opened: loads {@link Trigger} and {@link Deadlines} in a throwaway class loader, as an
 * application server loads a deployment, sets the first deadline of the JVM from there, and prints
 * what ties the JDK's delay scheduler thread to that loader: {@code context-class-loader}, {@code
 * access-control-context}, both (comma-separated), {@code none}, or {@code absent} for a JDK
 * without that thread; then, after a space, how many milliseconds that first deadline took.
 */
public final class DelaySchedulerProbe {
  private static final String JDK_THREAD = "CompletableFutureDelayScheduler";

  private DelaySchedulerProbe() {}

  /**
   * Entry point.
   *
   * @param args {@code fedroute} to go through {@link Deadlines}, {@code plain} for the JDK alone
   * @throws Exception when the probe cannot run
   */
  public static void main(String[] args) throws Exception {
    URL[] code = {
      DelaySchedulerProbe.class.getProtectionDomain().getCodeSource().getLocation(),
      Deadlines.class.getProtectionDomain().getCodeSource().getLocation()
    };
    try (URLClassLoader deployment = new URLClassLoader(code, null)) {
      Thread.currentThread().setContextClassLoader(deployment);
      long start = System.nanoTime();
      deployment
          .loadClass(Trigger.class.getName())
          .getMethod("firstDeadline", String.class)
          .invoke(null, args[0]);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      Thread.currentThread().setContextClassLoader(ClassLoader.getSystemClassLoader());
      System.out.println(ties(deployment) + " " + tookMs);
    }
  }

  private static String ties(ClassLoader deployment) throws ReflectiveOperationException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(JDK_THREAD)) {
        List<String> ties = new ArrayList<>();
        if (t.getContextClassLoader() == deployment) {
          ties.add("context-class-loader");
        }
        if (accessContextLoaders(t).contains(deployment)) {
          ties.add("access-control-context");
        }
        return ties.isEmpty() ? "none" : String.join(",", ties);
      }
    }
    return "absent";
  }

  /** The class loaders of the protection domains a thread inherited at its creation. */
  private static List<ClassLoader> accessContextLoaders(Thread t)
      throws ReflectiveOperationException {
    Field inherited = Thread.class.getDeclaredField("inheritedAccessControlContext");
    inherited.setAccessible(true);
    Object context = inherited.get(t);
    List<ClassLoader> loaders = new ArrayList<>();
    if (context == null) {
      return loaders;
    }
    Field domains = context.getClass().getDeclaredField("context");
    domains.setAccessible(true);
    ProtectionDomain[] pds = (ProtectionDomain[]) domains.get(context);
    if (pds != null) {
      for (ProtectionDomain pd : pds) {
        if (pd != null) {
          loaders.add(pd.getClassLoader());
        }
      }
    }
    return loaders;
  }

  /** Loaded in the throwaway loader: the deployment's first deadline. */
  public static final class Trigger {
    private Trigger() {}

    /**
     * Sets a 1 ms deadline and waits for it.
     *
     * @param mode {@code fedroute} or {@code plain}
     * @throws Exception when the deadline does not pass
     */
    public static void firstDeadline(String mode) throws Exception {
      CompletableFuture<String> future = new CompletableFuture<>();
      if (mode.equals("fedroute")) {
        Deadlines.completeAfter(future, "done", Duration.ofMillis(1));
      } else {
        future.completeOnTimeout("done", 1, TimeUnit.MILLISECONDS);
      }
      future.get(5, TimeUnit.SECONDS);
    }
  }
}
