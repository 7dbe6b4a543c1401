package dev.fedroute.cli;

import dev.fedroute.FedrouteConfig.TrustStore;
import dev.fedroute.internal.net.TlsContexts;
import java.util.Optional;

/**
 * Checks a {@code --trust-store} before the resolver is built, so that a missing file, a wrong
 * password or a file that is neither PKCS12 nor JKS is an argument error naming the file.
 * Stateless.
 */
final class TrustStoreCheck {
  private TrustStoreCheck() {}

  /**
   * Checks the trust store with {@link TlsContexts#problem(TrustStore)}, the check the TLS code's
   * own load makes, and words what is wrong for the command line.
   *
   * @param trustStore the trust store to check
   * @return empty when usable, else what is wrong, naming the file
   */
  static Optional<String> problem(TrustStore trustStore) {
    String file = trustStore.path().toString();
    return TlsContexts.problem(trustStore)
        .map(
            p ->
                p.notAReadableFile()
                    ? "trust store '" + file + "' is not a readable file"
                    : "trust store '"
                        + file
                        + "' is not usable as PKCS12 or JKS (wrong password?): "
                        + p.message());
  }
}
