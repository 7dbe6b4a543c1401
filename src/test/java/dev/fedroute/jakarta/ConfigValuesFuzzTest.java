package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.fedroute.Cidr;
import dev.fedroute.internal.text.SettingText;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzing of the MicroProfile Config value parsers ({@link ConfigValues}, {@link SettingText},
 * {@link Cidr#parse}) and of the whole mapping of one key: a value either parses or is refused with
 * {@link IllegalArgumentException} (at deployment: {@link FedrouteConfigurationException} naming
 * the key); nothing else comes out. Regression inputs:
 * src/test/resources/dev/fedroute/jakarta/ConfigValuesFuzzTestInputs.
 */
@Tag("fuzz")
class ConfigValuesFuzzTest {
  /** Keys whose value names a file to read: not fuzzed (the file system is no input here). */
  private static final List<ConfigKey> KEYS =
      Arrays.stream(ConfigKey.values()).filter(k -> k != ConfigKey.TRUST_STORE_PATH).toList();

  @FuzzTest(maxDuration = "3m")
  void configValue(@NotNull String text) {
    parsesOrRefuses(text, ConfigValues::integer);
    parsesOrRefuses(text, ConfigValues::decimal);
    parsesOrRefuses(text, ConfigValues::bool);
    parsesOrRefuses(text, t -> assertThat(ConfigValues.items(t)).doesNotContain(""));
    parsesOrRefuses(text, t -> ConfigValues.cidrs(t, true));
    parsesOrRefuses(text, t -> ConfigValues.cidrs(t, false));
    parsesOrRefuses(text, ConfigValues::dnsServers);
    parsesOrRefuses(text, ConfigValues::overrides);
    parsesOrRefuses(text, SettingText::duration);
    parsesOrRefuses(text, Cidr::parse);
    SettingText.dnsServer(text).ifPresent(s -> assertThat(s.getPort()).isBetween(1, 65535));
    SettingText.port(text).ifPresent(p -> assertThat(p).isBetween(1, 65535));
  }

  /**
   * The first line picks the key (its name, or any text standing for one of them), the rest is its
   * value; the mapping accepts it or throws {@link FedrouteConfigurationException} naming that key.
   */
  @FuzzTest(maxDuration = "3m")
  void configKeyMapping(@NotNull String keyAndValue) {
    int newline = keyAndValue.indexOf('\n');
    String first = newline < 0 ? keyAndValue : keyAndValue.substring(0, newline);
    String value = newline < 0 ? "" : keyAndValue.substring(newline + 1);
    ConfigKey key =
        KEYS.stream()
            .filter(k -> k.key().equals(first))
            .findFirst()
            .orElse(KEYS.get(Math.floorMod(first.hashCode(), KEYS.size())));
    try {
      FedrouteConfigMapper.Mapped mapped =
          FedrouteConfigMapper.map(TestConfig.of(Map.of(key.key(), value)));
      assertThat(mapped.resolver()).isNotNull();
    } catch (FedrouteConfigurationException e) {
      assertThat(e.problems()).isNotEmpty();
      // A value may also break a rule between two keys, reported on the other one naming both.
      assertThat(e.problems()).allSatisfy(p -> assertThat(p.key()).startsWith("fedroute."));
      assertThat(e.getMessage()).contains(key.key());
    }
  }

  private static void parsesOrRefuses(String text, Consumer<String> parser) {
    try {
      parser.accept(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
