package dev.fedroute.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The WAR of {@code src/it/homeserver-war}, which declares Fedroute as the README says (built by
 * the maven-invoker-plugin against the freshly built artifact), bundles Fedroute's runtime
 * libraries and no class of a Jakarta (or Java EE) API, which its server provides: deploying it
 * cannot put a second copy of an API beside the server's. The in-container suites deploy this very
 * {@code WEB-INF/lib}.
 */
class HomeserverWarIT {

  @Test
  void bundlesTheCoreLibrariesAndNoJakartaApiClass() throws IOException {
    String consumers = System.getProperty("fedroute.it.consumers");
    assertThat(consumers)
        .as("system property fedroute.it.consumers (set by failsafe)")
        .isNotBlank();
    File lib = Path.of(consumers, "homeserver-war/target/homeserver-war/WEB-INF/lib").toFile();
    File[] jars = lib.listFiles((d, n) -> n.endsWith(".jar"));
    assertThat(jars).as(lib.toString()).isNotNull();
    List<String> names = Arrays.stream(jars).map(File::getName).sorted().toList();
    assertThat(names)
        .anyMatch(n -> n.startsWith("fedroute-"))
        .anyMatch(n -> n.startsWith("dnsjava-"))
        .anyMatch(n -> n.startsWith("caffeine-"))
        .anyMatch(n -> n.startsWith("httpclient5-"))
        .anyMatch(n -> n.startsWith("jackson-core-"))
        .noneMatch(n -> n.startsWith("jakarta."))
        .noneMatch(n -> n.startsWith("parsson-"))
        .noneMatch(n -> n.startsWith("picocli-"))
        .as("Jersey's connector that sends the Host header, and no other part of Jersey")
        .anyMatch(n -> n.startsWith("jersey-apache5-connector-"))
        .noneMatch(n -> n.startsWith("jersey-") && !n.startsWith("jersey-apache5-connector-"));
    File fedroute =
        Arrays.stream(jars).filter(j -> j.getName().startsWith("fedroute-")).findFirst().get();
    try (JarFile file = new JarFile(fedroute)) {
      assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("dev.fedroute");
      assertThat(file.getManifest().getMainAttributes().getValue("Dependencies"))
          .as(
              "the JDK module WildFly must show the deployment for Apache HttpClient 5, its"
                  + " Infinispan for the shared cache, and RESTEasy's HttpClient 4 for the engine"
                  + " Fedroute builds through a proxy")
          .isEqualTo(
              "jdk.net, org.infinispan optional, org.infinispan.commons optional,"
                  + " org.apache.httpcomponents.core optional");
    }
    for (File jar : jars) {
      try (JarFile file = new JarFile(jar)) {
        assertThat(file.stream().map(e -> e.getName()))
            .as(jar.getName())
            .noneMatch(n -> n.startsWith("jakarta/") || n.startsWith("javax/"));
      }
    }
  }
}
