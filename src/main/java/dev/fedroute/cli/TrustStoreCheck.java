package dev.fedroute.cli;

import dev.fedroute.FedrouteConfig.TrustStore;
import dev.fedroute.net.TlsContexts;
import java.nio.file.Files;
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
    try {
      // The very check the TLS code makes when it builds its contexts.
      TlsContexts.trustManager(Optional.of(trustStore));
      return Optional.empty();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Optional.of(
          "trust store '"
              + file
              + "' is not usable as PKCS12 or JKS (wrong password?): "
              + e.getMessage());
    }
  }
}
