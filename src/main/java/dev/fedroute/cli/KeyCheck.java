package dev.fedroute.cli;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@code --keys}: the server's {@code /_matrix/key/v2/server} answer checked as the
 * Matrix specification asks: {@code server_name} is the server name, {@code valid_until_ts} lies in
 * the future, and every {@code verify_keys} Ed25519 key signed the response (canonical JSON without
 * {@code signatures} and {@code unsigned}). Immutable.
 *
 * @param address where the answer came from ({@code ip:port}), or {@code null}
 * @param status the HTTP status, or {@code null} when no response was had
 * @param serverName the answer's {@code server_name}, or {@code null}
 * @param serverNameOk whether it is the server name
 * @param validUntilTs the answer's {@code valid_until_ts} (ms since the epoch), or {@code null}
 * @param validUntilOk whether it lies in the future
 * @param verifyKeys each {@code verify_keys} entry with its result
 * @param oldVerifyKeys each {@code old_verify_keys} entry (not checked)
 * @param errorCode why the answer could not be checked ({@code fetch}, {@code http_status}, {@code
 *     invalid_json}), or {@code null}
 * @param errorMessage that reason in words, or {@code null}
 */
record KeyCheck(
    String address,
    Integer status,
    String serverName,
    boolean serverNameOk,
    Long validUntilTs,
    boolean validUntilOk,
    List<VerifyKey> verifyKeys,
    List<OldKey> oldVerifyKeys,
    String errorCode,
    String errorMessage) {
  /** The request path. */
  static final String PATH = "/_matrix/key/v2/server";

  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  /** Copies the lists. */
  KeyCheck {
    verifyKeys = List.copyOf(verifyKeys);
    oldVerifyKeys = List.copyOf(oldVerifyKeys);
  }

  /**
   * One current key and whether its signature verifies.
   *
   * @param keyId the key id, for example {@code ed25519:a_AbCd}
   * @param key the unpadded base64 public key as given
   * @param result {@code ok}, {@code bad_signature}, {@code no_signature}, {@code invalid_key} or
   *     {@code unsupported_algorithm}
   */
  record VerifyKey(String keyId, String key, String result) {
    /**
     * Whether the signature verified.
     *
     * @return true for {@code ok}
     */
    boolean ok() {
      return result.equals("ok");
    }
  }

  /**
   * One old key, listed as given.
   *
   * @param keyId the key id
   * @param key the unpadded base64 public key, or {@code null}
   * @param expiredTs when it expired (ms since the epoch), or {@code null}
   */
  record OldKey(String keyId, String key, Long expiredTs) {}

  /**
   * Whether the keys check passed: an answer whose server name and validity are right, with at
   * least one current key, every one of them verifying.
   *
   * @return true when it passed
   */
  boolean ok() {
    return errorCode == null
        && serverNameOk
        && validUntilOk
        && !verifyKeys.isEmpty()
        && verifyKeys.stream().allMatch(VerifyKey::ok);
  }

  /**
   * Checks what the request got.
   *
   * @param fetched the request's outcome
   * @param expectedName the server name asked for
   * @param now the current time
   * @return the check
   */
  static KeyCheck of(Connection fetched, String expectedName, Instant now) {
    if (fetched.error() != null) {
      return failed(null, null, "fetch", fetched.error().getMessage());
    }
    if (fetched.status() != 200) {
      return failed(fetched.address(), fetched.status(), "http_status", "HTTP " + fetched.status());
    }
    if (!(JsonReport.body(fetched.body()) instanceof JsonObject json)) {
      return failed(fetched.address(), 200, "invalid_json", "the answer is not a JSON object");
    }
    String name = string(json.get("server_name"));
    Long until = integer(json.get("valid_until_ts"));
    byte[] signed;
    try {
      signed = CanonicalJson.forSigning(json);
    } catch (IllegalArgumentException e) {
      return failed(
          fetched.address(), 200, "invalid_json", "not canonical JSON: " + e.getMessage());
    }
    // The signatures of the server the answer names: a wrong name fails on its own check.
    JsonObject signatures =
        object(object(json.get("signatures")).get(name == null ? expectedName : name));
    List<VerifyKey> keys = new ArrayList<>();
    for (Map.Entry<String, JsonValue> e : object(json.get("verify_keys")).entrySet()) {
      String key = string(object(e.getValue()).get("key"));
      String signature = string(signatures.get(e.getKey()));
      keys.add(new VerifyKey(e.getKey(), key, verify(e.getKey(), key, signature, signed)));
    }
    List<OldKey> old = new ArrayList<>();
    for (Map.Entry<String, JsonValue> e : object(json.get("old_verify_keys")).entrySet()) {
      JsonObject o = object(e.getValue());
      old.add(new OldKey(e.getKey(), string(o.get("key")), integer(o.get("expired_ts"))));
    }
    return new KeyCheck(
        fetched.address(),
        200,
        name,
        expectedName.equals(name),
        until,
        until != null && until > now.toEpochMilli(),
        keys,
        old,
        null,
        null);
  }

  private static KeyCheck failed(String address, Integer status, String code, String message) {
    return new KeyCheck(
        address, status, null, false, null, false, List.of(), List.of(), code, message);
  }

  private static String verify(String keyId, String key, String signature, byte[] signed) {
    if (!keyId.startsWith("ed25519:")) {
      return "unsupported_algorithm";
    }
    if (signature == null) {
      return "no_signature";
    }
    PublicKey publicKey;
    byte[] sig;
    try {
      byte[] raw = unpaddedBase64(key);
      if (raw.length != 32) {
        return "invalid_key";
      }
      byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
      System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
      System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
      publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      sig = unpaddedBase64(signature);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return "invalid_key";
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(signed);
      return verifier.verify(sig) ? "ok" : "bad_signature";
    } catch (GeneralSecurityException e) {
      return "bad_signature";
    }
  }

  private static byte[] unpaddedBase64(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing");
    }
    // The spec's encoding has no padding; it asks readers to accept padding too.
    String bare =
        text.endsWith("==")
            ? text.substring(0, text.length() - 2)
            : text.endsWith("=") ? text.substring(0, text.length() - 1) : text;
    return Base64.getDecoder().decode(bare + "=".repeat((4 - bare.length() % 4) % 4));
  }

  private static JsonObject object(JsonValue value) {
    return value instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
  }

  private static String string(JsonValue value) {
    return value instanceof JsonString s ? s.getString() : null;
  }

  private static Long integer(JsonValue value) {
    return value instanceof JsonNumber n && n.isIntegral() ? n.longValue() : null;
  }
}
