package dev.fedroute.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a positive duration option value: a whole number with a unit ({@code 500ms}, {@code
 * 10s}, {@code 2m}, {@code 1h}) or an ISO-8601 duration ({@code PT10S}). Stateless and thread-safe.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("([0-9]{1,12})(ms|s|m|h)");

  /** Creates the converter. */
  public DurationConverter() {}

  /**
   * Parses the text.
   *
   * @param text the option value
   * @return the positive duration
   * @throws TypeConversionException naming the value when it is not a positive duration
   */
  @Override
  public Duration convert(String text) {
    Duration duration = parse(text.trim());
    if (duration.isZero() || duration.isNegative()) {
      throw new TypeConversionException("'" + text + "' is not a positive duration");
    }
    return duration;
  }

  private static Duration parse(String text) {
    Matcher m = SIMPLE.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    if (text.length() > 1 && (text.charAt(0) == 'P' || text.charAt(0) == 'p')) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        // fall through to the common message
      }
    }
    throw new TypeConversionException(
        "'" + text + "' is not a duration (examples: 500ms, 10s, 2m, 1h, PT10S)");
  }
}
