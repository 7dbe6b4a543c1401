package dev.fedroute.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, 0, 0, 0, 0",
    "1.2.3.4, 1, 2, 3, 4",
    "127.0.0.1, 127, 0, 0, 1",
    "255.255.255.255, 255, 255, 255, 255",
    "10.20.30.40, 10, 20, 30, 40",
    "100.0.199.249, 100, 0, 199, 249",
  })
  void parsesStrictDottedQuads(String text, int a, int b, int c, int d) {
    InetAddress address = IpAddresses.parseIpv4(text).orElseThrow();

    assertThat(address).isInstanceOf(Inet4Address.class);
    assertThat(address.getAddress()).containsExactly((byte) a, (byte) b, (byte) c, (byte) d);
    assertThat(IpAddresses.toText(address)).isEqualTo(text);
    assertThat(IpAddresses.parse(text)).contains(address);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "127.1",
        "0177.0.0.1",
        "01.2.3.4",
        "1.2.3.04",
        "1.2.3.256",
        "256.0.0.0",
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.",
        ".1.2.3",
        "1..2.3",
        "1.2.3.4.",
        "0x7f.0.0.1",
        "1.2.3.-4",
        "1.2.3.+4",
        " 1.2.3.4",
        "1.2.3.4 ",
        "1.2.3.1000",
        "2130706433",
        "\u0661.2.3.4",
        "1.2.3.4/8",
        "::1",
      })
  void rejectsOtherIpv4Forms(String text) {
    assertThat(IpAddresses.parseIpv4(text)).isEmpty();
  }

  static Stream<Arguments> ipv6Canonical() {
    return Stream.of(
        Arguments.of("::", "::"),
        Arguments.of("::1", "::1"),
        Arguments.of("1::", "1::"),
        Arguments.of("2001:db8::1", "2001:db8::1"),
        Arguments.of("2001:DB8::1", "2001:db8::1"),
        Arguments.of("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        Arguments.of("2001:db8:0:0:0:0:2:1", "2001:db8::2:1"),
        // A single zero group is not compressed (RFC 5952 4.2.2).
        Arguments.of("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        Arguments.of("2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        // The longest run wins (4.2.3) ...
        Arguments.of("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        // ... and the first one on ties.
        Arguments.of("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        Arguments.of("0:0:1:0:0:1:0:0", "::1:0:0:1:0:0"),
        Arguments.of("1:0:0:0:0:0:0:0", "1::"),
        Arguments.of("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        Arguments.of("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
        Arguments.of(
            "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", "abcd:ef01:2345:6789:abcd:ef01:2345:6789"),
        Arguments.of("fe80::0001", "fe80::1"),
        Arguments.of("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        Arguments.of("::FFFF:0102:0304", "::ffff:1.2.3.4"),
        Arguments.of("0:0:0:0:0:ffff:127.0.0.1", "::ffff:127.0.0.1"),
        // IPv4-compatible (deprecated) and NAT64 keep the hex form.
        Arguments.of("::1.2.3.4", "::102:304"),
        Arguments.of("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        Arguments.of("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        Arguments.of(
            "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
  }

  @ParameterizedTest
  @MethodSource("ipv6Canonical")
  void parsesIpv6AndPrintsRfc5952(String text, String canonical) {
    InetAddress address = IpAddresses.parseIpv6(text).orElseThrow();

    assertThat(address).isInstanceOf(Inet6Address.class);
    assertThat(IpAddresses.toText(address)).isEqualTo(canonical);
    assertThat(IpAddresses.parseIpv6(canonical)).contains(address);
    assertThat(IpAddresses.parse(text)).contains(address);
  }

  @Test
  void parsesIpv6Bytes() {
    byte[] bytes = IpAddresses.parseIpv6("2001:db8:a:b::1:ff").orElseThrow().getAddress();

    assertThat(bytes)
        .containsExactly(
            0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0x0a, 0, 0x0b, 0, 0, 0, 0, 0, 1, 0, (byte) 0xff);
  }

  @Test
  void keepsIpv4MappedAsIpv6() throws Exception {
    InetAddress mapped = IpAddresses.parseIpv6("::ffff:1.2.3.4").orElseThrow();

    // The JDK's own factory would have turned these bytes into an IPv4 address.
    assertThat(InetAddress.getByAddress(mapped.getAddress())).isInstanceOf(Inet4Address.class);
    assertThat(mapped).isInstanceOf(Inet6Address.class);
    assertThat(mapped.getAddress()).hasSize(16);
    assertThat(mapped).isNotEqualTo(IpAddresses.parseIpv4("1.2.3.4").orElseThrow());
    assertThat(((Inet6Address) mapped).getScopeId()).isZero();
    assertThat(mapped.getHostAddress()).doesNotContain("%");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        ":",
        ":::",
        "::1::",
        "1::2::3",
        ":1::",
        "::1:",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1:2:3:4::5:6:7:8",
        "1:2:3:4:5:6:7:",
        ":2:3:4:5:6:7:8",
        "12345::",
        "g::1",
        "::1%eth0",
        "fe80::1%1",
        "[::1]",
        "::1.2.3",
        "::1.2.3.4.5",
        "::01.2.3.4",
        "::1.2.3.256",
        "1.2.3.4::",
        "::1.2.3.4:5",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::ffff:1.2.3.4:1",
        " ::1",
        "::1 ",
        "::\uff11",
        "0000:0000:0000:0000:0000:0000:0000:0000:0",
      })
  void rejectsInvalidIpv6(String text) {
    assertThat(IpAddresses.parseIpv6(text)).isEmpty();
    assertThat(IpAddresses.parse(text)).isEmpty();
  }

  @Test
  void ipv6ParserRejectsBareDottedQuad() {
    assertThat(IpAddresses.parseIpv6("1.2.3.4")).isEmpty();
  }

  @Test
  void toTextOfJdkMadeAddresses() throws Exception {
    assertThat(IpAddresses.toText(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) 200})))
        .isEqualTo("10.0.0.200");
    byte[] loopback = new byte[16];
    loopback[15] = 1;
    assertThat(IpAddresses.toText(InetAddress.getByAddress(loopback))).isEqualTo("::1");
  }

  @Test
  void unbracketedTakesOffOnlyTheBracketsOfAnIpv6Host() {
    assertThat(IpAddresses.unbracketed("[2001:db8::1]")).isEqualTo("2001:db8::1");
    assertThat(IpAddresses.unbracketed("[::1]")).isEqualTo("::1");
    assertThat(IpAddresses.unbracketed("example.org")).isEqualTo("example.org");
    assertThat(IpAddresses.unbracketed("192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(IpAddresses.unbracketed("[")).isEqualTo("[");
    assertThat(IpAddresses.unbracketed("[::1")).isEqualTo("[::1");
    assertThat(IpAddresses.unbracketed(null)).isNull();
  }
}
