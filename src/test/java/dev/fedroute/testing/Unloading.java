package dev.fedroute.testing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.lang.runtime.ObjectMethods;
import java.util.concurrent.TimeUnit;

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
