package dev.fedroute;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzing of the server-name grammar: {@link ServerName#parse} either accepts a name whose
 * canonical form parses to the same name within the grammar's limits, or throws {@link
 * InvalidServerNameException} with code {@code invalid_server_name} and a message; nothing else
 * comes out. The same for the server patterns and override pairs built on it: one that parses gives
 * the same pattern or pair again from its own text, one that does not is an {@link
 * IllegalArgumentException} naming the text. Regression inputs:
 * src/test/resources/dev/fedroute/ServerNameFuzzTestInputs.
 */
@Tag("fuzz")
class ServerNameFuzzTest {

  @FuzzTest(maxDuration = "3m")
  void serverNameParse(@NotNull String text) {
    ServerName name;
    try {
      name = ServerName.parse(text);
    } catch (InvalidServerNameException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SERVER_NAME);
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(ServerName.parse(name.canonical())).isEqualTo(name);
    assertThat(ServerName.parse(name.text())).isEqualTo(name);
    assertThat(name.canonicalHost()).isNotEmpty().hasSizeLessThanOrEqualTo(255 + 2);
    name.port().ifPresent(p -> assertThat(p).isBetween(1, 65535));
    assertThat(name.isIpLiteral()).isEqualTo(name.ipAddress().isPresent());
  }

  @FuzzTest(maxDuration = "3m")
  void serverPatternAndOverride(@NotNull String text) {
    try {
      ServerPattern pattern = ServerPattern.parse(text);
      assertThat(pattern.toString()).isNotBlank();
      assertThat(ServerPattern.parse(pattern.toString())).isEqualTo(pattern);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank().contains(text);
    }
    try {
      var pair = FedrouteConfig.Servers.override(text);
      String again = pair.getKey().text() + "=" + pair.getValue().text();
      assertThat(FedrouteConfig.Servers.override(again)).isEqualTo(pair);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank().contains(text);
    }
  }
}
