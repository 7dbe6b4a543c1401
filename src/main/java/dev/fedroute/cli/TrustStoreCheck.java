package dev.fedroute.cli;

import dev.fedroute.FedrouteConfig.TrustStore;
import java.util.Optional;

/**
 * Checks a {@code --trust-store} before the resolver is built, so that a missing file, a wrong
 * password or a file that is neither PKCS12 nor JKS is an argument error naming the file.
 * Stateless.
 */
final class TrustStoreCheck {
  private TrustStoreCheck() {}

  /**
   * Checks the trust store with {@link TrustStore#problem()}, the check of its own load, and words
   * what is wrong for the command line.
   *
   * @param trustStore the trust store to check
   * @return empty when usable, else what is wrong, naming the file
   */
  static Optional<String> problem(TrustStore trustStore) {
    return trustStore.problem().map(reason -> "trust store '" + trustStore.path() + "' " + reason);
  }
}
