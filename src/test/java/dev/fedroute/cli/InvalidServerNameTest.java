package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import jakarta.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invalid server names exit 2 without building a resolver, in both output forms. */
class InvalidServerNameTest {
  private final RecordingResolver resolver =
      new RecordingResolver(
          name ->
              CompletableFuture.failedFuture(
                  new FedrouteException(ErrorCode.CONNECT_FAILURE, "must not be asked")));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a.example.test:0",
        "example.org:65536",
        "::1",
        "127.1",
        "under_score.example",
        "a..b",
        "bücher.com",
        "has space.example",
        "example.org/path"
      })
  void jsonFormPrintsTheErrorObject(String name) {
    CliRun run = CliRun.run(resolver.factory(), "--json", name);

    assertThat(run.exit()).isEqualTo(2);
    JsonObject json = run.json();
    assertThat(json.getString("server_name")).isEqualTo(name);
    assertThat(json.getString("result")).isEqualTo("error");
    assertThat(json.isNull("step")).isTrue();
    assertThat(json.getJsonArray("targets")).isEmpty();
    assertThat(json.getJsonObject("error").getString("code")).isEqualTo("invalid_server_name");
    assertThat(json.getJsonObject("error").getString("message")).isNotBlank();
    assertThat(json.getInt("elapsed_ms")).isZero();
    assertThat(resolver.configs).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.example.test:0", "under_score.example"})
  void humanFormPrintsCodeAndMessage(String name) {
    CliRun run = CliRun.run(resolver.factory(), name);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out())
        .contains("Server name:  " + name)
        .contains("Error code:   invalid_server_name")
        .contains("Message:");
    assertThat(resolver.configs).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bücher.com"})
  void uLabelMessageNamesTheALabel(String name) {
    CliRun run = CliRun.run(resolver.factory(), "--json", name);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.json().getJsonObject("error").getString("message")).contains("xn--bcher-kva");
  }
}
