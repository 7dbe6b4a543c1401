package dev.fedroute.cli;

import dev.fedroute.internal.text.SettingText;
import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a {@code --dns} value: an IP literal with an optional port, default 53. Accepted forms:
 * {@code 192.0.2.53}, {@code 192.0.2.53:5353}, {@code 2001:db8::53}, {@code [2001:db8::53]} and
 * {@code [2001:db8::53]:5353}. Host names are refused: the DNS server cannot be found by DNS. No
 * lookup is ever made. Stateless and thread-safe.
 */
final class DnsServerConverter implements ITypeConverter<InetSocketAddress> {
  /** Creates the converter. */
  public DnsServerConverter() {}

  /**
   * Parses the text.
   *
   * @param text the option value
   * @return the resolved socket address (never unresolved)
   * @throws TypeConversionException naming the value when it is not an IP with an optional port
   */
  @Override
  public InetSocketAddress convert(String text) {
    return SettingText.dnsServer(text).orElseThrow(() -> invalid(text));
  }

  private static TypeConversionException invalid(String text) {
    return new TypeConversionException(
        "'"
            + text
            + "' is not a DNS server: expected an IP address with an optional port 1-65535"
            + " (192.0.2.53, 192.0.2.53:5353, 2001:db8::53, [2001:db8::53]:5353)");
  }
}
