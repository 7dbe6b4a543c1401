package dev.fedroute.cli;

import dev.fedroute.internal.text.SettingText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a positive duration option value: a whole number with a unit ({@code 500ms}, {@code
 * 10s}, {@code 2m}, {@code 1h}, {@code 1d}) or an ISO-8601 duration ({@code PT10S}). Stateless and
 * thread-safe.
 */
final class DurationConverter implements ITypeConverter<Duration> {
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
    try {
      return SettingText.duration(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + text + "' is not a duration (examples: 500ms, 10s, 2m, 1h, 1d, PT10S)");
    }
  }
}
