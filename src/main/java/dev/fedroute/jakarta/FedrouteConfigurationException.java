package dev.fedroute.jakarta;

import java.util.List;
import java.util.Objects;

/**
 * The Fedroute configuration read through MicroProfile Config is invalid. One exception carries
 * every problem found, and its message lists them one per line: the key, its value (masked when
 * secret) and why it is wrong. Immutable and thread-safe.
 */
public final class FedrouteConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The message's first line; the problems follow it, one per line. */
  public static final String HEADLINE = "Invalid Fedroute configuration";

  /**
   * One invalid setting.
   *
   * @param key the property name
   * @param value the value as read, already masked when secret
   * @param reason why it is wrong
   */
  public record Problem(String key, String value, String reason) {
    /**
     * Checks the arguments.
     *
     * @param key the property name
     * @param value the value as read, already masked when secret
     * @param reason why it is wrong
     */
    public Problem {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return key + (value == null ? "" : " = \"" + value + "\"") + ": " + reason;
    }
  }

  /** Every problem found, in the order of the keys. */
  @SuppressWarnings("serial") // an immutable List.copyOf of records
  private final List<Problem> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found; not empty
   * @throws IllegalArgumentException when there is no problem
   */
  public FedrouteConfigurationException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Every problem found, in the order of the keys.
   *
   * @return the problems
   */
  public List<Problem> problems() {
    return problems;
  }

  private static String message(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a configuration exception needs a problem");
    }
    StringBuilder text =
        new StringBuilder(HEADLINE)
            .append(" (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append("):");
    for (Problem p : problems) {
      text.append(System.lineSeparator()).append("  ").append(p);
    }
    return text.toString();
  }
}
