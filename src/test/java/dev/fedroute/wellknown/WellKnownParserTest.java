package dev.fedroute.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WellKnownParserTest {

  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of("{\"m.server\":\"matrix.example.org:443\"}", "matrix.example.org:443", null),
        Arguments.of("{\"m.server\":\"matrix.example.org\",\"x\":[1]}", "matrix.example.org", null),
        Arguments.of("{\"m.server\":\"[2001:db8::1]:8448\"}", "[2001:db8::1]:8448", null),
        Arguments.of("  {\"m.server\" : \"a.test\"}  ", "a.test", null),
        Arguments.of("{\"m.server\":443}", null, "m.server is not a string"),
        Arguments.of("{\"m.server\":null}", null, "m.server is not a string"),
        Arguments.of("{\"m.server\":[\"a.test\"]}", null, "m.server is not a string"),
        Arguments.of("{\"m.server\":\"\"}", null, "m.server is empty"),
        Arguments.of("{\"m.server\":\"a.test/path\"}", null, "m.server has a path"),
        Arguments.of("{\"m.server\":\"a.test\\r\\nX: y\"}", null, "m.server contains CR/LF"),
        Arguments.of("{\"m.server\":\"a.test\\n\"}", null, "m.server contains CR/LF"),
        Arguments.of("{\"m.server\":\"a_b.test\"}", null, "m.server is not a valid server name"),
        Arguments.of("{\"m.server\":\"a.test:0\"}", null, "m.server is not a valid server name"),
        Arguments.of("{\"m.server\":\" a.test\"}", null, "m.server is not a valid server name"),
        Arguments.of("{}", null, "m.server is missing"),
        Arguments.of("[{\"m.server\":\"a.test\"}]", null, "not a JSON object"),
        Arguments.of("\"a.test\"", null, "not a JSON object"),
        Arguments.of("{\"m.server\":\"a.test\"", null, "invalid JSON"),
        Arguments.of("{\"m.server\":\"a.test\"} trailing", null, "invalid JSON"),
        Arguments.of("", null, "invalid JSON"),
        Arguments.of("<html>", null, "invalid JSON"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("bodies")
  void parses(String body, String mServer, String problem) {
    WellKnownParser.Parsed p = WellKnownParser.parse(body.getBytes(StandardCharsets.UTF_8));
    assertThat(p.mServer()).isEqualTo(mServer);
    assertThat(p.delegates()).isEqualTo(mServer != null);
    if (problem == null) {
      assertThat(p.problem()).isNull();
    } else {
      assertThat(p.problem()).startsWith(problem);
    }
  }
}
