package dev.fedroute.internal.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Fedroute's own version, written into {@code dev/fedroute/version.properties} by the build. */
public final class ProjectVersion {
  private static final String RESOURCE = "/dev/fedroute/version.properties";
  private static final String VERSION = read();

  private ProjectVersion() {}

  /**
   * The project version.
   *
   * @return the version, for example {@code 0.1.0}, or {@code unknown}
   */
  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = ProjectVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version");
        if (version != null && !version.isBlank() && !version.startsWith("${")) {
          return version;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    String fromManifest = ProjectVersion.class.getPackage().getImplementationVersion();
    return fromManifest == null ? "unknown" : fromManifest;
  }
}
