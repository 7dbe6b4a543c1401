package dev.fedroute.cli;

import dev.fedroute.FedrouteConfig.TrustStore;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

/**
 * Checks a {@code --trust-store} before the resolver is built, so that a missing file, a wrong
 * password or a file that is neither PKCS12 nor JKS is an argument error naming the file.
 * Stateless.
 */
final class TrustStoreCheck {
  private TrustStoreCheck() {}

  /**
   * Loads the trust store once and checks that it holds at least one certificate.
   *
   * @param trustStore the trust store to check
   * @return empty when usable, else what is wrong, naming the file
   */
  static Optional<String> problem(TrustStore trustStore) {
    String file = trustStore.path().toString();
    if (!Files.isRegularFile(trustStore.path()) || !Files.isReadable(trustStore.path())) {
      return Optional.of("trust store '" + file + "' is not a readable file");
    }
    char[] password = trustStore.password() == null ? null : trustStore.password().toCharArray();
    try {
      KeyStore keyStore = KeyStore.getInstance(trustStore.path().toFile(), password);
      if (keyStore.size() == 0) {
        return Optional.of("trust store '" + file + "' holds no certificate");
      }
      return Optional.empty();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      return Optional.of(
          "trust store '"
              + file
              + "' cannot be read as PKCS12 or JKS (wrong password?): "
              + e.getMessage());
    }
  }
}
