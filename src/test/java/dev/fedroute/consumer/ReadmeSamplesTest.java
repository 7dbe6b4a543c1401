package dev.fedroute.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's Java samples are the code of the consumer projects under {@code src/it}, which the
 * build compiles and runs: each region between {@code // README <name> begin} and {@code // README
 * <name> end} appears in the README as one {@code java} code block, and every {@code java} block of
 * the README is such a region.
 */
class ReadmeSamplesTest {
  private static final Pattern REGION =
      Pattern.compile(
          "^[ \\t]*// README (\\S+) begin\\R(.*?)^[ \\t]*// README \\1 end",
          Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern JAVA_BLOCK =
      Pattern.compile("^```java\\R(.*?)^```", Pattern.MULTILINE | Pattern.DOTALL);

  record Region(Path file, String name, String code) {
    @Override
    public String toString() {
      return name + " (" + file.getFileName() + ")";
    }
  }

  static List<Region> regions() throws IOException {
    List<Region> regions = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/it"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        Matcher m = REGION.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          regions.add(new Region(file, m.group(1), dedent(m.group(2))));
        }
      }
    }
    return regions;
  }

  static List<String> readmeBlocks() throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("regions")
  void theReadmeShowsEachCompiledRegion(Region region) throws IOException {
    assertThat(readmeBlocks()).as("README java blocks").contains(region.code());
  }

  @Test
  void everyJavaSampleOfTheReadmeIsCompiledCode() throws IOException {
    List<String> compiled = regions().stream().map(Region::code).toList();
    assertThat(compiled).as("regions under src/it").hasSizeGreaterThanOrEqualTo(4);
    assertThat(readmeBlocks()).allSatisfy(block -> assertThat(compiled).contains(block));
  }

  /** The lines without the indentation they share, each ending in a newline. */
  static String dedent(String code) {
    List<String> lines = code.lines().toList();
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString();
  }
}
