package dev.fedroute.internal.wellknown;

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
        Arguments.of("<html>", null, "invalid JSON"),
        Arguments.of("{\"m.server\":\"a.test\"} {}", null, "invalid JSON"),
        Arguments.of("[1,2", null, "invalid JSON"),
        Arguments.of("{\"m.server\":\"a.test\",}", null, "invalid JSON"),
        Arguments.of("{'m.server':'a.test'}", null, "invalid JSON"),
        Arguments.of("{\"m.server\":\"a.test\"} // comment", null, "invalid JSON"),
        Arguments.of("{\"x\":[1,{\"y\":tru}],\"m.server\":\"a.test\"}", null, "invalid JSON"),
        Arguments.of("{\"m.server\":\"a.test\",\"m.server\":\"b.test\"}", "b.test", null),
        Arguments.of(
            "{\"x\":{\"m.server\":\"nested.test\"},\"m.server\":\"a.test\"}", "a.test", null),
        Arguments.of("{\"x\":{\"m.server\":\"nested.test\"}}", null, "m.server is missing"),
        Arguments.of("{\"n\":" + "9".repeat(5000) + ",\"m.server\":\"a.test\"}", "a.test", null),
        Arguments.of(
            "{\"x\":"
                + "[".repeat(WellKnownParser.MAX_DEPTH)
                + "]".repeat(WellKnownParser.MAX_DEPTH)
                + ",\"m.server\":\"a.test\"}",
            null,
            "invalid JSON"),
        Arguments.of(
            "{\"x\":"
                + "[".repeat(WellKnownParser.MAX_DEPTH - 2)
                + "]".repeat(WellKnownParser.MAX_DEPTH - 2)
                + ",\"m.server\":\"a.test\"}",
            "a.test",
            null));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("encodings")
  void detectsTheUnicodeEncodingOfTheBody(String charset) {
    byte[] body = "{\"m.server\":\"a.test\"}".getBytes(java.nio.charset.Charset.forName(charset));
    assertThat(WellKnownParser.parse(body).mServer()).isEqualTo("a.test");
  }

  static Stream<String> encodings() {
    return Stream.of("UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE");
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
