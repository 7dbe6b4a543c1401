package dev.fedroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ServerNameTest {
  private static final String LABEL_63 = "a".repeat(63);
  private static final String NAME_255 =
      LABEL_63 + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63);
  private static final String NAME_256 =
      LABEL_63 + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(62) + ".e";

  /** text, host(), canonicalHost(), port (0 = none), canonical(), IP literal. */
  static Stream<Arguments> validNames() {
    return Stream.of(
        Arguments.of("example.org", "example.org", "example.org", 0, "example.org", false),
        Arguments.of("Example.ORG", "Example.ORG", "example.org", 0, "example.org", false),
        Arguments.of(
            "example.org:8448", "example.org", "example.org", 8448, "example.org:8448", false),
        Arguments.of("EXAMPLE.org:1", "EXAMPLE.org", "example.org", 1, "example.org:1", false),
        Arguments.of(
            "example.org:65535", "example.org", "example.org", 65535, "example.org:65535", false),
        Arguments.of(
            "example.org:00080", "example.org", "example.org", 80, "example.org:80", false),
        Arguments.of("localhost", "localhost", "localhost", 0, "localhost", false),
        Arguments.of("a", "a", "a", 0, "a", false),
        Arguments.of(
            "a-b.c-d.example", "a-b.c-d.example", "a-b.c-d.example", 0, "a-b.c-d.example", false),
        Arguments.of(
            "xn--bcher-kva.com",
            "xn--bcher-kva.com",
            "xn--bcher-kva.com",
            0,
            "xn--bcher-kva.com",
            false),
        // Digits and dots with one letter make a DNS name, not an IP literal.
        Arguments.of("1.2.3.a", "1.2.3.a", "1.2.3.a", 0, "1.2.3.a", false),
        Arguments.of(
            "123abc.example", "123abc.example", "123abc.example", 0, "123abc.example", false),
        Arguments.of("1.2.3.4", "1.2.3.4", "1.2.3.4", 0, "1.2.3.4", true),
        Arguments.of("0.0.0.0", "0.0.0.0", "0.0.0.0", 0, "0.0.0.0", true),
        Arguments.of(
            "255.255.255.255:443",
            "255.255.255.255",
            "255.255.255.255",
            443,
            "255.255.255.255:443",
            true),
        Arguments.of("127.0.0.1:8448", "127.0.0.1", "127.0.0.1", 8448, "127.0.0.1:8448", true),
        Arguments.of("[::1]", "::1", "::1", 0, "[::1]", true),
        Arguments.of("[::1]:80", "::1", "::1", 80, "[::1]:80", true),
        Arguments.of(
            "[2001:DB8::1]:8448", "2001:DB8::1", "2001:db8::1", 8448, "[2001:db8::1]:8448", true),
        Arguments.of(
            "[2001:0db8:0000:0000:0000:0000:0000:0001]",
            "2001:0db8:0000:0000:0000:0000:0000:0001",
            "2001:db8::1",
            0,
            "[2001:db8::1]",
            true),
        Arguments.of(
            "[::ffff:1.2.3.4]", "::ffff:1.2.3.4", "::ffff:1.2.3.4", 0, "[::ffff:1.2.3.4]", true),
        Arguments.of(
            LABEL_63 + ".example",
            LABEL_63 + ".example",
            LABEL_63 + ".example",
            0,
            LABEL_63 + ".example",
            false),
        Arguments.of(NAME_255, NAME_255, NAME_255, 0, NAME_255, false),
        Arguments.of(NAME_255 + ":8448", NAME_255, NAME_255, 8448, NAME_255 + ":8448", false));
  }

  @ParameterizedTest
  @MethodSource("validNames")
  void acceptsValidNames(
      String text, String host, String canonicalHost, int port, String canonical, boolean ip) {
    ServerName name = ServerName.parse(text);

    assertThat(name.text()).isEqualTo(text);
    assertThat(name.toString()).isEqualTo(text);
    assertThat(name.host()).isEqualTo(host);
    assertThat(name.canonicalHost()).isEqualTo(canonicalHost);
    if (port == 0) {
      assertThat(name.port()).isEmpty();
    } else {
      assertThat(name.port()).hasValue(port);
    }
    assertThat(name.canonical()).isEqualTo(canonical);
    assertThat(name.isIpLiteral()).isEqualTo(ip);
    assertThat(name.ipAddress().isPresent()).isEqualTo(ip);
    assertThat(ServerName.parse(canonical)).isEqualTo(name);
  }

  /** input, a fragment the message must contain. */
  static Stream<Arguments> invalidNames() {
    return Stream.of(
        Arguments.of("", "must not be empty"),
        Arguments.of("2001:db8::1", "must be in square brackets"),
        Arguments.of("::1", "must be in square brackets"),
        Arguments.of("2001:db8::1:8448", "must be in square brackets"),
        Arguments.of("::ffff:1.2.3.4", "must be in square brackets"),
        Arguments.of(":8448", "host is empty"),
        Arguments.of(":", "host is empty"),
        Arguments.of("example.org:", "port is empty"),
        Arguments.of("example.org:0", "port must be 1-65535"),
        Arguments.of("example.org:00000", "port must be 1-65535"),
        Arguments.of("example.org:65536", "port must be 1-65535"),
        Arguments.of("example.org:99999", "port must be 1-65535"),
        Arguments.of("example.org:100000", "port must be 1-5 digits"),
        Arguments.of("example.org:+80", "port must be 1-5 digits"),
        Arguments.of("example.org:-1", "port must be 1-5 digits"),
        Arguments.of("example.org:80a", "port must be 1-5 digits"),
        Arguments.of("example.org:8448 ", "port must be 1-5 digits"),
        Arguments.of("example.org:8448/", "port must be 1-5 digits"),
        Arguments.of("example.org:8448:1", "more than one ':'"),
        Arguments.of("a:b:c", "more than one ':'"),
        Arguments.of("_", "'_'"),
        Arguments.of("exa_mple.org", "'_'"),
        Arguments.of("_matrix._tcp.example.org", "'_'"),
        Arguments.of("example .org", "a space"),
        Arguments.of(" example.org", "a space"),
        Arguments.of("example.org ", "a space"),
        Arguments.of("example.org/path", "'/'"),
        Arguments.of("https://example.org", "port must be 1-5 digits"),
        Arguments.of("example.org/", "'/'"),
        Arguments.of("user@example.org", "'@'"),
        Arguments.of("example.org?x=1", "'?'"),
        Arguments.of("example.org#frag", "'#'"),
        Arguments.of("example.org\r\n", "carriage return (CR)"),
        Arguments.of("example.org\nevil", "line feed (LF)"),
        Arguments.of("example.org\t", "a tab"),
        Arguments.of("example\u0000.org", "control character U+0000"),
        Arguments.of("example.org\u007f", "control character U+007F"),
        Arguments.of("example.org%20", "'%'"),
        Arguments.of("[::1]%eth0", "only \":port\" may follow"),
        Arguments.of(".example.org", "empty label"),
        Arguments.of("example.org.", "empty label"),
        Arguments.of("example..org", "empty label"),
        Arguments.of(".", "dotted quad"),
        Arguments.of("a.", "empty label"),
        Arguments.of("127.1", "dotted quad"),
        Arguments.of("0177.0.0.1", "dotted quad"),
        Arguments.of("1.2.3.256", "dotted quad"),
        Arguments.of("01.2.3.4", "dotted quad"),
        Arguments.of("1.2.3.4.5", "dotted quad"),
        Arguments.of("1.2.3", "dotted quad"),
        Arguments.of("1.2.3.4.", "dotted quad"),
        Arguments.of("2130706433", "dotted quad"),
        Arguments.of("2130706433:8448", "dotted quad"),
        Arguments.of("[::1", "without a closing ']'"),
        Arguments.of("[]", "not a valid IPv6 address"),
        Arguments.of("[1.2.3.4]", "not a valid IPv6 address"),
        Arguments.of("[example.org]", "not a valid IPv6 address"),
        Arguments.of("[fe80::1%eth0]", "not a valid IPv6 address"),
        Arguments.of("[[::1]]", "not a valid IPv6 address"),
        Arguments.of("[::1]x", "only \":port\" may follow"),
        Arguments.of("[::1]:", "port is empty"),
        Arguments.of("[::1]:0", "port must be 1-65535"),
        Arguments.of("[::1]:65536", "port must be 1-65535"),
        Arguments.of("[::1]:8448:1", "port must be 1-5 digits"),
        Arguments.of("::1]", "more than one ':'"),
        Arguments.of("a]", "']'"),
        Arguments.of("a" + LABEL_63 + ".example", "label longer than 63 characters"),
        Arguments.of("example." + "a" + LABEL_63, "label longer than 63 characters"),
        Arguments.of(NAME_256, "longer than 255 characters"),
        Arguments.of(NAME_256 + ":8448", "longer than 255 characters"));
  }

  @ParameterizedTest
  @MethodSource("invalidNames")
  void rejectsInvalidNames(String text, String reason) {
    assertThatThrownBy(() -> ServerName.parse(text))
        .isInstanceOfSatisfying(
            InvalidServerNameException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SERVER_NAME);
              assertThat(e.getMessage()).startsWith("invalid server name \"").contains(reason);
              assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u0000");
              if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"')) {
                assertThat(e.getMessage()).contains("\"" + text + "\"");
              }
            });
  }

  @Test
  void messageQuotesInputAndReason() {
    assertThatThrownBy(() -> ServerName.parse("a.example.test:0"))
        .isInstanceOf(InvalidServerNameException.class)
        .hasMessage("invalid server name \"a.example.test:0\": port must be 1-65535");
  }

  @Test
  void messageEscapesLineBreaks() {
    assertThatThrownBy(() -> ServerName.parse("evil.example\r\nX-Injected: 1"))
        .hasMessageStartingWith("invalid server name \"evil.example\\r\\nX-Injected: 1\"");
  }

  @Test
  void messageCutsHugeInput() {
    String huge = "a".repeat(100_000);

    assertThatThrownBy(() -> ServerName.parse(huge))
        .isInstanceOf(InvalidServerNameException.class)
        .hasMessageContaining("(100000 characters)")
        .hasMessageContaining("longer than 255 characters")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> ServerName.parse(null))
        .isInstanceOf(InvalidServerNameException.class)
        .hasMessageContaining("null");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bücher.com | \"xn--bcher-kva.com\"",
        "Bücher.com | \"xn--bcher-kva.com\"",
        "bücher.com:8448 | \"xn--bcher-kva.com:8448\"",
        "matrix.bücher.example | \"matrix.xn--bcher-kva.example\"",
        "例え.テスト | \"xn--r8jz45g.xn--zckzah\"",
      })
  void rejectsULabelNamingTheALabel(String text, String aLabel) {
    assertThatThrownBy(() -> ServerName.parse(text))
        .isInstanceOf(InvalidServerNameException.class)
        .hasMessageStartingWith("invalid server name \"" + text + "\"")
        .hasMessageContaining("non-ASCII")
        .hasMessageEndingWith("use the A-label form " + aLabel);
    String suggestion = aLabel.substring(1, aLabel.length() - 1);
    assertThat(ServerName.parse(suggestion).text()).isEqualTo(suggestion);
  }

  @Test
  void nonAsciiWithoutAnALabelFormSaysHostMustBeAscii() {
    assertThatThrownBy(() -> ServerName.parse("bü_cher.com"))
        .isInstanceOf(InvalidServerNameException.class)
        .hasMessageContaining("U+00FC")
        .hasMessageContaining("a host must be ASCII")
        .hasMessageNotContaining("A-label");
  }

  @Test
  void nonAsciiDigitsAreNotAnIpLiteral() {
    assertThatThrownBy(() -> ServerName.parse("\u0661.2.3.4"))
        .isInstanceOf(InvalidServerNameException.class)
        .hasMessageContaining("non-ASCII");
  }

  @Test
  void equalityFollowsCanonicalForm() {
    assertThat(ServerName.parse("Example.ORG")).isEqualTo(ServerName.parse("example.org"));
    assertThat(ServerName.parse("Example.ORG").hashCode())
        .isEqualTo(ServerName.parse("example.org").hashCode());
    assertThat(ServerName.parse("[2001:DB8::1]:8448"))
        .isEqualTo(ServerName.parse("[2001:db8:0:0::1]:8448"))
        .hasSameHashCodeAs(ServerName.parse("[2001:db8:0:0::1]:8448"));
    assertThat(ServerName.parse("example.org:08448"))
        .isEqualTo(ServerName.parse("example.org:8448"));
    assertThat(ServerName.parse("example.org")).isNotEqualTo(ServerName.parse("example.org:8448"));
    assertThat(ServerName.parse("1.2.3.4")).isNotEqualTo(ServerName.parse("[::ffff:1.2.3.4]"));
    assertThat(ServerName.parse("example.org")).isNotEqualTo("example.org");
  }

  @Test
  void ipAddressKeepsFamily() {
    assertThat(ServerName.parse("1.2.3.4").ipAddress()).get().isInstanceOf(Inet4Address.class);
    assertThat(ServerName.parse("[::ffff:1.2.3.4]").ipAddress())
        .get()
        .isInstanceOf(Inet6Address.class);
    assertThat(ServerName.parse("example.org").ipAddress()).isEmpty();
  }
}
