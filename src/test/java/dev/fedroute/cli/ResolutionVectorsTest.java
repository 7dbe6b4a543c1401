package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.IOException;
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

  /**
   * The strictly serial order gives the same JSON as the default look-ahead, field for field, on
   * every vector, and the same {@code .well-known} requests; only the timings and the absolute
   * expiry instants (taken from the wall clock when each run ends) may differ.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serialAndLookAheadGiveTheSameJson(String name, JsonObject vector) {
    List<String> args = world.arguments(name);
    args.addAll(0, List.of("--well-known-port", Integer.toString(world.wellKnownPort())));
    List<String> serialArgs = new ArrayList<>(args);
    serialArgs.add(0, "--no-look-ahead");

    CliRun ahead = CliRun.run(args.toArray(String[]::new));
    CliRun serial = CliRun.run(serialArgs.toArray(String[]::new));

    assertThat(serial.exit()).isEqualTo(ahead.exit());
    assertThat(comparable(serial.json())).isEqualTo(comparable(ahead.json()));
  }

  /**
   * The JSON without what depends on when and how fast the run was, and on the random jitter of a
   * {@code .well-known} answer's lifetime (each CLI run draws its own).
   */
  private static JsonObject comparable(JsonObject json) {
    JsonObjectBuilder b = Json.createObjectBuilder(json);
    b.remove("elapsed_ms");
    b.remove("valid_until");
    if (json.get("well_known") instanceof JsonObject wellKnown) {
      b.add("well_known", Json.createObjectBuilder(wellKnown).remove("ttl_seconds"));
    }
    JsonArrayBuilder trace = Json.createArrayBuilder();
    json.getJsonArray("trace").getValuesAs(JsonString.class).stream()
        .map(line -> line.getString().replaceAll("cached \\d+ s", "cached N s"))
        .forEach(trace::add);
    return b.add("trace", trace).build();
  }
}
