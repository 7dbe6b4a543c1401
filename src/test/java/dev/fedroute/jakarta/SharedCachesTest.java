package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedCaches} loads a grid's types only when that grid's API is visible: in a class loader
 * that hides JCache and Infinispan (a plain JVM; JCache alone hidden is WildFly, Infinispan alone
 * hidden is Payara), the look-up asks for none of the hidden types and finds no grid. With the APIs
 * visible (this test's class path, where JNDI has no server) it does try both, and finds none.
 */
class SharedCachesTest {
  private static final ClusterSettings ON =
      new ClusterSettings(true, "fedroute", "fedroute", Duration.ofMillis(200));

  @Test
  void withoutTheGridApisNoGridTypeIsLoaded() throws Exception {
    Hiding loader = new Hiding(List.of("javax.cache.", "org.infinispan."));

    assertThat(lookup(loader)).isEmpty();

    assertThat(loader.asked).isNotEmpty().allMatch(name -> !name.startsWith("dev.fedroute."));
    assertThat(loader.loadedFedroute)
        .doesNotContain("dev.fedroute.jakarta.JCacheGrid", "dev.fedroute.jakarta.InfinispanGrid");
  }

  @Test
  void onWildFlyNoJCacheTypeIsLoadedAndOnPayaraNoInfinispanType() throws Exception {
    Hiding wildFly = new Hiding(List.of("javax.cache."));
    Hiding payara = new Hiding(List.of("org.infinispan."));

    assertThat(lookup(wildFly)).isEmpty();
    assertThat(lookup(payara)).isEmpty();

    assertThat(wildFly.loadedFedroute)
        .contains("dev.fedroute.jakarta.InfinispanGrid")
        .doesNotContain("dev.fedroute.jakarta.JCacheGrid");
    assertThat(payara.loadedFedroute)
        .contains("dev.fedroute.jakarta.JCacheGrid")
        .doesNotContain("dev.fedroute.jakarta.InfinispanGrid");
  }

  @Test
  void sharingOffLooksForNoGrid() {
    assertThat(SharedCaches.lookup(ClusterSettings.DEFAULTS, Duration.ofHours(48))).isEmpty();
  }

  /** SharedCaches.lookup(ON) run with Fedroute's classes defined by the given loader. */
  private static Optional<?> lookup(Hiding loader) throws Exception {
    Class<?> settings = loader.loadClass(ClusterSettings.class.getName());
    var constructor =
        settings.getDeclaredConstructor(boolean.class, String.class, String.class, Duration.class);
    constructor.setAccessible(true); // another loader's class: another runtime package
    Object on = constructor.newInstance(ON.enabled(), ON.cache(), ON.container(), ON.timeout());
    Class<?> caches = loader.loadClass(SharedCaches.class.getName());
    Method lookup = caches.getDeclaredMethod("lookup", settings, Duration.class);
    lookup.setAccessible(true);
    return (Optional<?>) lookup.invoke(null, on, Duration.ofHours(48));
  }

  /**
   * Defines Fedroute's classes itself (from this class path) and refuses the hidden packages,
   * recording each name asked for; everything else comes from the application class loader.
   */
  private static final class Hiding extends ClassLoader {
    final Set<String> asked = ConcurrentHashMap.newKeySet();
    final Set<String> loadedFedroute = ConcurrentHashMap.newKeySet();
    private final List<String> hidden;

    Hiding(List<String> hidden) {
      super(SharedCachesTest.class.getClassLoader());
      this.hidden = hidden;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (hidden.stream().anyMatch(name::startsWith)) {
          asked.add(name);
          throw new ClassNotFoundException(name + " is hidden");
        }
        if (!name.startsWith("dev.fedroute.")) {
          return super.loadClass(name, resolve);
        }
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          byte[] bytes = bytes(name);
          c = defineClass(name, bytes, 0, bytes.length);
          loadedFedroute.add(name);
        }
        return c;
      }
    }

    private static byte[] bytes(String name) throws ClassNotFoundException {
      try (InputStream in =
          SharedCachesTest.class
              .getClassLoader()
              .getResourceAsStream(name.replace('.', '/') + ".class")) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
