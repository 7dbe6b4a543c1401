package dev.fedroute.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Matrix specification's canonical JSON (its appendix on signing JSON): object keys sorted by
 * Unicode code point, no insignificant whitespace, strings with the shortest escapes and every
 * other character as UTF-8, numbers as integers. Stateless and thread-safe.
 */
final class CanonicalJson {
  /** The largest integer canonical JSON allows (2^53 - 1), and its negative. */
  private static final BigInteger MAX = BigInteger.TWO.pow(53).subtract(BigInteger.ONE);

  private CanonicalJson() {}

  /**
   * The canonical form of a value.
   *
   * @param value the value
   * @return its UTF-8 bytes
   * @throws IllegalArgumentException for a number that is not an integer in [-(2^53)+1, 2^53-1]
   */
  static byte[] encode(JsonValue value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The canonical form of an object to sign or verify: without {@code signatures} and {@code
   * unsigned}.
   *
   * @param object the signed object
   * @return its UTF-8 bytes
   * @throws IllegalArgumentException for a number that is not an allowed integer
   */
  static byte[] forSigning(JsonObject object) {
    StringBuilder out = new StringBuilder();
    writeObject(object, List.of("signatures", "unsigned"), out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(JsonValue value, StringBuilder out) {
    switch (value.getValueType()) {
      case OBJECT -> writeObject(value.asJsonObject(), List.of(), out);
      case ARRAY -> writeArray(value.asJsonArray(), out);
      case STRING -> writeString(((JsonString) value).getString(), out);
      case NUMBER -> out.append(integer((JsonNumber) value));
      case TRUE -> out.append("true");
      case FALSE -> out.append("false");
      case NULL -> out.append("null");
    }
  }

  private static void writeObject(JsonObject object, List<String> without, StringBuilder out) {
    List<String> keys = new ArrayList<>(object.keySet());
    keys.removeAll(without);
    keys.sort(CanonicalJson::byCodePoint);
    out.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeString(keys.get(i), out);
      out.append(':');
      write(object.get(keys.get(i)), out);
    }
    out.append('}');
  }

  private static void writeArray(JsonArray array, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < array.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      write(array.get(i), out);
    }
    out.append(']');
  }

  private static int byCodePoint(String a, String b) {
    // String.compareTo compares UTF-16 units, which orders U+E000..U+FFFF after the surrogates.
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static String integer(JsonNumber number) {
    BigDecimal decimal = number.bigDecimalValue();
    BigInteger value;
    try {
      value = decimal.stripTrailingZeros().toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("not an integer: " + decimal, e);
    }
    if (value.abs().compareTo(MAX) > 0) {
      throw new IllegalArgumentException("integer out of range: " + value);
    }
    return value.toString();
  }

  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
