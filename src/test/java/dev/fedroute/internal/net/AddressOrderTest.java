package dev.fedroute.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressOrderTest {

  private static List<InetAddress> ips(String spaceSeparated) {
    if (spaceSeparated == null || spaceSeparated.isBlank()) {
      return List.of();
    }
    return Arrays.stream(spaceSeparated.trim().split(" +"))
        .map(t -> IpAddresses.parse(t).orElseThrow())
        .toList();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "- | -",
        "1.1.1.1 | 1.1.1.1",
        "::1 | ::1",
        "1.1.1.1 2.2.2.2 ::a ::b | ::a 1.1.1.1 ::b 2.2.2.2",
        "::a ::b 1.1.1.1 2.2.2.2 | ::a 1.1.1.1 ::b 2.2.2.2",
        "1.1.1.1 ::a 2.2.2.2 ::b 3.3.3.3 4.4.4.4 | ::a 1.1.1.1 ::b 2.2.2.2 3.3.3.3 4.4.4.4",
        "::a ::b ::c 1.1.1.1 | ::a 1.1.1.1 ::b ::c",
        "3.3.3.3 1.1.1.1 2.2.2.2 | 3.3.3.3 1.1.1.1 2.2.2.2",
        "::c ::a ::b | ::c ::a ::b",
        "1.1.1.1 ::a 1.1.1.1 ::a 2.2.2.2 | ::a 1.1.1.1 2.2.2.2",
        "::a ::A ::0:a 1.1.1.1 | ::a 1.1.1.1",
        "1.2.3.4 ::ffff:1.2.3.4 | ::ffff:1.2.3.4 1.2.3.4",
      })
  void interleavesIpv6First(String input, String expected) {
    List<InetAddress> ordered = AddressOrder.interleave(ips(input));

    assertThat(ordered).containsExactlyElementsOf(ips(expected));
  }

  @Test
  void resultIsUnmodifiable() {
    List<InetAddress> ordered = AddressOrder.interleave(ips("1.1.1.1 ::1"));

    assertThatThrownBy(() -> ordered.add(ips("2.2.2.2").get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anAlreadyOrderedUnmodifiableListIsReturnedItself() {
    List<InetAddress> ordered = List.copyOf(ips("::a 1.1.1.1 2.2.2.2"));
    List<InetAddress> unordered = ips("1.1.1.1 ::a 2.2.2.2");
    List<InetAddress> changeable = new ArrayList<>(ordered);

    assertThat(AddressOrder.interleave(ordered)).isSameAs(ordered);
    assertThat(AddressOrder.interleave(unordered)).isNotSameAs(unordered).isEqualTo(ordered);
    assertThat(AddressOrder.interleave(changeable)).isNotSameAs(changeable).isEqualTo(ordered);
  }
}
