package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Canonical JSON against the Matrix specification's own examples (appendix "Canonical JSON"). */
class CanonicalJsonTest {

  private static JsonValue parse(String json) {
    return Json.createReader(new StringReader(json)).readValue();
  }

  private static String canonical(String json) {
    return new String(CanonicalJson.encode(parse(json)), StandardCharsets.UTF_8);
  }

  static Stream<Arguments> specExamples() {
    return Stream.of(
        Arguments.of("{}", "{}"),
        Arguments.of("{\n  \"one\": 1,\n  \"two\": \"Two\"\n}", "{\"one\":1,\"two\":\"Two\"}"),
        Arguments.of("{\n  \"b\": \"2\",\n  \"a\": \"1\"\n}", "{\"a\":\"1\",\"b\":\"2\"}"),
        Arguments.of("{\"b\":\"2\",\"a\":\"1\"}", "{\"a\":\"1\",\"b\":\"2\"}"),
        Arguments.of(
            "{\"auth\": {\"success\": true, \"mxid\": \"@john.doe:example.com\", \"profile\":"
                + " {\"display_name\": \"John Doe\", \"three_pids\": [{\"medium\": \"email\","
                + " \"address\": \"john.doe@example.org\"}, {\"medium\": \"msisdn\", \"address\":"
                + " \"123456789\"}]}}}",
            "{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John"
                + " Doe\",\"three_pids\":[{\"address\":\"john.doe@example.org\",\"medium\":\"email\"},"
                + "{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},\"success\":true}}"),
        Arguments.of("{\n  \"a\": \"日本語\"\n}", "{\"a\":\"日本語\"}"),
        Arguments.of("{\n  \"本\": 2,\n  \"日\": 1\n}", "{\"日\":1,\"本\":2}"),
        Arguments.of("{\n  \"a\": \"\\u65E5\"\n}", "{\"a\":\"日\"}"),
        Arguments.of("{\n  \"a\": null\n}", "{\"a\":null}"),
        Arguments.of("{\n  \"a\": -0,\n  \"b\": 1e10\n}", "{\"a\":0,\"b\":10000000000}"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("specExamples")
  void specExamples(String input, String expected) {
    assertThat(canonical(input)).isEqualTo(expected);
  }

  @Test
  void keysSortByCodePointNotByUtf16Unit() {
    // U+FF21 (one UTF-16 unit, 0xFF21) sorts before U+1F600 (surrogates 0xD83D 0xDE00).
    assertThat(canonical("{\"\\uD83D\\uDE00\":1,\"\\uFF21\":2}"))
        .isEqualTo("{\"\uFF21\":2,\"\uD83D\uDE00\":1}");
  }

  @Test
  void controlCharactersUseTheShortestEscape() {
    assertThat(canonical("[\"a\\u0008\\t\\n\\u000c\\r\\u0001\\\"\\\\/\"]"))
        .isEqualTo("[\"a\\b\\t\\n\\f\\r\\u0001\\\"\\\\/\"]");
  }

  @Test
  void fractionsAndOutOfRangeIntegersAreRefused() {
    assertThatThrownBy(() -> canonical("{\"a\":1.5}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an integer");
    assertThatThrownBy(() -> canonical("{\"a\":9007199254740992}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
    assertThat(canonical("{\"a\":9007199254740991}")).isEqualTo("{\"a\":9007199254740991}");
  }

  @Test
  void signingLeavesOutSignaturesAndUnsigned() {
    JsonObject signed =
        parse("{\"b\":1,\"signatures\":{\"x\":{}},\"unsigned\":{\"age\":1},\"a\":[2]}")
            .asJsonObject();
    assertThat(new String(CanonicalJson.forSigning(signed), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":[2],\"b\":1}");
  }

  /** The specification's signing examples: its test key signs these canonical forms so. */
  @Test
  void specSigningExamplesGiveTheSpecsSignatures() throws Exception {
    byte[] seed = Base64.getDecoder().decode("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1=");
    PrivateKey key =
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));

    assertThat(sign(key, "{}"))
        .isEqualTo(
            "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ");
    assertThat(sign(key, "{ \"two\": \"Two\", \"one\": 1 }"))
        .isEqualTo(
            "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw");
  }

  private static String sign(PrivateKey key, String json) throws Exception {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(key);
    signer.update(CanonicalJson.forSigning(parse(json).asJsonObject()));
    return Base64.getEncoder().withoutPadding().encodeToString(signer.sign());
  }
}
