package dev.fedroute.jakarta;

import dev.fedroute.FedrouteConfig;
import jakarta.ws.rs.client.ClientBuilder;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.HttpClientConnectionManager;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.HttpClients;
import org.jboss.resteasy.client.jaxrs.ClientHttpEngine;
import org.jboss.resteasy.client.jaxrs.ResteasyClientBuilder;
import org.jboss.resteasy.client.jaxrs.engines.ApacheHttpClient43Engine;
import org.jboss.resteasy.client.jaxrs.engines.ClientHttpEngineBuilder43;

/**
 * Gives RESTEasy's client the proxy credentials, which it has no property for: RESTEasy's own
 * engine builder makes the connection manager (pinned TLS context, pool, timeouts) and this class
 * the HttpClient 4 on it, as RESTEasy would, plus a credentials provider scoped to the proxy, so
 * that the proxy's {@code 407} to {@code CONNECT} is answered with Basic credentials. Only loaded
 * when the builder is RESTEasy's and credentials are set; everything else about the client stays
 * RESTEasy's. RESTEasy 6.2 (WildFly 39) marks its HttpClient 4 engine for removal; it is still the
 * engine RESTEasy itself builds. Stateless.
 */
@SuppressWarnings("removal")
final class ResteasyProxyEngine extends ClientHttpEngineBuilder43 {
  private final FedrouteConfig.Proxy proxy;

  private ResteasyProxyEngine(FedrouteConfig.Proxy proxy) {
    this.proxy = proxy;
  }

  /**
   * Sets the proxy and an engine answering its challenge on a RESTEasy builder, after every other
   * setting of the builder (the engine is made from them now).
   *
   * @param builder a RESTEasy client builder
   * @param proxy the proxy, with a user name
   */
  static void apply(ClientBuilder builder, FedrouteConfig.Proxy proxy) {
    ResteasyClientBuilder resteasy = (ResteasyClientBuilder) builder;
    resteasy.defaultProxy(proxy.host(), proxy.port(), proxy.url().orElseThrow().getScheme());
    resteasy.httpEngine(new ResteasyProxyEngine(proxy).resteasyClientBuilder(resteasy).build());
  }

  @Override
  protected ClientHttpEngine createEngine(
      HttpClientConnectionManager connections,
      RequestConfig.Builder requests,
      HttpHost defaultProxy,
      int responseBufferSize,
      HostnameVerifier verifier,
      SSLContext tls) {
    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
    credentials.setCredentials(
        new AuthScope(proxy.host(), proxy.port()),
        new UsernamePasswordCredentials(
            proxy.username(), proxy.password() == null ? "" : proxy.password()));
    ApacheHttpClient43Engine engine =
        new ApacheHttpClient43Engine(
            HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(requests.setProxy(defaultProxy).build())
                .setDefaultCredentialsProvider(credentials)
                .disableContentCompression()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .build(),
            true);
    engine.setResponseBufferSize(responseBufferSize);
    engine.setHostnameVerifier(verifier);
    engine.setSslContext(tls);
    engine.setFollowRedirects(false);
    return engine;
  }
}
