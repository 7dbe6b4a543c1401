package dev.fedroute.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * What the in-container tests look at after an undeploy: the threads an application left behind. A
 * live thread whose context class loader is the undeployed application's pins that class loader.
 */
public final class DeploymentThreads {
  private DeploymentThreads() {}

  /**
   * Threads named like Fedroute's or dnsjava's, sorted.
   *
   * @return their names
   */
  public static List<String> fedrouteThreads() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String n = t.getName();
      if (n.startsWith("fedroute-") || n.toLowerCase(Locale.ROOT).contains("dnsjava")) {
        names.add(n);
      }
    }
    names.sort(null);
    return names;
  }

  /**
   * Live threads whose context class loader is that of a deployment (WildFly names it {@code
   * deployment.<war name>}), the JDK's shared timer of {@code CompletableFuture.orTimeout} included
   * (Fedroute has it started outside the deployment: {@code dev.fedroute.internal.time.Deadlines}).
   *
   * @param deployment the WAR name
   * @return name, state and stack of each
   */
  public static List<String> threadsOf(String deployment) {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      ClassLoader cl = t.getContextClassLoader();
      if (cl != null && String.valueOf(cl).contains("deployment." + deployment)) {
        names.add(t.getName() + " " + t.getState() + " " + Arrays.toString(t.getStackTrace()));
      }
    }
    return names;
  }

  /**
   * Waits until the condition holds, at most 10 seconds.
   *
   * @param condition the condition
   */
  public static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
