package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI jar (run by failsafe after {@code package}): it bundles Jersey and the JAX-RS
 * API but no CDI or MicroProfile, and {@code java -jar} with {@code --connect} reaches an HTTPS
 * server on loopback with the spec's {@code Host} header and SNI, in a JVM started without any
 * system property and setting none (Jersey's Apache HttpClient 5 connector sends {@code Host}).
 */
class CliJarIT {
  private static final String PATH = "/_matrix/federation/v1/version";

  static Path cliJar() {
    String jar = System.getProperty("fedroute.cliJar");
    assertThat(jar).as("system property fedroute.cliJar (set by failsafe)").isNotBlank();
    assertThat(Path.of(jar)).exists();
    return Path.of(jar);
  }

  @Test
  void bundlesJerseyAndNoContainerApis() throws IOException {
    try (JarFile jar = new JarFile(cliJar().toFile())) {
      for (String entry :
          List.of(
              "org/glassfish/jersey/client/JerseyClientBuilder.class",
              "org/glassfish/jersey/apache5/connector/Apache5ConnectorProvider.class",
              "org/glassfish/jersey/inject/hk2/Hk2InjectionManagerFactory.class",
              "jakarta/ws/rs/client/ClientBuilder.class",
              "META-INF/services/jakarta.ws.rs.client.ClientBuilder",
              "META-INF/services/org.glassfish.jersey.internal.inject.InjectionManagerFactory",
              "dev/fedroute/jakarta/FederationClients.class")) {
        assertThat(jar.getEntry(entry)).as(entry).isNotNull();
      }
      assertThat(jar.stream().map(e -> e.getName()))
          .noneMatch(n -> n.startsWith("org/eclipse/microprofile/"))
          .noneMatch(n -> n.startsWith("jakarta/enterprise/"));
    }
  }

  /**
   * The README's command: the class-data-sharing archive the build made beside the jar maps ({@code
   * -Xshare:on} refuses to start otherwise) and serves the CLI's own classes.
   */
  @Test
  void theReadmeFlagsUseTheBuildsClassArchive(@TempDir Path dir) throws Exception {
    String archive = System.getProperty("fedroute.cliArchive");
    assertThat(archive).as("system property fedroute.cliArchive (set by failsafe)").isNotBlank();
    assertThat(Path.of(archive)).exists();
    Path out = dir.resolve("out.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive,
                "-XX:TieredStopAtLevel=1",
                "-Xlog:class+load=info:file=" + dir.resolve("classes.txt"),
                "-jar",
                cliJar().toString(),
                "--version")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).startsWith("fedroute ");
    assertThat(Files.readAllLines(dir.resolve("classes.txt")))
        .anyMatch(l -> l.contains("dev.fedroute.cli.FedrouteCli source: shared objects file"));
  }

  /**
   * The README's first command as written there, on an IP literal (no lookup needed): stdout is the
   * report alone, one line of JSON.
   */
  @Test
  void theReadmeCommandPrintsOnlyTheReportOnStdout(@TempDir Path dir) throws Exception {
    assertStdoutIsOnlyTheReport(Path.of(System.getProperty("java.home")), dir);
  }

  /**
   * The same command on another JDK installed beside this one (the machines this project is built
   * on have a Temurin 25 beside Java 17): it cannot use Java 17's archive and warns about it, on
   * stderr, never in the report on stdout. Skipped where no other JDK is installed.
   */
  @Test
  void onAnotherJdkTheReadmeCommandStillPrintsOnlyTheReportOnStdout(@TempDir Path dir)
      throws Exception {
    Optional<Path> other = anotherJdk();
    Assumptions.assumeTrue(other.isPresent(), "no JDK other than this one under /usr/lib/jvm");
    assertStdoutIsOnlyTheReport(other.get(), dir);
  }

  private static void assertStdoutIsOnlyTheReport(Path javaHome, Path dir) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(readmeJvmFlags());
    command.addAll(List.of("-jar", cliJar().toString(), "--json", "1.2.3.4"));
    JarProcess run = JarProcess.run(command, dir);
    String stdout = run.stdout();
    assertThat(run.exitCode()).as(stdout + run.stderr()).isZero();
    assertThat(stdout.lines()).as("stdout (stderr: %s)", run.stderr()).hasSize(1);
    try (JsonReader reader = Json.createReader(new StringReader(stdout))) {
      assertThat(reader.readObject().getString("server_name")).isEqualTo("1.2.3.4");
    }
  }

  /**
   * The JVM flags of the README's first command: what it writes between {@code java} and {@code
   * -jar}.
   */
  private static List<String> readmeJvmFlags() throws IOException {
    Matcher m =
        Pattern.compile("&& java (.*?) -jar target/")
            .matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
    assertThat(m.find()).as("README's first command runs java FLAGS -jar target/...").isTrue();
    return List.of(m.group(1).trim().split(" +"));
  }

  /** A JDK under {@code /usr/lib/jvm} of another feature release than the one running the test. */
  private static Optional<Path> anotherJdk() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    String running = "JAVA_VERSION=\"" + Runtime.version().feature() + ".";
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin").resolve("java")))
          .filter(home -> Files.isRegularFile(home.resolve("release")))
          .filter(home -> !releaseText(home).contains(running))
          .filter(home -> releaseText(home).contains("JAVA_VERSION=\""))
          .findFirst();
    }
  }

  private static String releaseText(Path home) {
    try {
      return Files.readString(home.resolve("release"), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void javaJarConnects(@TempDir Path dir) throws Exception {
    TestCa ca = TestCa.create("Jar Test CA");
    Path trust = ca.writeTrustStore(dir.resolve("trust.p12"), "jar-test", "PKCS12");
    TestCa.Leaf leaf = ca.issue("jar.connect.test");
    try (HttpsTestServer server = HttpsTestServer.https(leaf).start();
        DnsTestServer dns =
            DnsTestServer.start(
                "t.connect.test. 300 IN A 127.0.0.1",
                "_matrix-fed._tcp.jar.connect.test. 300 IN SRV 10 1 "
                    + server.port()
                    + " t.connect.test.")) {
      server.route(PATH, r -> TestResponse.json("{\"server\":{\"name\":\"Jar\"}}"));
      JarProcess run =
          JarProcess.run(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  cliJar().toString(),
                  "--connect",
                  "--json",
                  "--no-well-known",
                  "--timeout",
                  "10s",
                  "--dns",
                  "127.0.0.1:" + dns.address().getPort(),
                  "--allow",
                  "127.0.0.0/8",
                  "--trust-store",
                  trust.toString(),
                  "--trust-store-password",
                  "jar-test",
                  "jar.connect.test"),
              dir);
      String stdout = run.stdout();
      assertThat(run.exitCode()).as(stdout + run.stderr()).isZero();
      JsonObject connection;
      try (JsonReader reader = Json.createReader(new StringReader(stdout))) {
        connection = reader.readObject().getJsonObject("connection");
      }
      assertThat(connection.getInt("status")).isEqualTo(200);
      assertThat(connection.getString("address")).isEqualTo("127.0.0.1:" + server.port());
      assertThat(connection.getString("certificate_subject")).isEqualTo("CN=jar.connect.test");
      assertThat(connection.getJsonObject("body").getJsonObject("server").getString("name"))
          .isEqualTo("Jar");
      RecordedRequest seen = server.requests().get(0);
      assertThat(seen.sni()).isEqualTo("jar.connect.test");
      assertThat(seen.host()).isEqualTo("jar.connect.test");
    }
  }
}
