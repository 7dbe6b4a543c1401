package dev.fedroute.it;

import dev.fedroute.testing.FaultLoad;
import dev.fedroute.testing.TestCa;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Filter;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the WARs of the in-container tests, on the client side (in {@code @Deployment} methods).
 *
 * <p>Every WAR is what a homeserver ships: the {@code WEB-INF/lib} that Maven gives a WAR declaring
 * Fedroute (the packaged jar, so its {@code META-INF/beans.xml} and CDI extension service file are
 * what the server sees, beside its runtime libraries). Test WARs add the test classes, the fixtures
 * of {@code dev.fedroute.testing}, their libraries, and the test CA (with its key) as a resource;
 * the CA is minted once per test JVM and its certificate written to the trust store the server
 * configuration points at ({@code fedroute.it.trust-store}) before the first deployment, since the
 * resolver loads it at deployment.
 *
 * <p>System properties (set by the failsafe execution): {@code fedroute.it.consumers}, {@code
 * fedroute.it.dir} (holding {@code lib/test}), {@code fedroute.it.trust-store}, {@code
 * fedroute.it.dns.port} and {@code fedroute.it.well-known.port}. Thread-safe.
 */
public final class ItDeployments {
  /** Where the CA's PKCS12 (key and certificate) lies inside test WARs. */
  public static final String CA_RESOURCE = "fedroute-it/test-ca.p12";

  /** Password of the CA's PKCS12 and of the trust store. */
  public static final String PASSWORD = "changeit";

  private static byte[] caPkcs12;

  private ItDeployments() {}

  /**
   * A WAR holding the Fedroute jar and its runtime libraries, with annotated bean discovery.
   *
   * @param name the archive name, ending in {@code .war}
   * @return the archive
   */
  public static WebArchive library(String name) {
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, name)
            .addAsLibraries(fedrouteLibraries())
            .addAsWebInfResource(
                new StringAsset(
                    "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                        + " bean-discovery-mode=\"annotated\"/>"),
                "beans.xml");
    return war;
  }

  /**
   * What a homeserver's WAR bundles when it declares Fedroute as the README says: the {@code
   * WEB-INF/lib} of the consumer project {@code src/it/homeserver-war}, which the build made with
   * Maven against the freshly built jar ({@code fedroute.it.consumers}).
   *
   * @return the jars, Fedroute's own among them
   */
  public static File[] fedrouteLibraries() {
    File dir =
        new File(
            property("fedroute.it.consumers"), "homeserver-war/target/homeserver-war/WEB-INF/lib");
    File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
    if (jars == null || jars.length == 0) {
      throw new IllegalStateException(
          "no libraries in " + dir + ": run the build's pre-integration-test phase");
    }
    Arrays.sort(jars);
    return jars;
  }

  /**
   * A test WAR: {@link #library(String)} plus the shared test code of {@code dev.fedroute.it}, the
   * fixtures, the given classes, the test libraries and the test CA.
   *
   * @param name the archive name
   * @param classes the test classes (and their server-specific helpers)
   * @return the archive
   */
  public static WebArchive tests(String name, Class<?>... classes) {
    Filter<ArchivePath> noUnitTests =
        path -> {
          String p = path.get();
          return !p.endsWith("Test.class") && !p.contains("Test$");
        };
    return library(name)
        .addPackage(ItDeployments.class.getPackage())
        .addPackages(false, noUnitTests, TestCa.class.getPackage())
        .addClasses(classes)
        .addAsLibraries(jars("test"))
        .addAsResource(new ByteArrayAsset(ca()), CA_RESOURCE)
        .addAsResource(new StringAsset(expected()), ItWorld.EXPECTED)
        .addAsResource(new StringAsset(loadSettings()), FaultLoad.DURATION_RESOURCE);
  }

  /**
   * The duration of the in-container load run, as the build set it ({@value
   * FaultLoad#DURATION_PROPERTY}, default 60 s), for a WAR: the server's JVM does not see the
   * build's properties.
   *
   * @return the properties text
   */
  public static String loadSettings() {
    return FaultLoad.DURATION_PROPERTY
        + "="
        + System.getProperty(FaultLoad.DURATION_PROPERTY, "60").trim()
        + "\n";
  }

  /** What the build chose for the server configuration, for the tests to compare and use. */
  private static String expected() {
    StringBuilder b = new StringBuilder();
    for (String name :
        new String[] {
          "fedroute.it.dns.port", "fedroute.it.well-known.port", "fedroute.it.trust-store"
        }) {
      b.append(name).append('=').append(property(name).replace("\\", "/")).append('\n');
    }
    return b.toString();
  }

  /** Mints the CA on first use and writes its certificate to the configured trust store. */
  private static synchronized byte[] ca() {
    if (caPkcs12 == null) {
      TestCa ca = TestCa.create("Fedroute in-container CA");
      Path trustStore = Path.of(property("fedroute.it.trust-store"));
      try {
        Files.createDirectories(trustStore.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ca.writeTrustStore(trustStore, PASSWORD, "PKCS12");
      caPkcs12 = ca.toPkcs12(PASSWORD);
    }
    return caPkcs12.clone();
  }

  private static File[] jars(String kind) {
    File dir = new File(property("fedroute.it.dir"), "lib/" + kind);
    File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
    if (jars == null || jars.length == 0) {
      throw new IllegalStateException(
          "no libraries in " + dir + ": run the build's pre-integration-test phase");
    }
    Arrays.sort(jars);
    return jars;
  }

  private static String property(String name) {
    return Objects.requireNonNull(
        System.getProperty(name), () -> "system property " + name + " is not set");
  }
}
