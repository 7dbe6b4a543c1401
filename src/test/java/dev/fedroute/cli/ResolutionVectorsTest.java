package dev.fedroute.cli;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample resolution vectors, in process: the CLI's JSON on their zone, with the {@code
 * .well-known} servers on a free port ({@code CliJarVectorsIT} runs the jar against port 443).
 */
class ResolutionVectorsTest {
  private static VectorWorld world;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    world = new VectorWorld(dir, 0);
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
  void cliJsonMatchesTheVector(String name, JsonObject vector) {
    List<String> args = world.arguments(name);
    args.addAll(0, List.of("--well-known-port", Integer.toString(world.wellKnownPort())));

    CliRun run = CliRun.run(args.toArray(String[]::new));

    VectorWorld.check(name, vector, run.exit(), run.json(), run.out() + run.err());
  }
}
