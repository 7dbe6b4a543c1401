package dev.fedroute.jakarta;

import jakarta.ws.rs.client.ClientBuilder;

/**
 * Points Jersey's clients at its Apache HttpClient 5 connector, which sends the {@code Host} header
 * that Fedroute sets. Jersey's default connector ({@code HttpURLConnection}) drops that header
 * unless the whole JVM runs with {@code -Dsun.net.http.allowRestrictedHeaders=true}. Set by
 * property name, so Fedroute needs no Jersey class to compile and other stacks ignore it.
 * Stateless.
 */
final class JerseyConnector {
  /** Jersey's {@code ClientProperties.CONNECTOR_PROVIDER}. */
  static final String CONNECTOR_PROVIDER = "jersey.config.client.connector.provider";

  /** The connector provider, in the {@code jersey-apache5-connector} jar Fedroute depends on. */
  static final String APACHE5 = "org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider";

  /** Jersey's {@code Apache5ClientProperties.DISABLE_COOKIES}: federation keeps no cookies. */
  static final String DISABLE_COOKIES = "jersey.config.apache5.client.handleCookies";

  private JerseyConnector() {}

  /**
   * Chooses the Apache HttpClient 5 connector when the builder is Jersey's and the connector can be
   * loaded where Jersey looks for it (the thread's context class loader).
   *
   * @param builder a client builder of any stack
   * @return true when the connector was chosen; false for another stack or without the connector
   */
  static boolean choose(ClientBuilder builder) {
    if (!isJersey(builder) || !loadable()) {
      return false;
    }
    builder.property(CONNECTOR_PROVIDER, APACHE5).property(DISABLE_COOKIES, true);
    return true;
  }

  static boolean isJersey(Object clientOrBuilder) {
    return clientOrBuilder.getClass().getName().startsWith("org.glassfish.jersey.");
  }

  private static boolean loadable() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Class.forName(
          APACHE5, false, loader == null ? JerseyConnector.class.getClassLoader() : loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
