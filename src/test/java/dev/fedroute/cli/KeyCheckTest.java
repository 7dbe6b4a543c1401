package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import jakarta.json.Json;
import java.io.StringReader;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code --keys} check on answers built directly: the results and errors that {@link
 * FederationTesterTest} does not reach over the network (a key of another algorithm, a broken key,
 * a padded signature, no key at all, and each {@code error} code).
 */
class KeyCheckTest {
  private static final String NAME = "k.example.test";
  private static final String AT = "127.0.0.1:8448";
  private static final long FUTURE = Fixtures.NOW.plus(Duration.ofDays(1)).toEpochMilli();

  private static KeyCheck check(int status, String body) {
    return KeyCheck.of(Connection.answered(AT, status, null, body), NAME, Fixtures.NOW);
  }

  @Test
  void aRequestWithoutAnAnswerIsAFetchError() {
    KeyCheck k =
        KeyCheck.of(
            Connection.failed(new FedrouteException(ErrorCode.CONNECT_FAILURE, "refused")),
            NAME,
            Fixtures.NOW);

    assertThat(k.ok()).isFalse();
    assertThat(k.errorCode()).isEqualTo("fetch");
    assertThat(k.errorMessage()).isEqualTo("refused");
    assertThat(k.address()).isNull();
    assertThat(k.status()).isNull();
  }

  @Test
  void aStatusOtherThan200IsAnHttpStatusError() {
    KeyCheck k = check(404, "{\"errcode\":\"M_NOT_FOUND\"}");

    assertThat(k.ok()).isFalse();
    assertThat(k.errorCode()).isEqualTo("http_status");
    assertThat(k.errorMessage()).isEqualTo("HTTP 404");
    assertThat(k.status()).isEqualTo(404);
    assertThat(k.address()).isEqualTo(AT);
  }

  @Test
  void anAnswerThatIsNoObjectOrNotCanonicalIsInvalidJson() {
    assertThat(check(200, "[1]").errorCode()).isEqualTo("invalid_json");
    assertThat(check(200, "<html>").errorMessage()).isEqualTo("the answer is not a JSON object");
    KeyCheck fraction =
        check(200, "{\"server_name\":\"" + NAME + "\",\"valid_until_ts\":1.5,\"verify_keys\":{}}");
    assertThat(fraction.errorCode()).isEqualTo("invalid_json");
    assertThat(fraction.errorMessage()).startsWith("not canonical JSON: not an integer");
    assertThat(fraction.ok()).isFalse();
  }

  @Test
  void aKeyOfAnotherAlgorithmIsUnsupportedAndABrokenKeyIsInvalid() {
    String body =
        "{\"server_name\":\""
            + NAME
            + "\",\"valid_until_ts\":"
            + FUTURE
            + ",\"verify_keys\":{\"rsa:r\":{\"key\":\"AAAA\"},\"ed25519:short\":{\"key\":\"AAAA\"},"
            + "\"ed25519:text\":{\"key\":\"not base64!\"}},\"signatures\":{\""
            + NAME
            + "\":{\"rsa:r\":\"AAAA\",\"ed25519:short\":\"AAAA\",\"ed25519:text\":\"AAAA\"}}}";

    KeyCheck k = check(200, body);

    assertThat(k.verifyKeys())
        .extracting(v -> v.keyId() + "=" + v.result())
        .containsExactlyInAnyOrder(
            "rsa:r=unsupported_algorithm", "ed25519:short=invalid_key", "ed25519:text=invalid_key");
    assertThat(k.errorCode()).isNull();
    assertThat(k.serverNameOk()).isTrue();
    assertThat(k.validUntilOk()).isTrue();
    assertThat(k.ok()).isFalse();
  }

  @Test
  void aPaddedSignatureIsAcceptedToo() {
    KeyPair key = KeyServer.newKey();
    String body =
        KeyServer.answer(NAME, FUTURE).verifyKey("ed25519:a", key, key.getPrivate()).body();
    String signature =
        Json.createReader(new StringReader(body))
            .readObject()
            .getJsonObject("signatures")
            .getJsonObject(NAME)
            .getString("ed25519:a");
    assertThat(signature).hasSize(86);

    KeyCheck unpadded = check(200, body);
    KeyCheck padded = check(200, body.replace(signature, signature + "=="));

    assertThat(unpadded.ok()).isTrue();
    assertThat(padded.verifyKeys()).extracting(KeyCheck.VerifyKey::result).containsExactly("ok");
    assertThat(padded.ok()).isTrue();
  }

  @Test
  void anAnswerWithoutAnyCurrentKeyDoesNotPass() {
    KeyCheck k =
        check(
            200,
            "{\"server_name\":\""
                + NAME
                + "\",\"valid_until_ts\":"
                + FUTURE
                + ",\"verify_keys\":{}}");

    assertThat(k.errorCode()).isNull();
    assertThat(k.serverNameOk()).isTrue();
    assertThat(k.validUntilOk()).isTrue();
    assertThat(k.verifyKeys()).isEmpty();
    assertThat(k.ok()).isFalse();
  }
}
