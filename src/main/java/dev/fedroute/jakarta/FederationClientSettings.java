package dev.fedroute.jakarta;

import java.time.Duration;
import java.util.Objects;

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
   * @throws NullPointerException when a duration is {@code null}
   * @throws IllegalArgumentException when a duration is not positive or the pool size below 1
   */
  public FederationClientSettings {
    positive("connectTimeout", connectTimeout);
    positive("readTimeout", readTimeout);
    positive("idleTimeout", idleTimeout);
    if (maxConnectionsPerName < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerName must be at least 1, was " + maxConnectionsPerName);
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

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
