package dev.fedroute.it.payara;

import dev.fedroute.it.ItDeployments;
import dev.fedroute.it.payara.probe.ProbeApp;
import dev.fedroute.testing.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the WARs of the Payara suite on the test client (never inside the server). Fedroute goes
 * in as what a homeserver bundles: the {@code WEB-INF/lib} of a WAR declaring Fedroute ({@link
 * ItDeployments#fedrouteLibraries()}); the test libraries are taken from the test class path.
 */
final class PayaraArchives {
  /** Classes whose jars the tests need inside the server: fixtures and assertions. */
  private static final String[] TEST_LIBRARIES = {
    "org.assertj.core.api.Assertions",
    "net.bytebuddy.ByteBuddy",
    "org.bouncycastle.jce.provider.BouncyCastleProvider",
    "org.bouncycastle.cert.X509v3CertificateBuilder",
    "org.bouncycastle.asn1.x509.Extension",
  };

  private PayaraArchives() {}

  /**
   * A WAR with Fedroute and its dependencies as libraries.
   *
   * @param name the archive name
   * @param withTestLibraries whether to add the fixtures' and assertions' jars
   * @return the archive
   */
  static WebArchive warWithFedroute(String name, boolean withTestLibraries) {
    WebArchive war = ShrinkWrap.create(WebArchive.class, name);
    war.addAsLibraries(ItDeployments.fedrouteLibraries());
    if (withTestLibraries) {
      war.addAsLibraries(jarsOf(TEST_LIBRARIES));
    }
    return war;
  }

  /**
   * The WAR of a suite class that runs inside the server against {@link LoopbackFederation}: {@link
   * #warWithFedroute Fedroute and the test libraries}, the fixtures ({@code dev.fedroute.testing}),
   * {@link ItPki} with the leaves it minted for the suite's trust store, {@link LoopbackFederation}
   * and the given classes.
   *
   * @param name the archive name
   * @param classes the suite class and what else it needs
   * @return the archive
   */
  static WebArchive loopbackWar(String name, Class<?>... classes) {
    byte[] leaves =
        ItPki.mint(Path.of(LoopbackFederation.requiredEnv("FEDROUTE_SETUP_TRUST_STORE")));
    WebArchive war = warWithFedroute(name, true);
    war.addPackage(TestCa.class.getPackage());
    war.addClasses(ItPki.class, LoopbackFederation.class);
    war.addClasses(classes);
    war.addAsResource(new ByteArrayAsset(leaves), ItPki.RESOURCE.substring(1));
    return war;
  }

  /**
   * The probe application's WAR, as bytes to be deployed from inside the server.
   *
   * @param microprofileConfig the content of its {@code META-INF/microprofile-config.properties}
   * @return the WAR
   */
  static byte[] probeWar(String microprofileConfig) {
    WebArchive war = warWithFedroute("probe.war", false);
    war.addClass(ProbeApp.class);
    war.addAsResource(
        new StringAsset(microprofileConfig), "META-INF/microprofile-config.properties");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    war.as(ZipExporter.class).exportTo(out);
    return out.toByteArray();
  }

  /**
   * An empty library jar, to hold resources.
   *
   * @param name the archive name
   * @return the archive
   */
  static JavaArchive jar(String name) {
    return ShrinkWrap.create(JavaArchive.class, name);
  }

  private static File[] jarsOf(String... classNames) {
    Set<File> jars = new LinkedHashSet<>();
    for (String className : classNames) {
      try {
        Class<?> type = Class.forName(className, false, PayaraArchives.class.getClassLoader());
        jars.add(
            Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile());
      } catch (ClassNotFoundException | URISyntaxException e) {
        throw new IllegalStateException("no jar on the test class path for " + className, e);
      }
    }
    return jars.toArray(File[]::new);
  }
}
