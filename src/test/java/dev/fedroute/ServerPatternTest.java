package dev.fedroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerPatternTest {

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
    "example.org, example.org, true",
    "example.org, EXAMPLE.org:8448, true",
    "example.org, a.example.org, false",
    "example.org, example.org.evil.test, false",
    "*.example.org, a.example.org, true",
    "*.example.org, a.b.example.org:443, true",
    "*.example.org, example.org, false",
    "*.example.org, badexample.org, false",
    "*.Example.ORG, x.example.org, true",
    "192.0.2.1, 192.0.2.1:8448, true",
    "192.0.2.1, 192.0.2.10, false",
    "'[2001:db8::1]', '[2001:db8:0::1]:8448', true"
  })
  void matchesTheHostOnAnyPort(String pattern, String name, boolean matches) {
    assertThat(ServerPattern.parse(pattern).matches(ServerName.parse(name))).isEqualTo(matches);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "*", "*.", "example.org:8448", "*.192.0.2.1", "a_b.test", "**.x.org"})
  void refusesWhatIsNoPattern(String text) {
    assertThatThrownBy(() -> ServerPattern.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\" is not a server name pattern");
  }

  @org.junit.jupiter.api.Test
  void denyWinsAndAnEmptyAllowListAllowsEverything() {
    var policy =
        new FedrouteConfig.Servers(
            List.of(ServerPattern.parse("*.friends.test")),
            List.of(ServerPattern.parse("bad.friends.test")),
            java.util.Map.of());
    var open =
        new FedrouteConfig.Servers(
            List.of(), List.of(ServerPattern.parse("x.test")), java.util.Map.of());

    assertThat(policy.refusal(ServerName.parse("a.friends.test"))).isEmpty();
    assertThat(policy.refusal(ServerName.parse("bad.friends.test")))
        .hasValue("bad.friends.test is denied (pattern bad.friends.test)");
    assertThat(policy.refusal(ServerName.parse("stranger.test")))
        .hasValue("stranger.test is not among the allowed servers");
    assertThat(open.refusal(ServerName.parse("anyone.test"))).isEmpty();
    assertThat(open.refusal(ServerName.parse("x.test:8448"))).isPresent();
  }
}
