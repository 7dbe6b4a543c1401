package dev.fedroute.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.TestWorld;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A plain Java project whose only dependency is {@code dev.fedroute:fedroute} ({@code
 * src/it/plain-jvm}, built by the maven-invoker-plugin against the freshly built artifact) runs the
 * README's core example in a JVM of its own, on exactly the runtime class path Maven gave it,
 * against this test's loopback DNS and {@code .well-known} fixtures.
 */
class PlainJvmConsumerIT {
  private static final List<String> ZONE =
      List.of(
          // delegated by .well-known to a host with a _matrix-fed SRV record (step 3.3)
          "lib.example.test. 300 IN A 127.0.0.1",
          "_matrix-fed._tcp.lib-deleg.example.test. 300 IN SRV 10 5 8443 lib-target.example.test.",
          "lib-target.example.test. 300 IN A 127.0.40.1",
          // .well-known refused (nothing listens there), no SRV: the 8448 fallback (step 6)
          "fallback.example.test. 300 IN A 127.0.40.2",
          // no address at all
          "nothing.example.test. 300 IN TXT \"no address\"");

  private static TestWorld world;

  @BeforeAll
  static void start() {
    world = TestWorld.start(ZONE, "lib.example.test");
    world.wellKnown("lib.example.test", "{\"m.server\": \"lib-deleg.example.test\"}");
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  static Path consumer() {
    String dir = System.getProperty("fedroute.it.consumers");
    assertThat(dir).as("system property fedroute.it.consumers (set by failsafe)").isNotBlank();
    Path project = Path.of(dir, "plain-jvm");
    assertThat(project.resolve("target/classes/example/CoreExample.class"))
        .as("the consumer project built by the invoker plugin")
        .exists();
    return project;
  }

  @Test
  void theOnlyDependencyBringsEverythingTheCoreNeedsAndNoJakartaApi() throws IOException {
    List<String> classPath = runtimeClassPath(consumer());
    assertThat(classPath)
        .anyMatch(jar -> jar.contains("fedroute-"))
        .noneMatch(jar -> jar.contains("jakarta."))
        .noneMatch(jar -> jar.contains("parsson"))
        .noneMatch(jar -> jar.contains("picocli"))
        .noneMatch(jar -> jar.contains("jersey-client") || jar.contains("jersey-common"))
        .as("the logging API Fedroute is tested with, not dnsjava's older one")
        .anyMatch(jar -> jar.contains("slf4j-api-2."));
    for (String jar : classPath) {
      try (JarFile file = new JarFile(jar)) {
        assertThat(file.stream().map(e -> e.getName()))
            .as(jar)
            .noneMatch(n -> n.startsWith("jakarta/") || n.startsWith("javax/"));
      }
    }
  }

  @Test
  void theReadmeExampleResolvesADelegatedAFallbackAndAMissingName() throws Exception {
    String out =
        run(
            consumer(),
            "lib.example.test",
            "fallback.example.test",
            "nothing.example.test:8448",
            "1.2.3.4");

    assertThat(section(out, "lib.example.test"))
        .containsExactly(
            "step 3.3",
            "targets [lib-target.example.test:8443 -> [127.0.40.1]]",
            "host lib-deleg.example.test",
            "tls lib-deleg.example.test",
            "sni lib-deleg.example.test");
    assertThat(section(out, "fallback.example.test"))
        .containsExactly(
            "step 6",
            "targets [fallback.example.test:8448 -> [127.0.40.2]]",
            "host fallback.example.test",
            "tls fallback.example.test",
            "sni fallback.example.test");
    assertThat(section(out, "nothing.example.test:8448")).containsExactly("error no_address");
    assertThat(section(out, "1.2.3.4"))
        .containsExactly(
            "step 1", "targets [1.2.3.4:8448 -> [1.2.3.4]]", "host 1.2.3.4", "tls 1.2.3.4", "sni ");
    assertThat(world.https().requests())
        .as("the one .well-known fetch reached the loopback fixture")
        .anyMatch(r -> r.path().equals("/.well-known/matrix/server"));
  }

  private static List<String> runtimeClassPath(Path project) throws IOException {
    String text =
        Files.readString(project.resolve("target/runtime-classpath.txt"), StandardCharsets.UTF_8)
            .trim();
    return List.of(text.split(File.pathSeparator));
  }

  private static String run(Path project, String... names) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(
        project.resolve("target/classes")
            + File.pathSeparator
            + String.join(File.pathSeparator, runtimeClassPath(project)));
    command.add("example.CoreExample");
    command.add(String.valueOf(world.dns().address().getPort()));
    command.add(String.valueOf(world.https().port()));
    command.add(world.trustStore().toString());
    command.add("changeit");
    command.addAll(List.of(names));
    Path err = Files.createTempFile("plain-jvm", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(err.toFile()))
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the example ends").isTrue();
      assertThat(process.exitValue()).as(out + Files.readString(err)).isZero();
      return out;
    } finally {
      Files.delete(err);
    }
  }

  /** The lines printed for one name, between its "== name" line and the next. */
  private static List<String> section(String out, String name) {
    List<String> lines = new ArrayList<>();
    boolean inside = false;
    for (String line : out.lines().toList()) {
      if (line.startsWith("== ")) {
        inside = line.equals("== " + name);
      } else if (inside) {
        lines.add(line);
      }
    }
    return lines;
  }
}
