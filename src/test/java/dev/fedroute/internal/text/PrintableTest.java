package dev.fedroute.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void lineBreaksControlAndInvisibleCharactersAreEscaped() {
    assertThat(Printable.escape("a\r\nb\tc\u001b[2Kd\u2028e\u200ef\"g\\h", 100))
        .isEqualTo("a\\r\\nb\\tc\\u001B[2Kd\\u2028e\\u200Ef\\\"g\\\\h");
  }

  @Test
  void longTextIsCutAndSaysItsLength() {
    assertThat(Printable.escape("x".repeat(1000), 5)).isEqualTo("xxxxx... (1000 characters)");
  }

  @Test
  void nullIsPrintedAsNull() {
    assertThat(Printable.escape(null, 5)).isEqualTo("null");
  }
}
