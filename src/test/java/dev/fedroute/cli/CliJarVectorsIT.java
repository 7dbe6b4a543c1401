package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample resolution vectors through the packaged jar, as a user runs it: {@code java -jar} in
 * its own JVM, stdout parsed as the one JSON object, and the {@code .well-known} servers on port
 * 443, the default, so that no hidden option is needed. Where port 443 cannot be bound (not root),
 * the servers take a free port and the jar gets the hidden {@code --well-known-port}.
 */
class CliJarVectorsIT {
  private static final int HTTPS_PORT = 443;
  private static VectorWorld world;
  private static Path dir;

  @BeforeAll
  static void start(@TempDir Path tmp) throws IOException {
    dir = tmp;
    world = new VectorWorld(dir, canBind(HTTPS_PORT) ? HTTPS_PORT : 0);
    System.out.println("CliJarVectorsIT: .well-known on port " + world.wellKnownPort());
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  static Stream<Arguments> cases() {
    return VectorWorld.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void jarJsonMatchesTheVector(String name, JsonObject vector) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", CliJarIT.cliJar().toString()));
    if (world.wellKnownPort() != HTTPS_PORT) {
      command.addAll(List.of("--well-known-port", Integer.toString(world.wellKnownPort())));
    }
    command.addAll(world.arguments(name));
    JarProcess run = JarProcess.run(command, dir);
    String stdout = run.stdout();

    assertThat(stdout).as("one line of JSON on stdout").endsWith("}\n").hasLineCount(1);
    JsonObject json;
    try (JsonReader reader = Json.createReader(new StringReader(stdout))) {
      json = reader.readObject();
    }
    VectorWorld.check(name, vector, run.exitCode(), json, stdout + run.stderr());
  }

  private static boolean canBind(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
