package dev.fedroute.jakarta;

import dev.fedroute.InvalidConfigurationException;
import dev.fedroute.InvalidConfigurationException.Violation;
import dev.fedroute.jakarta.FedrouteConfigurationException.Problem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * Reads {@link ConfigKey} values from one {@link Config} and collects a problem for each text that
 * does not parse, each rule a built configuration breaks and each unknown key, instead of stopping
 * at the first. Not thread-safe: one reader per mapping.
 */
final class ConfigReader {
  private static final String MASK = "***";

  private final Config config;
  private final List<Problem> problems = new ArrayList<>();
  private final Set<ConfigKey> failed = EnumSet.noneOf(ConfigKey.class);

  ConfigReader(Config config) {
    this.config = config;
  }

  /** The raw text of a key, empty when unset; a lookup failure (bad expression) is a problem. */
  Optional<String> raw(ConfigKey key) {
    try {
      return config.getOptionalValue(key.key(), String.class).filter(s -> !s.isBlank());
    } catch (RuntimeException e) {
      problem(key, null, "cannot be read: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Runs a parse-and-set of a key's text; a text that does not parse becomes its problem. */
  void parse(ConfigKey key, String text, Runnable parseAndSet) {
    try {
      parseAndSet.run();
    } catch (IllegalArgumentException e) {
      problem(key, text, e.getMessage());
    }
  }

  /**
   * Builds a configuration; each rule it breaks becomes a problem of the key that sets the setting,
   * unless that key (or the one it is compared with) already failed to parse, as the value judged
   * is then not the operator's.
   *
   * @param build builds and checks the configuration
   * @param settingPrefix what the keys' {@link ConfigKey#setting()} adds to the violation's setting
   * @return the configuration, or {@code null} when it broke a rule
   */
  <T> T build(Supplier<T> build, String settingPrefix) {
    try {
      return build.get();
    } catch (InvalidConfigurationException e) {
      for (Violation v : e.violations()) {
        report(v, settingPrefix);
      }
      return null;
    }
  }

  private void report(Violation v, String settingPrefix) {
    Optional<ConfigKey> key = ConfigKey.forSetting(settingPrefix + v.setting());
    Optional<ConfigKey> related =
        Optional.ofNullable(v.relatedSetting())
            .flatMap(r -> ConfigKey.forSetting(settingPrefix + r));
    if (key.filter(failed::contains).isPresent() || related.filter(failed::contains).isPresent()) {
      return;
    }
    if (key.isEmpty()) {
      problems.add(new Problem(ConfigKey.PREFIX + "*", null, v.toString()));
      return;
    }
    String reason =
        related
            .map(r -> "is below " + r.key() + " (" + raw(r).orElse(r.defaultText()) + ")")
            .orElse(v.problem());
    problem(key.get(), raw(key.get()).orElse(key.get().defaultText()), reason);
  }

  /** Reports every property named {@code fedroute.*} that is not a {@link ConfigKey}. */
  void reportUnknownKeys() {
    Set<String> unknown = new TreeSet<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(ConfigKey.PREFIX) && ConfigKey.of(name).isEmpty()) {
        unknown.add(name);
      }
    }
    for (String name : unknown) {
      String value = name.contains("password") ? MASK : valueOf(name);
      String hint =
          ConfigKey.renamed(name)
              .map(k -> " (renamed: set " + k + ")")
              .or(() -> KeySuggestion.closest(name).map(k -> " (did you mean " + k + "?)"))
              .orElse("");
      problems.add(new Problem(name, value, "unknown Fedroute key" + hint));
    }
  }

  /** Keeps a problem; the value is masked for a secret key. */
  void problem(ConfigKey key, String value, String reason) {
    failed.add(key);
    String shown = value == null ? null : key.shown(value);
    problems.add(new Problem(key.key(), shown, reason));
  }

  List<Problem> problems() {
    return List.copyOf(problems);
  }

  private String valueOf(String name) {
    try {
      return config.getOptionalValue(name, String.class).orElse("");
    } catch (RuntimeException e) {
      return null;
    }
  }
}
