package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("10s", Duration.ofSeconds(10)),
        Arguments.of("2m", Duration.ofMinutes(2)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("2d", Duration.ofDays(2)),
        Arguments.of("10S", Duration.ofSeconds(10)),
        Arguments.of("PT10S", Duration.ofSeconds(10)),
        Arguments.of("PT0.25S", Duration.ofMillis(250)),
        Arguments.of("pt1m30s", Duration.ofSeconds(90)));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void parsesUnitsAndIso8601(String text, Duration expected) {
    assertThat(converter.convert(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "s", "10 s", "1.5s", "-5s", "10sec", "P", "PTXS", "ten", "10w"})
  void rejectsWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0ms", "PT0S", "PT-10S"})
  void rejectsZeroAndNegative(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("positive");
  }
}
