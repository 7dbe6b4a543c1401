package dev.fedroute.internal.text;

/**
 * Text from outside (a server name as given, a peer's bytes inside an exception message) made safe
 * to print on one line of a log, a report or an error message: line breaks, tabs, control and
 * invisible characters written as escapes ({@code \r}, {@code \n}, {@code \t}, {@code \u001B}),
 * quotes and backslashes escaped, long text cut. Stateless and thread-safe.
 */
public final class Printable {
  private Printable() {}

  /**
   * The text escaped, its first {@code maxLength} characters only, followed by {@code "...
   * (<length> characters)"} when it was cut.
   *
   * @param text the text; {@code null} gives {@code "null"}
   * @param maxLength how many characters of it to show, at least 1
   * @return one printable line
   */
  public static String escape(String text, int maxLength) {
    if (text == null) {
      return "null";
    }
    int shown = Math.min(text.length(), maxLength);
    StringBuilder out = new StringBuilder(shown + 16);
    escape(text, shown, out);
    if (shown < text.length()) {
      out.append("... (").append(text.length()).append(" characters)");
    }
    return out.toString();
  }

  /**
   * Appends the first {@code length} characters of the text, escaped.
   *
   * @param text the text
   * @param length how many characters to append
   * @param out where to append
   */
  public static void escape(String text, int length, StringBuilder out) {
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"', '\\' -> out.append('\\').append(c);
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (isInvisible(c)) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  /**
   * Whether a character prints as nothing or moves the cursor: a control, format, line or paragraph
   * separator character, or half of a surrogate pair.
   *
   * @param c the character
   * @return true when it is escaped
   */
  public static boolean isInvisible(char c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }
}
