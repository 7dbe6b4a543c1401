package dev.fedroute.cli;

import dev.fedroute.internal.text.ProjectVersion;
import picocli.CommandLine.IVersionProvider;

/**
 * Supplies {@code --version}: the project version from the build-filtered {@code
 * version.properties} resource, else the jar manifest, else {@code unknown}. Thread-safe.
 */
final class VersionProvider implements IVersionProvider {
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
    return ProjectVersion.get();
  }
}
