package dev.fedroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.internal.text.IpAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text).orElseThrow();
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.0.0.0/8",
    "10.1.2.3/8, 10.0.0.0/8",
    "1.2.3.4, 1.2.3.4/32",
    "0.0.0.0/0, 0.0.0.0/0",
    "255.255.255.255/0, 0.0.0.0/0",
    "172.31.255.255/12, 172.16.0.0/12",
    "100.127.1.1/10, 100.64.0.0/10",
    "::1, ::1/128",
    "::/0, ::/0",
    "fc00::/7, fc00::/7",
    "fdff:1::1/7, fc00::/7",
    "2001:DB8:1::/32, 2001:db8::/32",
    "fe80::1/10, fe80::/10",
    "::ffff:1.2.3.4/96, ::ffff:0.0.0.0/96",
    "2001:db8::ffff/127, 2001:db8::fffe/127",
  })
  void parsesAndMasks(String text, String canonical) {
    Cidr cidr = Cidr.parse(text);

    assertThat(cidr).hasToString(canonical);
    assertThat(cidr).isEqualTo(Cidr.parse(canonical)).hasSameHashCodeAs(Cidr.parse(canonical));
  }

  @Test
  void ipv4MappedRangeStaysIpv6() {
    Cidr cidr = Cidr.parse("::ffff:0:0/96");

    assertThat(cidr.network()).isInstanceOf(Inet6Address.class);
    assertThat(cidr.prefixLength()).isEqualTo(96);
  }

  @Test
  void constructorMasksAndChecks() {
    assertThat(new Cidr(ip("192.168.7.9"), 16)).isEqualTo(Cidr.parse("192.168.0.0/16"));
    assertThat(new Cidr(ip("::ffff:1.2.3.4"), 100).network()).isInstanceOf(Inet6Address.class);
    assertThatThrownBy(() -> new Cidr(ip("1.2.3.4"), 33))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Cidr(ip("::"), 129)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Cidr(ip("::"), -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Cidr(null, 0)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/",
        "/8",
        "10.0.0.0/",
        "10.0.0.0/33",
        "10.0.0.0/-1",
        "10.0.0.0/+8",
        "10.0.0.0/08",
        "10.0.0.0/8/8",
        "10.0.0.0/ 8",
        "10.0.0.0/8 ",
        "10.0.0/8",
        "010.0.0.0/8",
        "10.0.0.0/1000",
        "::/129",
        "::1/",
        "[::1]/128",
        "fe80::1%1/64",
        "example.org/8",
        "10.0.0.0/a",
      })
  void rejectsInvalidRangesNamingTheText(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/",
        "10.0.0.0/33",
        "10.0.0.0/-1",
        "10.0.0.0/+8",
        "10.0.0.0/08",
        "10.0.0.0/8/8",
        "10.0.0.0/ 8",
        "10.0.0.0/8 ",
        "10.0.0.0/255",
        "10.0.0.0/256",
        "10.0.0.0/999",
        "10.0.0.0/1000",
        "10.0.0.0/a",
        "10.0.0.0/\u0661",
        "::/129",
        "::/255",
        "::/256",
        "::1/",
      })
  void rejectsABadPrefixLengthWithTheRangeOfTheFamily(String text) {
    String max = text.contains(":") ? "128" : "32";
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid CIDR range \"" + text + "\": prefix length must be 0-" + max);
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Cidr.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseAllKeepsOrderAndNamesTheBadOne() {
    assertThat(Cidr.parseAll(List.of("::1", "10.0.0.0/8")))
        .containsExactly(Cidr.parse("::1/128"), Cidr.parse("10.0.0.0/8"));
    assertThatThrownBy(() -> Cidr.parseAll(List.of("10.0.0.0/8", "nope")))
        .hasMessageContaining("\"nope\"");
  }

  @ParameterizedTest
  @CsvSource({
    "0.0.0.0/0, 0.0.0.0, true",
    "0.0.0.0/0, 255.255.255.255, true",
    "0.0.0.0/0, ::, false",
    "0.0.0.0/0, ::ffff:1.2.3.4, false",
    "10.0.0.0/8, 10.0.0.0, true",
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 9.255.255.255, false",
    "10.0.0.0/8, 11.0.0.0, false",
    "10.0.0.0/8, ::ffff:10.0.0.1, false",
    "100.64.0.0/10, 100.64.0.0, true",
    "100.64.0.0/10, 100.127.255.255, true",
    "100.64.0.0/10, 100.128.0.0, false",
    "100.64.0.0/10, 100.63.255.255, false",
    "198.18.0.0/15, 198.19.255.255, true",
    "198.18.0.0/15, 198.20.0.0, false",
    "1.2.3.4/32, 1.2.3.4, true",
    "1.2.3.4/32, 1.2.3.5, false",
    "1.2.3.4/32, 1.2.3.3, false",
    "1.2.3.4/31, 1.2.3.5, true",
    "1.2.3.4/31, 1.2.3.6, false",
    "::/0, ::, true",
    "::/0, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "::/0, 1.2.3.4, false",
    "::1/128, ::1, true",
    "::1/128, ::, false",
    "::1/128, ::2, false",
    "::1/128, 127.0.0.1, false",
    "::/128, ::, true",
    "::/128, ::1, false",
    "fc00::/7, fc00::, true",
    "fc00::/7, fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "fc00::/7, fe00::, false",
    "fc00::/7, fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, false",
    "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "2001:db8::/32, 2001:db9::, false",
    "100::/64, 100::ffff:ffff:ffff:ffff, true",
    "100::/64, 100:0:0:1::, false",
    "2001:db8::/65, 2001:db8::7fff:ffff:ffff:ffff, true",
    "2001:db8::/65, 2001:db8::8000:0:0:0, false",
    "::ffff:0:0/96, ::ffff:1.2.3.4, true",
    "::ffff:0:0/96, 1.2.3.4, false",
  })
  void containsEdges(String range, String address, boolean expected) {
    assertThat(Cidr.parse(range).contains(ip(address))).isEqualTo(expected);
  }
}
