package dev.fedroute.jakarta;

import dev.fedroute.InvalidConfigurationException;
import dev.fedroute.InvalidConfigurationException.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the JAX-RS clients that carry federation requests ({@code fedroute.client.*}).
 * Immutable and thread-safe.
 *
 * @param connectTimeout connect timeout of a federation request
 * @param readTimeout read timeout of a federation request
 * @param idleTimeout how long an unused client and its connections are kept
 * @param maxConnectionsPerName most pooled connections per TLS name
 */
public record FederationClientSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration idleTimeout,
    int maxConnectionsPerName) {

  /**
   * Validates the settings.
   *
   * @param connectTimeout connect timeout of a federation request
   * @param readTimeout read timeout of a federation request
   * @param idleTimeout how long an unused client and its connections are kept
   * @param maxConnectionsPerName most pooled connections per TLS name
   * @throws InvalidConfigurationException listing each duration that is missing or not positive,
   *     and a pool size below 1
   */
  public FederationClientSettings {
    List<Violation> violations = new ArrayList<>();
    positive(violations, "connectTimeout", connectTimeout);
    positive(violations, "readTimeout", readTimeout);
    positive(violations, "idleTimeout", idleTimeout);
    if (maxConnectionsPerName < 1) {
      violations.add(
          new Violation(
              "maxConnectionsPerName",
              String.valueOf(maxConnectionsPerName),
              "must be at least 1",
              null));
    }
    if (!violations.isEmpty()) {
      throw new InvalidConfigurationException(violations);
    }
  }

  /**
   * The defaults: connect 10 s, read 60 s, idle 5 min, 20 connections per name.
   *
   * @return the default settings
   */
  public static FederationClientSettings defaults() {
    return new FederationClientSettings(
        Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5), 20);
  }

  private static void positive(List<Violation> violations, String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      violations.add(new Violation(name, String.valueOf(value), "must be positive", null));
    }
  }
}
