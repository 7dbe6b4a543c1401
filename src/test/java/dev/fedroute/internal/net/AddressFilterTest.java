package dev.fedroute.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Cidr;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressFilterTest {
  private static final AddressFilter DEFAULTS =
      new AddressFilter(FedrouteConfig.DEFAULT_BLOCKLIST, List.of());

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text).orElseThrow();
  }

  private static List<Cidr> cidrs(String spaceSeparated) {
    if (spaceSeparated == null || spaceSeparated.isBlank()) {
      return List.of();
    }
    return Cidr.parseAll(Arrays.asList(spaceSeparated.trim().split(" +")));
  }

  /** Each default range with an address inside it and one just outside it. */
  static Stream<Arguments> defaultRanges() {
    return Stream.of(
        Arguments.of("0.0.0.0/8", "0.255.255.255", "1.0.0.0"),
        Arguments.of("10.0.0.0/8", "10.255.255.255", "11.0.0.0"),
        Arguments.of("100.64.0.0/10", "100.64.0.0", "100.128.0.0"),
        Arguments.of("127.0.0.0/8", "127.0.0.1", "128.0.0.0"),
        Arguments.of("169.254.0.0/16", "169.254.169.254", "169.255.0.0"),
        Arguments.of("172.16.0.0/12", "172.31.255.255", "172.32.0.0"),
        Arguments.of("192.0.0.0/24", "192.0.0.8", "192.0.1.0"),
        Arguments.of("192.0.2.0/24", "192.0.2.1", "192.0.3.0"),
        Arguments.of("192.88.99.0/24", "192.88.99.1", "192.88.98.255"),
        Arguments.of("192.168.0.0/16", "192.168.1.1", "192.169.0.0"),
        Arguments.of("198.18.0.0/15", "198.19.255.255", "198.20.0.0"),
        Arguments.of("198.51.100.0/24", "198.51.100.7", "198.51.101.0"),
        Arguments.of("203.0.113.0/24", "203.0.113.9", "203.0.114.0"),
        Arguments.of("224.0.0.0/4", "239.255.255.255", "223.255.255.255"),
        Arguments.of("240.0.0.0/4", "240.0.0.1", "239.255.255.255"),
        Arguments.of("255.255.255.255/32", "255.255.255.255", "255.255.255.254"),
        Arguments.of("::/128", "::", "::1"),
        Arguments.of("::1/128", "::1", "::"),
        Arguments.of("100::/64", "100::ffff:ffff:ffff:ffff", "100:0:0:1::"),
        Arguments.of("2001:db8::/32", "2001:db8:1::1", "2001:db9::1"),
        Arguments.of("fc00::/7", "fd12:3456::1", "fe00::1"),
        Arguments.of("fe80::/10", "fe80::1", "fec0::1"),
        Arguments.of("fec0::/10", "feff::1", "fe80::1"),
        Arguments.of("ff00::/8", "ff02::1", "fe00::1"));
  }

  @Test
  void defaultRangeTableCoversTheWholeDefaultBlocklist() {
    assertThat(defaultRanges().map(a -> Cidr.parse((String) a.get()[0])))
        .containsExactlyInAnyOrderElementsOf(FedrouteConfig.DEFAULT_BLOCKLIST);
  }

  @ParameterizedTest
  @MethodSource("defaultRanges")
  void blocksEachDefaultRange(String range, String inside, String outside) {
    AddressFilter only = new AddressFilter(List.of(Cidr.parse(range)), List.of());

    assertThat(DEFAULTS.isBlocked(ip(inside))).as("default filter, %s", inside).isTrue();
    assertThat(only.isBlocked(ip(inside))).as("%s alone, %s", range, inside).isTrue();
    assertThat(only.isBlocked(ip(outside))).as("%s alone, %s", range, outside).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.1.1.1",
        "8.8.8.8",
        "9.255.255.255",
        "100.63.255.255",
        "100.128.0.0",
        "126.255.255.255",
        "128.0.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "192.0.1.0",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "2606:4700:4700::1111",
        "2a00:1450:4001:82a::200e",
        "2001:db7:ffff::1",
        "2001:db9::1",
        "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "fe00::1",
        "100:0:0:1::",
        "::ffff:8.8.8.8",
        "64:ff9b::8.8.8.8",
        "2002:808:808::1",
      })
  void defaultFilterPermitsPublicAddresses(String address) {
    assertThat(DEFAULTS.isBlocked(ip(address))).isFalse();
  }

  /** address, blocked by the default filter; each embedding form both ways. */
  @ParameterizedTest
  @CsvSource({
    // IPv4-mapped ::ffff:0:0/96
    "::ffff:127.0.0.1, true",
    "::ffff:10.1.2.3, true",
    "::ffff:169.254.169.254, true",
    "::ffff:7f00:1, true",
    "::ffff:8.8.8.8, false",
    "::ffff:1.1.1.1, false",
    // IPv4-compatible ::/96 (deprecated)
    "::127.0.0.1, true",
    "::192.168.0.1, true",
    "::2, true",
    "::8.8.8.8, false",
    // NAT64 64:ff9b::/96
    "64:ff9b::127.0.0.1, true",
    "64:ff9b::a00:1, true",
    "64:ff9b::8.8.8.8, false",
    "64:ff9b:1::7f00:1, false",
    "64:ff9b:0:0:1::7f00:1, false",
    // 6to4 2002::/16, IPv4 in bits 16-47
    "2002:7f00:1::1, true",
    "2002:c0a8:101::, true",
    "2002:a00:1:ffff:ffff:ffff:ffff:ffff, true",
    "2002:808:808::1, false",
    "2002:808:808:7f00:0:0:7f00:1, false",
    // Teredo 2001::/32, client IPv4 bit-inverted in the last 32 bits
    "2001:0:4136:e378:8000:63bf:3fff:fdd2, true",
    "2001::80ff:fffe, true",
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7, false",
    "2001:0:4136:e378:8000:63bf:7f00:1, false",
    "2001:0:4136:e378:8000:63bf:808:808, true",
  })
  void judgesEmbeddedIpv4(String address, boolean blocked) {
    assertThat(DEFAULTS.isBlocked(ip(address))).isEqualTo(blocked);
  }

  /** address, the IPv4 address it embeds ({@code -} for none). */
  @ParameterizedTest
  @CsvSource({
    "::ffff:1.2.3.4, 1.2.3.4",
    "::1.2.3.4, 1.2.3.4",
    "::, -",
    "::1, -",
    "::2, 0.0.0.2",
    "::1:0:0:1, -",
    "::fffe:1.2.3.4, -",
    "64:ff9b::192.0.2.33, 192.0.2.33",
    "64:ff9b::1:192.0.2.33, -",
    "2002:c000:221::, 192.0.2.33",
    "2002:c000:221:ffff:1:2:3:4, 192.0.2.33",
    "2003:c000:221::, -",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2, 192.0.2.45",
    "2001::ffff:ffff, 0.0.0.0",
    "2001:1::ffff:ffff, -",
    "2001:db8::1, -",
    "fe80::1.2.3.4, -",
  })
  void findsTheEmbeddedAddress(String address, String embedded) {
    byte[] bytes = ip(address).getAddress();
    long value =
        AddressFilter.embeddedIpv4(
            AddressFilter.readLong(bytes, 0), AddressFilter.readLong(bytes, 8));

    if (embedded.equals("-")) {
      assertThat(value).isEqualTo(-1L);
    } else {
      assertThat(value)
          .isEqualTo(AddressFilter.readInt(ip(embedded).getAddress(), 0) & 0xffff_ffffL);
    }
  }

  @Test
  void unspecifiedAndLoopbackAreNotIpv4Compatible() {
    AddressFilter filter = new AddressFilter(cidrs("0.0.0.0/8"), List.of());

    assertThat(filter.isBlocked(ip("::"))).isFalse();
    assertThat(filter.isBlocked(ip("::1"))).isFalse();
    assertThat(filter.isBlocked(ip("::2"))).isTrue();
    assertThat(filter.isBlocked(ip("0.0.0.1"))).isTrue();
  }

  /** blocklist (empty: defaults), allowlist, address, blocked. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "- | 127.0.0.0/8 | 127.0.0.1 | false",
        "- | 127.0.0.0/8 | 127.255.255.255 | false",
        "- | 127.0.0.0/8 | ::ffff:127.0.0.1 | false",
        "- | 127.0.0.0/8 | ::127.0.0.1 | false",
        "- | 127.0.0.0/8 | 64:ff9b::127.0.0.1 | false",
        "- | 127.0.0.0/8 | 2002:7f00:1:: | false",
        "- | 127.0.0.0/8 | 2001::80ff:fffe | false",
        "- | 127.0.0.0/8 | 128.0.0.0 | false",
        "- | 127.0.0.0/8 | 10.0.0.1 | true",
        "- | 127.0.0.0/8 | ::1 | true",
        "- | ::1/128 | ::1 | false",
        "- | ::1/128 | :: | true",
        "- | ::1/128 | 127.0.0.1 | true",
        "- | ::1/128 | ::ffff:127.0.0.1 | true",
        "- | 10.1.0.0/16 | 10.1.2.3 | false",
        "- | 10.1.0.0/16 | 10.2.0.0 | true",
        "- | 10.1.0.0/16 127.0.0.1 | 127.0.0.1 | false",
        "- | 10.1.0.0/16 127.0.0.1 | 127.0.0.2 | true",
        "- | 0.0.0.0/0 | 192.168.1.1 | false",
        "- | 0.0.0.0/0 | ::ffff:192.168.1.1 | false",
        "- | 0.0.0.0/0 | fe80::1 | true",
        "- | ::/0 | fe80::1 | false",
        "- | ::/0 | ::ffff:127.0.0.1 | false",
        "- | ::/0 | 127.0.0.1 | true",
        "- | fd00::/8 | fd00::1 | false",
        "- | fd00::/8 | fc00::1 | true",
        // A listed IPv6 range judges the IPv6 address itself, not the IPv4 address inside.
        "::ffff:0:0/96 | - | ::ffff:8.8.8.8 | true",
        "::ffff:0:0/96 | 8.8.8.8/32 | ::ffff:8.8.8.8 | true",
        "::ffff:0:0/96 | ::ffff:8.8.8.8/128 | ::ffff:8.8.8.8 | false",
        "::ffff:0:0/96 | - | 8.8.8.8 | false",
        "2002::/16 | - | 2002:808:808:: | true",
        "2001::/32 | 0.0.0.0/0 | 2001::f7f7:f7f7 | true",
        // An empty blocklist blocks nothing.
        "- | - | 8.8.8.8 | false",
      })
  void allowlistOverridesBlocklist(String block, String allow, String address, boolean blocked) {
    List<Cidr> blocklist = block == null ? FedrouteConfig.DEFAULT_BLOCKLIST : cidrs(block);
    AddressFilter filter = new AddressFilter(blocklist, cidrs(allow));

    assertThat(filter.isBlocked(ip(address))).isEqualTo(blocked);
  }

  @Test
  void emptyListsBlockNothing() {
    AddressFilter open = new AddressFilter(List.of(), List.of());

    assertThat(open.isBlocked(ip("127.0.0.1"))).isFalse();
    assertThat(open.isBlocked(ip("::1"))).isFalse();
    assertThat(open.isBlocked(ip("::ffff:127.0.0.1"))).isFalse();
  }

  @Test
  void permittedKeepsOrderAndDropsBlocked() {
    List<InetAddress> candidates =
        List.of(ip("8.8.8.8"), ip("10.0.0.1"), ip("2606:4700::1"), ip("::1"), ip("1.1.1.1"));

    assertThat(DEFAULTS.permitted(candidates))
        .containsExactly(ip("8.8.8.8"), ip("2606:4700::1"), ip("1.1.1.1"));
  }

  @Test
  void permittedIsTheGivenListItselfWhenNothingIsBlocked() {
    List<InetAddress> candidates = List.of(ip("8.8.8.8"), ip("2606:4700::1"));
    List<InetAddress> changeable = new ArrayList<>(candidates);

    assertThat(DEFAULTS.permitted(candidates)).isSameAs(candidates);
    assertThat(DEFAULTS.permitted(changeable)).isNotSameAs(changeable).isEqualTo(candidates);
  }
}
