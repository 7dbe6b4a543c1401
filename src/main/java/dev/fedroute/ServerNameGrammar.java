package dev.fedroute;

import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.internal.text.Printable;
import java.net.IDN;
import java.net.InetAddress;

/**
 * The checks behind {@link ServerName#parse(String)}, each throwing an {@link
 * InvalidServerNameException} that quotes the input and says what is wrong. Stateless.
 */
final class ServerNameGrammar {
  private static final int MAX_HOST_LENGTH = 255;
  private static final int MAX_LABEL_LENGTH = 63;
  private static final int MAX_PORT_DIGITS = 5;
  private static final int MAX_PORT = 65535;

  /** Longer inputs are cut in messages, so a huge input cannot flood a log line. */
  private static final int MAX_QUOTED_LENGTH = 300;

  private ServerNameGrammar() {}

  static InvalidServerNameException invalid(String text, String reason) {
    return new InvalidServerNameException("invalid server name " + quote(text) + ": " + reason);
  }

  /** Rejects non-ASCII input; for a U-label host the message names the A-label form. */
  static void requireAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        String reason = String.format("contains the non-ASCII character U+%04X", (int) c);
        String aLabel = aLabelForm(text);
        throw invalid(
            text,
            aLabel == null
                ? reason + "; a host must be ASCII"
                : reason + "; use the A-label form " + quote(aLabel));
      }
    }
  }

  /** The A-label form of a U-label server name, or null when there is none that is valid. */
  private static String aLabelForm(String text) {
    int colon = text.lastIndexOf(':');
    boolean hasPort = colon >= 0 && isAsciiDigits(text, colon + 1, text.length());
    String host = hasPort ? text.substring(0, colon) : text;
    String suffix = hasPort ? text.substring(colon) : "";
    try {
      String ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
      checkHost(ascii, ascii);
      return ascii + suffix;
    } catch (IllegalArgumentException e) {
      // Not convertible (InvalidServerNameException is one too): no suggestion.
      return null;
    }
  }

  static InvalidServerNameException tooManyColons(String text) {
    int last = text.lastIndexOf(':');
    if (IpAddresses.parseIpv6(text).isPresent()
        || IpAddresses.parseIpv6(text.substring(0, last)).isPresent()) {
      return invalid(text, "an IPv6 address must be in square brackets, as in \"[2001:db8::1]\"");
    }
    return invalid(text, "more than one ':' (only one may separate host and port)");
  }

  /** Parses the port after the colon: 1-5 ASCII digits, 1-65535. */
  static int parsePort(String text, String port) {
    if (port.isEmpty()) {
      throw invalid(text, "port is empty after ':'");
    }
    if (port.length() > MAX_PORT_DIGITS || !isAsciiDigits(port, 0, port.length())) {
      throw invalid(text, "port must be 1-5 digits");
    }
    int value = Integer.parseInt(port);
    if (value < 1 || value > MAX_PORT) {
      throw invalid(text, "port must be 1-65535");
    }
    return value;
  }

  /**
   * Checks a host that is not bracketed: a strict dotted quad or a DNS name.
   *
   * @return the IPv4 address, or null for a DNS name
   */
  static InetAddress checkHost(String text, String host) {
    if (host.isEmpty()) {
      throw invalid(text, "host is empty");
    }
    if (isDigitsAndDots(host)) {
      return IpAddresses.parseIpv4(host)
          .orElseThrow(
              () ->
                  invalid(
                      text,
                      "a host of digits and dots must be a dotted quad of four parts 0-255"
                          + " without leading zeros"));
    }
    checkDnsName(text, host);
    return null;
  }

  private static void checkDnsName(String text, String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!isNameChar(c)) {
        throw invalid(
            text,
            "host contains "
                + describe(c)
                + "; only letters, digits, '-' and '.' are allowed in a name");
      }
    }
    if (host.length() > MAX_HOST_LENGTH) {
      throw invalid(text, "host is longer than 255 characters");
    }
    int labelStart = 0;
    for (int i = 0; i <= host.length(); i++) {
      if (i < host.length() && host.charAt(i) != '.') {
        continue;
      }
      if (i == labelStart) {
        throw invalid(text, "host has an empty label (a leading, trailing or double dot)");
      }
      if (i - labelStart > MAX_LABEL_LENGTH) {
        throw invalid(text, "host has a label longer than 63 characters");
      }
      labelStart = i + 1;
    }
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.';
  }

  private static boolean isDigitsAndDots(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiDigits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String describe(char c) {
    return switch (c) {
      case ' ' -> "a space";
      case '\r' -> "a carriage return (CR)";
      case '\n' -> "a line feed (LF)";
      case '\t' -> "a tab";
      default ->
          c < 0x20 || c == 0x7f
              ? String.format("the control character U+%04X", (int) c)
              : "'" + c + "'";
    };
  }

  /** The input in double quotes, control and invisible characters escaped, long input cut. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED_LENGTH) + 16);
    int shown = Math.min(text.length(), MAX_QUOTED_LENGTH);
    out.append('"');
    Printable.escape(text, shown, out);
    out.append('"');
    if (shown < text.length()) {
      out.append("... (").append(text.length()).append(" characters)");
    }
    return out.toString();
  }
}
