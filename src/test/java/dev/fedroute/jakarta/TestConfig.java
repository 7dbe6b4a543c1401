package dev.fedroute.jakarta;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test its own SmallRye configuration, made only of the {@link Properties} of the test
 * method (no system properties or environment, so tests cannot see each other or the machine), and
 * registers it as the MicroProfile config of the context class loader, where both the SmallRye CDI
 * extension and {@link FedrouteConfigValidation} find it. Declare it before {@code @EnableWeld} so
 * the config exists when the container starts.
 */
public final class TestConfig implements BeforeEachCallback, AfterEachCallback {

  /** {@code key=value} pairs of one test. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  public @interface Properties {
    String[] value();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    String[] pairs =
        context.getRequiredTestMethod().isAnnotationPresent(Properties.class)
            ? context.getRequiredTestMethod().getAnnotation(Properties.class).value()
            : new String[0];
    register(of(pairs));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    release();
  }

  /** A config of exactly these {@code key=value} pairs. */
  public static SmallRyeConfig of(String... pairs) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return of(values);
  }

  /** A config of exactly these values. */
  public static SmallRyeConfig of(Map<String, String> values) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(values, "test", 500))
        .build();
  }

  /** Makes the config the one of the context class loader, replacing any earlier one. */
  public static void register(SmallRyeConfig config) {
    release();
    ConfigProviderResolver.instance().registerConfig(config, loader());
  }

  public static void release() {
    ConfigProviderResolver resolver = ConfigProviderResolver.instance();
    resolver.releaseConfig(resolver.getConfig(loader()));
  }

  private static ClassLoader loader() {
    return Thread.currentThread().getContextClassLoader();
  }
}
