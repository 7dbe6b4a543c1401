package dev.fedroute.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Builds {@code /_matrix/key/v2/server} answers signed with Ed25519 (the JDK's provider), for a key
 * server fixture. The signed form is written here by hand in canonical JSON (sorted keys, no
 * whitespace), independently of the code under test; the served body puts the members in another
 * order with whitespace and an {@code unsigned} member, which canonical JSON must ignore.
 */
final class KeyServer {
  private final String serverName;
  private final long validUntilTs;
  private final Map<String, KeyPair> verifyKeys = new TreeMap<>();
  private final Map<String, PrivateKey> signers = new LinkedHashMap<>();
  private final Map<String, Long> oldKeys = new TreeMap<>();
  private final Map<String, KeyPair> oldKeyPairs = new TreeMap<>();

  private KeyServer(String serverName, long validUntilTs) {
    this.serverName = serverName;
    this.validUntilTs = validUntilTs;
  }

  /** An answer for a server name, valid until the given time (ms since the epoch). */
  static KeyServer answer(String serverName, long validUntilTs) {
    return new KeyServer(serverName, validUntilTs);
  }

  /** A new Ed25519 key pair. */
  static KeyPair newKey() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The unpadded base64 of a public key's 32 raw bytes (the end of its X.509 encoding). */
  static String publicKey(KeyPair pair) {
    byte[] spki = pair.getPublic().getEncoded();
    return unpadded(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
  }

  /** Lists a current key, signing the answer with the given private key (null: no signature). */
  KeyServer verifyKey(String keyId, KeyPair pair, PrivateKey signer) {
    verifyKeys.put(keyId, pair);
    if (signer != null) {
      signers.put(keyId, signer);
    }
    return this;
  }

  /** Lists an old key. */
  KeyServer oldKey(String keyId, KeyPair pair, long expiredTs) {
    oldKeys.put(keyId, expiredTs);
    oldKeyPairs.put(keyId, pair);
    return this;
  }

  /** The canonical JSON of the answer without signatures. */
  String canonical() {
    StringJoiner old = new StringJoiner(",", "{", "}");
    oldKeys.forEach(
        (id, ts) ->
            old.add(
                "\""
                    + id
                    + "\":{\"expired_ts\":"
                    + ts
                    + ",\"key\":\""
                    + publicKey(oldKeyPairs.get(id))
                    + "\"}"));
    return "{\"old_verify_keys\":"
        + old
        + ",\"server_name\":\""
        + serverName
        + "\",\"valid_until_ts\":"
        + validUntilTs
        + ",\"verify_keys\":"
        + keys()
        + "}";
  }

  private String keys() {
    StringJoiner keys = new StringJoiner(",", "{", "}");
    verifyKeys.forEach(
        (id, pair) -> keys.add("\"" + id + "\":{\"key\":\"" + publicKey(pair) + "\"}"));
    return keys.toString();
  }

  /** The served body: members reordered, whitespace, signatures and an unsigned member. */
  String body() {
    byte[] signed = canonical().getBytes(StandardCharsets.UTF_8);
    StringJoiner sigs = new StringJoiner(", ", "{", "}");
    signers.forEach((id, key) -> sigs.add("\"" + id + "\": \"" + sign(key, signed) + "\""));
    String canonical = canonical();
    String inner = canonical.substring(1, canonical.length() - 1);
    return "{ \"unsigned\": {\"note\": \"not signed\"},\n  \"signatures\": { \""
        + serverName
        + "\": "
        + sigs
        + " },\n  "
        + inner
        + " }";
  }

  private static String sign(PrivateKey key, byte[] data) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(data);
      return unpadded(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String unpadded(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }
}
