package dev.fedroute.testing;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.runtime.ObjectMethods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Whether an undeployed application's class loader was let go: its classes are unloaded only when
 * nothing reachable refers to the loader, one of its classes or one of their instances. Held here
 * only weakly, so looking does not pin it.
 */
public final class Unloading {
  private Unloading() {}

  /**
   * Runs full collections for up to 20 seconds until the loader is gone.
   *
   * @param loader a weak reference to the class loader
   * @return whether it was collected
   * @throws InterruptedException when interrupted
   */
  public static boolean collected(WeakReference<?> loader) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (loader.get() != null && System.nanoTime() < deadline) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(500);
    }
    return loader.get() == null;
  }

  /**
   * Writes the live objects of this JVM to a heap dump (HPROF), to find what still refers to a
   * class loader that was not collected: the shortest path from a GC root to it. By the platform's
   * HotSpotDiagnostic MBean, through the MBean server, so that no {@code com.sun.management} type
   * needs to be visible (WildFly hides it from deployments).
   *
   * @param directory where to write it (created when missing)
   * @param name the file's name without extension
   * @return the file written
   * @throws IOException when the directory cannot be made
   * @throws JMException when the JVM could not write the dump
   */
  public static Path dumpHeap(Path directory, String name) throws IOException, JMException {
    Files.createDirectories(directory);
    Path file = directory.resolve(name + "-" + ProcessHandle.current().pid() + ".hprof");
    Files.deleteIfExists(file);
    ManagementFactory.getPlatformMBeanServer()
        .invoke(
            new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
            "dumpHeap",
            new Object[] {file.toString(), true},
            new String[] {String.class.getName(), boolean.class.getName()});
    return file;
  }

  /**
   * Has the JDK link the {@code equals}, {@code hashCode} and {@code toString} of a record of this
   * class, anew at each call. Java 17 keeps the method handles it adapted for the last record whose
   * methods it linked (and for the last type of a record component it compared) in {@code
   * MethodHandle.asTypeCache} of handles held by {@code java.lang.runtime.ObjectMethods}: a strong
   * reference to that record class, so to its loader, until another record comes (later JDKs cache
   * such a handle only softly, "to avoid class loader leaks"). Called before looking at a loader,
   * so that what is measured is what the application left, not the JDK's one-entry cache.
   */
  public static void forgetTheLastRecordMethods() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle value = lookup.findGetter(Cleared.class, "value", String.class);
      ObjectMethods.bootstrap(
          lookup,
          "equals",
          MethodType.methodType(boolean.class, Cleared.class, Object.class),
          Cleared.class,
          "value",
          value);
      ObjectMethods.bootstrap(
          lookup,
          "hashCode",
          MethodType.methodType(int.class, Cleared.class),
          Cleared.class,
          "value",
          value);
      ObjectMethods.bootstrap(
          lookup,
          "toString",
          MethodType.methodType(String.class, Cleared.class),
          Cleared.class,
          "value",
          value);
    } catch (Throwable e) {
      throw new IllegalStateException("the JDK did not link a record's methods: " + e, e);
    }
  }

  /** The record of {@link #forgetTheLastRecordMethods()}; of this class's loader. */
  private record Cleared(String value) {}
}
