package dev.fedroute.jakarta;

import dev.fedroute.FedrouteConfig;
import jakarta.ws.rs.client.ClientBuilder;

/**
 * Points a federation client at the outbound proxy, by each stack's own property names, so that
 * Fedroute needs no class of either stack to compile. Both stacks then open an HTTP {@code CONNECT}
 * tunnel to the request URI's host and port, which the filter sets to the checked address ({@code
 * connect-by=address}) or the target's host name ({@code connect-by=name}), and run TLS with the
 * client's pinned context inside it. Stateless.
 */
final class ProxySettings {
  /** Jersey's {@code ClientProperties.PROXY_URI}, honoured by its Apache HttpClient 5 connector. */
  static final String JERSEY_PROXY_URI = "jersey.config.client.proxy.uri";

  /** Jersey's {@code ClientProperties.PROXY_USERNAME}. */
  static final String JERSEY_PROXY_USERNAME = "jersey.config.client.proxy.username";

  /** Jersey's {@code ClientProperties.PROXY_PASSWORD}. */
  static final String JERSEY_PROXY_PASSWORD = "jersey.config.client.proxy.password";

  /**
   * RESTEasy's {@code ResteasyClientBuilder.PROPERTY_PROXY_HOST}, read when the client is built.
   */
  static final String RESTEASY_PROXY_HOST = "org.jboss.resteasy.jaxrs.client.proxy.host";

  /** RESTEasy's {@code ResteasyClientBuilder.PROPERTY_PROXY_PORT}. */
  static final String RESTEASY_PROXY_PORT = "org.jboss.resteasy.jaxrs.client.proxy.port";

  /** RESTEasy's {@code ResteasyClientBuilder.PROPERTY_PROXY_SCHEME}. */
  static final String RESTEASY_PROXY_SCHEME = "org.jboss.resteasy.jaxrs.client.proxy.scheme";

  private ProxySettings() {}

  /**
   * Sets the proxy on a builder of either stack (other stacks ignore the properties).
   *
   * @param builder a client builder
   * @param proxy the proxy, {@linkplain FedrouteConfig.Proxy#enabled() enabled}
   */
  static void apply(ClientBuilder builder, FedrouteConfig.Proxy proxy) {
    builder
        .property(JERSEY_PROXY_URI, proxy.display())
        .property(RESTEASY_PROXY_HOST, proxy.host())
        .property(RESTEASY_PROXY_PORT, proxy.port())
        .property(RESTEASY_PROXY_SCHEME, proxy.url().orElseThrow().getScheme());
    if (proxy.username() != null) {
      builder.property(JERSEY_PROXY_USERNAME, proxy.username());
      builder.property(JERSEY_PROXY_PASSWORD, proxy.password() == null ? "" : proxy.password());
    }
  }
}
