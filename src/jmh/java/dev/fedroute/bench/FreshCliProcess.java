package dev.fedroute.bench;

import dev.fedroute.testing.TestWorld;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in a fresh process, as a user runs it: starts the loopback fixtures of {@link
 * LatencyWorld} (DNS after 20 ms, {@code .well-known} after 60 ms), then runs {@code java [flags]
 * -jar fedroute-*-cli.jar --json ... NAME} as a new JVM for each kind of name, round after round
 * (the kinds and the JVM-flag variants interleaved, so that they share the machine's load), and
 * prints per case the medians of the process's wall time (start to exit, as the harness sees it)
 * and of the {@code elapsed_ms} it reports, against the critical path.
 *
 * <p>Not a JMH benchmark: JMH forks a JVM per trial, not per invocation. Run it with {@code mvn -B
 * -Pbenchmarks package -DskipTests exec:exec@fresh-cli}; system properties: {@code fresh.runs}
 * (measured rounds, default 15, after one round that is not counted), {@code fresh.variants} (JVM
 * flag sets to compare, {@code label=flags;label=flags}; a set with its own {@code -jar FILE} runs
 * that jar, for example an older build), {@code
 * fedroute.cliJar} (the jar, set by the build).
 *
 * <p>With {@code -Dfresh.classlist=FILE} it instead writes the class list of the CLI's
 * class-data-sharing archive ({@code src/main/cds/fedroute-cli.classlist}, which the build turns
 * into {@code target/fedroute-<version>-cli.jsa}): the classes that one resolution of each kind
 * loads, from runs with {@code -XX:DumpLoadedClassList}, in the order first loaded.
 */
public final class FreshCliProcess {
  private static final List<String> KINDS = List.of("port", "delegated", "srv", "fallback");

  private FreshCliProcess() {}

  /**
   * Runs the measurement and prints the table.
   *
   * @param args none
   * @throws Exception when a process cannot start, fails or reports a failed resolution
   */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(System.getProperty("fedroute.cliJar"));
    int runs = Integer.getInteger("fresh.runs", 15);
    String classList = System.getProperty("fresh.classlist", "");
    if (!classList.isEmpty()) {
      writeClassList(jar, Path.of(classList));
      return;
    }
    Map<String, List<String>> variants = variants(System.getProperty("fresh.variants", "java -jar="));
    String loadBefore = loadAverage();
    Map<String, List<long[]>> samples = new LinkedHashMap<>();
    try (TestWorld world = LatencyWorld.start()) {
      for (int round = 0; round <= runs; round++) {
        for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
          for (String kind : KINDS) {
            long[] sample = runOnce(world, jar, variant.getValue(), kind);
            if (round > 0) {
              samples.computeIfAbsent(variant.getKey() + "|" + kind, k -> new ArrayList<>()).add(sample);
            }
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "fresh CLI processes: %d rounds, load average before: %s, after: %s%n",
        runs,
        loadBefore,
        loadAverage());
    System.out.printf(
        Locale.ROOT,
        "%-40s %-10s %8s %14s %10s %16s %10s%n",
        "variant",
        "kind",
        "critical",
        "elapsed_ms med",
        "x critical",
        "wall med (min-max)",
        "x critical");
    for (Map.Entry<String, List<long[]>> e : samples.entrySet()) {
      String[] key = e.getKey().split("\\|");
      long critical = LatencyWorld.criticalPathMillis(key[1]);
      long[] elapsed = e.getValue().stream().mapToLong(s -> s[0]).sorted().toArray();
      long[] wall = e.getValue().stream().mapToLong(s -> s[1]).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "%-40s %-10s %6d ms %11d ms %10.2f %6d (%d-%d) ms %10.2f%n",
          key[0],
          key[1],
          critical,
          median(elapsed),
          median(elapsed) / (double) critical,
          median(wall),
          wall[0],
          wall[wall.length - 1],
          median(wall) / (double) critical);
    }
  }

  /** One fresh process: its {@code elapsed_ms} and wall time in milliseconds. */
  private static long[] runOnce(TestWorld world, Path jar, List<String> flags, String kind)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    if (!flags.contains("-jar")) {
      command.addAll(List.of("-jar", jar.toString()));
    }
    command.addAll(
        List.of(
            "--json",
            "--dns",
            "127.0.0.1:" + world.dns().address().getPort(),
            "--trust-store",
            world.trustStore().toString(),
            "--trust-store-password",
            TestWorld.TRUST_STORE_PASSWORD,
            "--allow",
            "127.0.0.0/8",
            "--well-known-port",
            Integer.toString(world.https().port()),
            LatencyWorld.name(kind)));
    Path out = Files.createTempFile("fedroute-fresh", ".json");
    try {
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("no exit within 60 s: " + command);
      }
      long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      JsonObject report;
      try (JsonReader reader = Json.createReader(new StringReader(stdout))) {
        report = reader.readObject();
      }
      if (process.exitValue() != 0 || !"ok".equals(report.getString("result"))) {
        throw new IllegalStateException(kind + " did not resolve: " + stdout);
      }
      return new long[] {report.getJsonNumber("elapsed_ms").longValue(), wall};
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Runs one resolution of each kind with {@code -XX:DumpLoadedClassList} and merges the lists. */
  private static void writeClassList(Path jar, Path file) throws Exception {
    Set<String> lines = new LinkedHashSet<>();
    try (TestWorld world = LatencyWorld.start()) {
      for (String kind : KINDS) {
        Path part = Files.createTempFile("fedroute-classes", ".classlist");
        try {
          runOnce(world, jar, List.of("-XX:DumpLoadedClassList=" + part), kind);
          for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
            if (!line.startsWith("#")) {
              lines.add(line);
            }
          }
        } finally {
          Files.deleteIfExists(part);
        }
      }
    }
    List<String> out = new ArrayList<>();
    out.add("# Classes a CLI resolution loads (DNS, .well-known over TLS, JSON report), one run of");
    out.add("# each kind of name: written by FreshCliProcess (-Dfresh.classlist, see BENCHMARKS.md)");
    out.add("# with -XX:DumpLoadedClassList; the build makes the CLI's CDS archive from it.");
    out.addAll(lines);
    Files.write(file, out, StandardCharsets.UTF_8);
    System.out.println("wrote " + lines.size() + " entries to " + file);
  }

  /** {@code label=flags;label=flags}, flags separated by spaces. */
  private static Map<String, List<String>> variants(String text) {
    Map<String, List<String>> variants = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      int eq = part.indexOf('=');
      String flags = part.substring(eq + 1).trim();
      variants.put(
          part.substring(0, eq).trim(),
          flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+")));
    }
    return variants;
  }

  private static long median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }
}
