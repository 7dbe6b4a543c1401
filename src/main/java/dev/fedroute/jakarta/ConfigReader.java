package dev.fedroute.jakarta;

import dev.fedroute.internal.text.SettingText;
import dev.fedroute.jakarta.FedrouteConfigurationException.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Reads {@link ConfigKey} values from one {@link Config}, parses and checks them, and collects a
 * problem for each bad one instead of stopping at the first. A value that fails yields the
 * fallback, so reading goes on. Not thread-safe: one reader per mapping.
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

  /** Parses a key's value, or gives the fallback when unset or bad (then a problem is kept). */
  <T> T read(ConfigKey key, T fallback, Function<String, T> parser) {
    Optional<String> text = raw(key);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return parser.apply(text.get());
    } catch (IllegalArgumentException e) {
      problem(key, text.get(), e.getMessage());
      return fallback;
    }
  }

  Duration positive(ConfigKey key, Duration fallback) {
    Duration value = read(key, fallback, SettingText::duration);
    return check(key, value, !value.isZero() && !value.isNegative(), "must be positive", fallback);
  }

  Duration notNegative(ConfigKey key, Duration fallback) {
    Duration value = read(key, fallback, SettingText::duration);
    return check(key, value, !value.isNegative(), "must not be negative", fallback);
  }

  int integer(ConfigKey key, int fallback, int min, int max) {
    int value = read(key, fallback, ConfigValues::integer);
    String rule =
        max == Integer.MAX_VALUE ? "must be at least " + min : "must be from " + min + " to " + max;
    return check(key, value, value >= min && value <= max, rule, fallback);
  }

  double decimal(ConfigKey key, double fallback, double min, double max) {
    double value = read(key, fallback, ConfigValues::decimal);
    return check(
        key, value, value >= min && value <= max, "must be from " + min + " to " + max, fallback);
  }

  boolean bool(ConfigKey key, boolean fallback) {
    return read(key, fallback, ConfigValues::bool);
  }

  /** Reports {@code upper} when it is below {@code lower} and both keys were read without fault. */
  void requireOrder(ConfigKey lower, Duration low, ConfigKey upper, Duration high) {
    if (!failed.contains(lower) && !failed.contains(upper) && high.compareTo(low) < 0) {
      String lowText = raw(lower).orElse(lower.defaultText());
      problem(
          upper,
          raw(upper).orElse(upper.defaultText()),
          "is below " + lower.key() + " (" + lowText + ")");
    }
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
      String hint = KeySuggestion.closest(name).map(k -> " (did you mean " + k + "?)").orElse("");
      problems.add(new Problem(name, value, "unknown Fedroute key" + hint));
    }
  }

  /** Keeps a problem; the value is masked for a secret key. */
  void problem(ConfigKey key, String value, String reason) {
    failed.add(key);
    String shown = value != null && key.secret() ? MASK : value;
    problems.add(new Problem(key.key(), shown, reason));
  }

  List<Problem> problems() {
    return List.copyOf(problems);
  }

  private <T> T check(ConfigKey key, T value, boolean ok, String rule, T fallback) {
    if (ok) {
      return value;
    }
    problem(key, raw(key).orElse(String.valueOf(value)), rule);
    return fallback;
  }

  private String valueOf(String name) {
    try {
      return config.getOptionalValue(name, String.class).orElse("");
    } catch (RuntimeException e) {
      return null;
    }
  }
}
