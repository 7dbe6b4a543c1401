package dev.fedroute;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A {@link FedrouteConfig} that breaks one or more rules: every violation at once, each naming its
 * setting (the {@link FedrouteConfig.Builder} method) and value, one per line of the message.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Every violation, in the order of the settings. */
  @SuppressWarnings("serial") // an immutable List.copyOf of records
  private final List<Violation> violations;

  /**
   * One broken rule.
   *
   * @param setting the setting, named as its builder method ({@code wellKnownPort})
   * @param value the offending value, as text ({@code "null"} when missing)
   * @param problem what is wrong ({@code "must be from 1 to 65535"}, {@code "is below
   *     wellKnownMinTtl (PT5M)"})
   * @param relatedSetting for a value below the setting it must not be below, that setting; else
   *     {@code null}
   */
  public record Violation(String setting, String value, String problem, String relatedSetting) {
    /**
     * Checks the arguments.
     *
     * @param setting the setting, named as its builder method ({@code wellKnownPort})
     * @param value the offending value, as text ({@code "null"} when missing)
     * @param problem what is wrong
     * @param relatedSetting the setting this value must not be below, or {@code null}
     */
    public Violation {
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
      return setting + " = " + value + ": " + problem;
    }
  }

  /**
   * Creates the exception.
   *
   * @param violations every violation; not empty
   */
  public InvalidConfigurationException(List<Violation> violations) {
    super(message(violations));
    this.violations = List.copyOf(violations);
  }

  /**
   * Every violation, in the order of the settings.
   *
   * @return the violations, never empty
   */
  public List<Violation> violations() {
    return violations;
  }

  private static String message(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("no violation");
    }
    return "Invalid Fedroute configuration ("
        + violations.size()
        + (violations.size() == 1 ? " problem" : " problems")
        + "):"
        + violations.stream().map(v -> "\n  " + v).collect(Collectors.joining());
  }
}
