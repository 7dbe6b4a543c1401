package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's configuration table and {@link ConfigKey} cannot drift apart. */
class ReadmeConfigTableTest {
  private static final String SECTION = "## Configuration (MicroProfile Config)";

  /** Key → [default cell, meaning cell] of each table row of the section, in order. */
  private static Map<String, List<String>> readmeRows() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int start = lines.indexOf(SECTION);
    assertThat(start).as("README.md has the section " + SECTION).isNotNegative();
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("| `")) {
        String[] cells = line.substring(1, line.length() - 1).split(" \\| ", 3);
        assertThat(cells).as(line).hasSize(3);
        String key = cells[0].trim().replace("`", "");
        assertThat(rows.put(key, List.of(cells[1].trim(), cells[2].trim()))).as(key).isNull();
      }
    }
    return rows;
  }

  @Test
  void theTableListsEveryKeyOnceInTheOrderOfTheEnum() throws IOException {
    assertThat(readmeRows().keySet())
        .containsExactlyElementsOf(Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList());
  }

  @Test
  void eachRowShowsTheDefaultAndMeaningOfItsKey() throws IOException {
    Map<String, List<String>> rows = readmeRows();
    for (ConfigKey key : ConfigKey.values()) {
      String expectedDefault =
          key.defaultText().isEmpty() ? "(not set)" : "`" + key.defaultText() + "`";
      assertThat(rows.get(key.key()))
          .as(key.key())
          .containsExactly(expectedDefault, key.description());
    }
  }
}
