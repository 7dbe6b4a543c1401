package dev.fedroute.jakarta;

import dev.fedroute.Cidr;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.IpAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of the value formats of {@link ConfigKey}. Each throws {@link IllegalArgumentException}
 * whose message is the reason, worded to follow the key and value in a problem line. Stateless.
 */
final class ConfigValues {
  private static final Pattern SHORT_DURATION = Pattern.compile("(-?\\d{1,18})(ms|s|m|h|d)");
  private static final int DNS_PORT = 53;

  private ConfigValues() {}

  /**
   * {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}, or ISO-8601 ({@code PT10S}).
   */
  static Duration duration(String text) {
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
      if (t.length() > 1 && (t.charAt(0) == 'P' || t.charAt(0) == 'p' || t.charAt(0) == '-')) {
        return Duration.parse(t);
      }
    } catch (ArithmeticException | DateTimeParseException e) {
      // falls through to the common message
    }
    throw new IllegalArgumentException(
        "not a duration; write 500ms, 10s, 5m, 1h, 1d or ISO-8601 such as PT10S");
  }

  /** A decimal integer. */
  static int integer(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number");
    }
  }

  /** A finite decimal number. */
  static double decimal(String text) {
    try {
      double value = Double.parseDouble(text.trim());
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the common message
    }
    throw new IllegalArgumentException("not a number");
  }

  /** {@code true/false}, also {@code yes/no}, {@code on/off}, {@code 1/0}. */
  static boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean; write true or false");
    };
  }

  /** The items of a comma-separated list, trimmed, empty items dropped. */
  static List<String> items(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * CIDR ranges; the item {@code default} stands for {@link FedrouteConfig#DEFAULT_BLOCKLIST} when
   * allowed. Every bad item is named in the one message.
   */
  static List<Cidr> cidrs(String text, boolean defaultAllowed) {
    List<Cidr> ranges = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (String item : items(text)) {
      if (defaultAllowed && item.equalsIgnoreCase("default")) {
        ranges.addAll(FedrouteConfig.DEFAULT_BLOCKLIST);
        continue;
      }
      try {
        ranges.add(Cidr.parse(item));
      } catch (IllegalArgumentException e) {
        bad.add(e.getMessage());
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", bad));
    }
    return ranges.stream().distinct().toList();
  }

  /** DNS servers: IP literals with optional port, or {@code system} alone for none. */
  static List<InetSocketAddress> dnsServers(String text) {
    List<String> items = items(text);
    if (items.size() == 1 && items.get(0).equalsIgnoreCase("system")) {
      return List.of();
    }
    List<InetSocketAddress> servers = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (String item : items) {
      Optional<InetSocketAddress> server = dnsServer(item);
      if (server.isPresent()) {
        servers.add(server.get());
      } else {
        bad.add("\"" + item + "\" is not an IP address with an optional port");
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(
          String.join("; ", bad) + " (write 192.0.2.53, 192.0.2.53:53 or [2001:db8::53]:53)");
    }
    return List.copyOf(servers);
  }

  private static Optional<InetSocketAddress> dnsServer(String item) {
    String host = item;
    String port = null;
    if (item.startsWith("[")) {
      int close = item.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = item.substring(1, close);
      String rest = item.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return Optional.empty();
        }
        port = rest.substring(1);
      }
      if (IpAddresses.parseIpv6(host).isEmpty()) {
        return Optional.empty();
      }
    } else if (item.indexOf(':') >= 0 && item.indexOf(':') == item.lastIndexOf(':')) {
      host = item.substring(0, item.indexOf(':'));
      port = item.substring(item.indexOf(':') + 1);
    }
    Optional<InetAddress> address = IpAddresses.parse(host);
    int portNumber = port == null ? DNS_PORT : port(port);
    if (address.isEmpty() || portNumber < 0) {
      return Optional.empty();
    }
    return Optional.of(new InetSocketAddress(address.get(), portNumber));
  }

  /** A port 1-65535 written as 1-5 digits, or -1. */
  private static int port(String text) {
    if (!text.matches("\\d{1,5}")) {
      return -1;
    }
    int value = Integer.parseInt(text);
    return value >= 1 && value <= 65535 ? value : -1;
  }
}
