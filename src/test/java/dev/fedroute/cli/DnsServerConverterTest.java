package dev.fedroute.cli;

import static dev.fedroute.cli.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DnsServerConverterTest {
  private final DnsServerConverter converter = new DnsServerConverter();

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("192.0.2.53", "192.0.2.53", 53),
        Arguments.of("127.0.0.1:5353", "127.0.0.1", 5353),
        Arguments.of("2001:db8::53", "2001:db8::53", 53),
        Arguments.of("::1", "::1", 53),
        Arguments.of("[2001:db8::53]", "2001:db8::53", 53),
        Arguments.of("[::1]:65535", "::1", 65535),
        Arguments.of("10.0.0.1:1", "10.0.0.1", 1));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void acceptsIpLiteralsWithOptionalPort(String text, String address, int port) {
    InetSocketAddress server = converter.convert(text);

    assertThat(server.isUnresolved()).isFalse();
    assertThat(server.getAddress()).isEqualTo(ip(address));
    assertThat(server.getPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "dns.example.org",
        "dns.example.org:53",
        "localhost",
        "127.1",
        "1.2.3.256",
        "127.0.0.1:",
        "127.0.0.1:0",
        "127.0.0.1:65536",
        "127.0.0.1:53x",
        "127.0.0.1:+53",
        "[::1",
        "[::1]53",
        "[::1]:",
        "[127.0.0.1]:53",
        "::1:53:",
        "2001:db8::53:53:53:53:53:53:53"
      })
  void rejectsEverythingElseNamingTheValue(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'" + text + "'");
  }
}
