package dev.fedroute.it.payara;

import dev.fedroute.testing.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The certificates of the in-container tests. They are minted by the test client before the
 * deployment, because the server's configuration names the trust store and Fedroute checks it when
 * the application starts: the trust store file goes where the server configuration points, and
 * every leaf (key and chain, under its name) goes into the test WAR as {@link #RESOURCE}, which the
 * tests load inside the server. Leaves are named by the SNI they answer to.
 */
public final class ItPki {
  /** Where the leaves are inside the WAR. */
  public static final String RESOURCE = "/fedroute-it/leaves.p12";

  /** Names answered with a certificate for exactly that name from the trusted CA. */
  public static final String[] NAMED = {
    "two.example.test",
    "d33.example.test",
    "d33-deleg.example.test",
    "s4.example.test",
    "s6.example.test",
    "fo.example.test",
    "probe.example.test",
    "wk-exec.example.test",
    "srv.ld.example.test",
    "port.ld.example.test"
  };

  /** A certificate for {@code *.ld.example.test}: the load test's {@code .well-known} names. */
  public static final String LOAD_WILDCARD = "load-wildcard";

  /** Answered with a certificate valid only for the SRV target, {@code target.example.test}. */
  public static final String TARGET_ONLY = "wrong.example.test";

  /** Answered with a correctly named certificate from a CA nobody trusts. */
  public static final String UNTRUSTED = "untrusted.example.test";

  /** The certificate presented when no SNI matches. */
  public static final String FALLBACK = "fallback";

  private static final char[] PASSWORD = "changeit".toCharArray();

  private ItPki() {}

  /**
   * Mints the CA and leaves; writes the CA's trust store (PKCS12, password {@code changeit}).
   *
   * @param trustStore where the server configuration expects the trust store
   * @return the leaves as a PKCS12 file's bytes, for the WAR
   */
  public static byte[] mint(Path trustStore) {
    TestCa ca = TestCa.create("Fedroute Payara IT CA");
    TestCa stranger = TestCa.create("Fedroute Untrusted CA");
    try {
      Files.createDirectories(trustStore.getParent());
      ca.writeTrustStore(trustStore, "changeit", "PKCS12");
      KeyStore leaves = KeyStore.getInstance("PKCS12");
      leaves.load(null, null);
      for (String name : NAMED) {
        put(leaves, name, ca.issue(name));
      }
      put(leaves, TARGET_ONLY, ca.issue("target.example.test"));
      put(leaves, UNTRUSTED, stranger.issue(UNTRUSTED));
      put(leaves, FALLBACK, ca.issue("fallback.invalid"));
      put(leaves, LOAD_WILDCARD, ca.issue("*.ld.example.test"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      leaves.store(out, PASSWORD);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Loads the leaves from the WAR (inside the server).
   *
   * @return the leaves by name
   */
  public static Map<String, TestCa.Leaf> load() {
    try (InputStream in = ItPki.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not in the deployment");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD);
      Map<String, TestCa.Leaf> leaves = new HashMap<>();
      for (String alias : Collections.list(store.aliases())) {
        Certificate[] chain = store.getCertificateChain(alias);
        X509Certificate leaf = (X509Certificate) chain[0];
        PrivateKey key = (PrivateKey) store.getKey(alias, PASSWORD);
        leaves.put(
            alias,
            new TestCa.Leaf(
                leaf, (X509Certificate) chain[1], new KeyPair(leaf.getPublicKey(), key)));
      }
      return leaves;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(KeyStore store, String alias, TestCa.Leaf leaf)
      throws GeneralSecurityException {
    store.setKeyEntry(alias, leaf.privateKey(), PASSWORD, leaf.chain());
  }
}
