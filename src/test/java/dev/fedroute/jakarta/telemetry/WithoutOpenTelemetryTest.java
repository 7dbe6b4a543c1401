package dev.fedroute.jakarta.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.ServerNameResolver;
import dev.fedroute.testing.CapturedLog;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.SimpleFormatter;
import java.util.random.RandomGenerator;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * A deployment on a server that offers no OpenTelemetry: Weld discovers the library by its {@code
 * META-INF/beans.xml}, as a server deploys a WAR, in a class loader whose class path is the tests'
 * without any OpenTelemetry jar. The container starts, the resolver works, no class of the
 * telemetry package is loaded, nothing is logged at WARNING or above and no line at any level
 * mentions OpenTelemetry.
 */
class WithoutOpenTelemetryTest {

  @Test
  void theDeploymentStartsCleanlyAndLoadsNoTelemetryClass() throws Exception {
    CapturedLog log = CapturedLog.of("");
    // The JDK finds its random generators once, by the context class loader of the first caller;
    // the isolated loader (parent: the platform loader) would not show them.
    RandomGenerator.getDefault();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (WithoutOpenTelemetry loader = new WithoutOpenTelemetry()) {
      assertThatThrownBy(() -> Class.forName("io.opentelemetry.api.OpenTelemetry", false, loader))
          .isInstanceOf(ClassNotFoundException.class);
      thread.setContextClassLoader(loader);

      Object step = loader.loadClass(Deployment.class.getName()).getMethod("run").invoke(null);

      assertThat(step).as("the resolver bean resolved an IP literal").isEqualTo("1");
      assertThat(loader.loaded(OpenTelemetryListener.class.getName())).isFalse();
      assertThat(loader.loaded(FedrouteMetrics.class.getName())).isFalse();
      assertThat(loader.loaded(ResolutionSpan.class.getName())).isFalse();
      assertThat(loader.loaded("dev.fedroute.jakarta.FedrouteResolver"))
          .as("the check above can see loaded classes")
          .isTrue();
    } finally {
      thread.setContextClassLoader(previous);
      log.close();
    }
    SimpleFormatter text = new SimpleFormatter();
    assertThat(log.records())
        .filteredOn(
            r ->
                r.getLevel().intValue() >= Level.WARNING.intValue()
                    || String.valueOf(r.getMessage())
                        .toLowerCase(Locale.ROOT)
                        .contains("opentelemetry"))
        .extracting(text::format)
        .isEmpty();
  }

  /** Runs inside the isolated class loader: a Weld deployment found by discovery. */
  public static final class Deployment {
    private Deployment() {}

    /**
     * Starts the container, resolves an IP literal through the resolver bean and stops it.
     *
     * @return the step's label
     */
    public static String run() {
      ClassLoader loader = Deployment.class.getClassLoader();
      ConfigProviderResolver configs = ConfigProviderResolver.instance();
      configs.registerConfig(
          new SmallRyeConfigBuilder()
              .withSources(
                  new PropertiesConfigSource(Map.of("fedroute.allowlist", "127.0.0.0/8"), "test"))
              .build(),
          loader);
      try (WeldContainer container = new Weld("no-otel-" + System.nanoTime()).initialize()) {
        return container
            .select(ServerNameResolver.class)
            .get()
            .resolveBlocking("127.0.0.1:8448")
            .step()
            .label();
      } finally {
        configs.releaseConfig(configs.getConfig(loader));
      }
    }
  }

  /** The tests' class path without OpenTelemetry, parent the platform class loader. */
  private static final class WithoutOpenTelemetry extends URLClassLoader {
    WithoutOpenTelemetry() throws MalformedURLException {
      super("without-opentelemetry", urls(), ClassLoader.getPlatformClassLoader());
    }

    boolean loaded(String name) {
      return findLoadedClass(name) != null;
    }

    private static URL[] urls() throws MalformedURLException {
      List<URL> urls = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path path = Path.of(entry);
        if (!path.getFileName().toString().startsWith("opentelemetry-")) {
          urls.add(path.toUri().toURL());
        }
      }
      return urls.toArray(URL[]::new);
    }
  }
}
