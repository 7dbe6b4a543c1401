package dev.fedroute.cli;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.ServerNameResolver;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The outcome of one in-process run of the CLI.
 *
 * @param exit the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
public record CliRun(int exit, String out, String err) {

  /** Runs the CLI with the real resolver. */
  static CliRun run(String... args) {
    return run(null, args);
  }

  /**
   * Runs the CLI with resolvers from the factory, or the real one when it is null.
   *
   * @param factory makes the resolver from the configuration the options give, or null
   * @param args the command line
   * @return the run
   */
  public static CliRun run(Function<FedrouteConfig, ServerNameResolver> factory, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      int exit =
          factory == null ? FedrouteCli.run(args, o, e) : FedrouteCli.run(args, o, e, factory);
      return new CliRun(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * Stdout parsed as exactly one JSON object on one line.
   *
   * @return the object
   */
  public JsonObject json() {
    String text = out.strip();
    if (text.isEmpty() || text.contains("\n")) {
      throw new AssertionError("expected one line of JSON on stdout, got: " + out);
    }
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
