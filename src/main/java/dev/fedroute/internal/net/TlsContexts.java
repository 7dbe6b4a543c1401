package dev.fedroute.internal.net;

import dev.fedroute.FedrouteConfig;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds client TLS contexts and trust managers from the configured trust store (PKCS12 or JKS, the
 * type detected from the file's content) or, without one, the JVM's default trust. Stateless and
 * thread-safe.
 */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * A client {@link SSLContext} trusting the configuration's trust store.
   *
   * @param config the configuration
   * @return a new context, initialised without key managers
   * @throws IllegalArgumentException naming the file when the trust store cannot be read
   */
  public static SSLContext clientContext(FedrouteConfig config) {
    return clientContext(config.trustStore());
  }

  /**
   * A client {@link SSLContext} trusting the given trust store.
   *
   * @param trustStore the trust store, or empty for the JVM's default trust
   * @return a new context
   * @throws IllegalArgumentException naming the file when the trust store cannot be read
   */
  public static SSLContext clientContext(Optional<FedrouteConfig.TrustStore> trustStore) {
    X509ExtendedTrustManager tm = trustManager(trustStore);
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {tm}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation", e);
    }
  }

  /**
   * The PKIX trust manager for the given trust store.
   *
   * @param trustStore the trust store, or empty for the JVM's default trust
   * @return the trust manager
   * @throws IllegalArgumentException naming the file when the trust store cannot be read
   */
  public static X509ExtendedTrustManager trustManager(
      Optional<FedrouteConfig.TrustStore> trustStore) {
    KeyStore keyStore = trustStore.map(FedrouteConfig.TrustStore::load).orElse(null);
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(keyStore);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("no X509ExtendedTrustManager available");
    } catch (GeneralSecurityException e) {
      String where = trustStore.map(t -> "trust store " + t.path()).orElse("default trust");
      throw new IllegalArgumentException("cannot use " + where + ": " + e.getMessage(), e);
    }
  }
}
