package dev.fedroute.jakarta;

import dev.fedroute.Cidr;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.ServerName;
import dev.fedroute.internal.text.SettingText;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parsers of the value formats of {@link ConfigKey}. Each throws {@link IllegalArgumentException}
 * whose message is the reason, worded to follow the key and value in a problem line (as does {@link
 * SettingText#duration}, used for durations directly). Stateless.
 */
final class ConfigValues {

  private ConfigValues() {}

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

  /**
   * An absolute URL. The message never repeats the text, which may carry credentials.
   *
   * @param text the URL
   * @return the URI
   * @throws IllegalArgumentException when the text is not an absolute URL
   */
  static URI url(String text) {
    try {
      URI uri = new URI(text.trim());
      if (uri.isAbsolute()) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // falls through to the common message, which must not repeat the text
    }
    throw new IllegalArgumentException("not a URL; write http://host:port or https://host:port");
  }

  /** {@code address} or {@code name}. */
  static FedrouteConfig.Proxy.ConnectBy connectBy(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "address" -> FedrouteConfig.Proxy.ConnectBy.ADDRESS;
      case "name" -> FedrouteConfig.Proxy.ConnectBy.NAME;
      default -> throw new IllegalArgumentException("write address or name");
    };
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
      Optional<InetSocketAddress> server = SettingText.dnsServer(item);
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

  /**
   * Fixed delegations: a comma list of {@code server.name=m.server} pairs.
   *
   * @param text the list
   * @return server name to {@code m.server}
   * @throws IllegalArgumentException naming the pair that is not {@code NAME=SERVER} of two server
   *     names, or a name given twice
   */
  static Map<ServerName, ServerName> overrides(String text) {
    Map<ServerName, ServerName> overrides = new LinkedHashMap<>();
    for (String item : items(text)) {
      Map.Entry<ServerName, ServerName> override = FedrouteConfig.Servers.override(item);
      if (overrides.put(override.getKey(), override.getValue()) != null) {
        throw new IllegalArgumentException(override.getKey() + " is overridden twice");
      }
    }
    return overrides;
  }
}
