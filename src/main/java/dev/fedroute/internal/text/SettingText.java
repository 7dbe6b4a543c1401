package dev.fedroute.internal.text;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text forms of settings shared by the CLI and MicroProfile Config: durations and DNS server
 * addresses. Stateless and thread-safe.
 */
public final class SettingText {
  /** The port of a DNS server written without one. */
  public static final int DNS_PORT = 53;

  private static final Pattern SHORT_DURATION = Pattern.compile("(-?\\d{1,18})(ms|s|m|h|d)");

  private SettingText() {}

  /**
   * Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d} or an ISO-8601 duration
   * ({@code PT10S}). The sign is kept: callers check the range.
   *
   * @param text the duration text
   * @return the duration
   * @throws IllegalArgumentException whose message says which forms are accepted
   */
  public static Duration duration(String text) {
    String t = text.trim();
    Matcher m = SHORT_DURATION.matcher(t.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      if (t.length() > 1 && "Pp-".indexOf(t.charAt(0)) >= 0) {
        return Duration.parse(t);
      }
    } catch (ArithmeticException | DateTimeParseException e) {
      // falls through to the common message
    }
    throw new IllegalArgumentException(
        "not a duration; write 500ms, 10s, 5m, 1h, 1d or ISO-8601 such as PT10S");
  }

  /**
   * Parses a DNS server: an IP literal with an optional port ({@code 192.0.2.53}, {@code
   * 192.0.2.53:5353}, {@code 2001:db8::53}, {@code [2001:db8::53]:5353}); the port defaults to 53.
   *
   * @param text the server text
   * @return the address, or empty when the text is not such a server
   */
  public static Optional<InetSocketAddress> dnsServer(String text) {
    String t = text.trim();
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      String rest = t.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return Optional.empty();
      }
      return withPort(IpAddresses.parseIpv6(t.substring(1, close)), rest);
    }
    Optional<InetAddress> v6 = IpAddresses.parseIpv6(t);
    if (v6.isPresent()) {
      return withPort(v6, "");
    }
    int colon = t.indexOf(':');
    if (colon < 0) {
      return withPort(IpAddresses.parseIpv4(t), "");
    }
    return withPort(IpAddresses.parseIpv4(t.substring(0, colon)), t.substring(colon));
  }

  /**
   * Parses a port, 1-65535 written as 1-5 digits.
   *
   * @param text the port text
   * @return the port, or empty
   */
  public static Optional<Integer> port(String text) {
    if (!text.matches("\\d{1,5}")) {
      return Optional.empty();
    }
    int value = Integer.parseInt(text);
    return value >= 1 && value <= 65535 ? Optional.of(value) : Optional.empty();
  }

  private static Optional<InetSocketAddress> withPort(Optional<InetAddress> address, String rest) {
    if (address.isEmpty()) {
      return Optional.empty();
    }
    if (rest.isEmpty()) {
      return Optional.of(new InetSocketAddress(address.get(), DNS_PORT));
    }
    return port(rest.substring(1)).map(p -> new InetSocketAddress(address.get(), p));
  }
}
