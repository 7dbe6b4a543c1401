package dev.fedroute.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Supplies {@code --version}: the project version from the build-filtered {@code
 * version.properties} resource, else the jar manifest, else {@code unknown}. Thread-safe.
 */
final class VersionProvider implements IVersionProvider {
  private static final String RESOURCE = "version.properties";

  /** Creates the provider. */
  public VersionProvider() {}

  @Override
  public String[] getVersion() {
    return new String[] {
      "fedroute " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /**
   * The project version.
   *
   * @return the version, for example {@code 0.1.0}, or {@code unknown}
   */
  public static String version() {
    String fromResource = fromResource();
    if (fromResource != null && !fromResource.isBlank() && !fromResource.startsWith("${")) {
      return fromResource;
    }
    String fromManifest = VersionProvider.class.getPackage().getImplementationVersion();
    return fromManifest == null ? "unknown" : fromManifest;
  }

  private static String fromResource() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
