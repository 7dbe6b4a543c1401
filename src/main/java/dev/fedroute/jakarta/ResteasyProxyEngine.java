package dev.fedroute.jakarta;

import dev.fedroute.FedrouteConfig;
import jakarta.ws.rs.client.ClientBuilder;
import java.io.IOException;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpClientConnection;
import org.apache.http.HttpException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.HttpClientConnectionManager;
import org.apache.http.conn.routing.RouteInfo;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.protocol.HttpContext;
import org.apache.http.protocol.HttpRequestExecutor;
import org.apache.http.util.EntityUtils;
import org.jboss.resteasy.client.jaxrs.ClientHttpEngine;
import org.jboss.resteasy.client.jaxrs.ResteasyClientBuilder;
import org.jboss.resteasy.client.jaxrs.engines.ApacheHttpClient43Engine;
import org.jboss.resteasy.client.jaxrs.engines.ClientHttpEngineBuilder43;

/**
 * RESTEasy's client through the proxy: RESTEasy's own engine builder makes the connection manager
 * (pinned TLS context, pool, timeouts) and this class the HttpClient 4 on it, as RESTEasy would,
 * plus what RESTEasy has no setting for.
 *
 * <ul>
 *   <li>The proxy's credentials, scoped to the proxy, so that its {@code 407} to {@code CONNECT} is
 *       answered with Basic credentials.
 *   <li>The proxy's refusal of a tunnel as a connection failure: HttpClient 4 returns the proxy's
 *       answer to {@code CONNECT} ({@code 403}, {@code 502}, a last {@code 407}) as the response of
 *       the request. Its request executor, which sends the {@code CONNECT} and then the request on
 *       the same context, notes the method it sent last; a response that arrives while that method
 *       is {@code CONNECT} is the proxy's, and fails the attempt with {@link ProxyRefusal#refused}.
 * </ul>
 *
 * Only loaded when the builder is RESTEasy's; everything else about the client stays RESTEasy's.
 * RESTEasy 6.2 (WildFly 39) marks its HttpClient 4 engine for removal; it is still the engine
 * RESTEasy itself builds. Stateless.
 */
@SuppressWarnings("removal")
final class ResteasyProxyEngine extends ClientHttpEngineBuilder43 {
  /** Context attribute: the method of the last request the executor sent. */
  private static final String LAST_METHOD = "dev.fedroute.proxy.lastMethod";

  private final FedrouteConfig.Proxy proxy;

  private ResteasyProxyEngine(FedrouteConfig.Proxy proxy) {
    this.proxy = proxy;
  }

  /**
   * Sets the proxy and this engine on a RESTEasy builder, after every other setting of the builder
   * (the engine is made from them now).
   *
   * @param builder a RESTEasy client builder
   * @param proxy the proxy
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
    HttpClientBuilder client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .setDefaultRequestConfig(requests.setProxy(defaultProxy).build())
            .setRequestExecutor(new MethodNotingExecutor())
            .addInterceptorLast(this::failIfRefused)
            .disableContentCompression()
            .disableCookieManagement()
            .disableAutomaticRetries();
    if (proxy.username() != null) {
      BasicCredentialsProvider credentials = new BasicCredentialsProvider();
      credentials.setCredentials(
          new AuthScope(proxy.host(), proxy.port()),
          new UsernamePasswordCredentials(
              proxy.username(), proxy.password() == null ? "" : proxy.password()));
      client.setDefaultCredentialsProvider(credentials);
    }
    ApacheHttpClient43Engine engine = new ApacheHttpClient43Engine(client.build(), true);
    engine.setResponseBufferSize(responseBufferSize);
    engine.setHostnameVerifier(verifier);
    engine.setSslContext(tls);
    engine.setFollowRedirects(false);
    return engine;
  }

  /** A response interceptor: the proxy's answer to {@code CONNECT} fails the attempt. */
  private void failIfRefused(HttpResponse response, HttpContext context) throws IOException {
    if (!"CONNECT".equals(context.getAttribute(LAST_METHOD))) {
      return;
    }
    EntityUtils.consumeQuietly(response.getEntity());
    RouteInfo route = HttpClientContext.adapt(context).getHttpRoute();
    String authority = route == null ? "the destination" : route.getTargetHost().toHostString();
    throw ProxyRefusal.refused(proxy, authority, response.getStatusLine().getStatusCode());
  }

  /** Notes in the context the method of each request it sends. */
  private static final class MethodNotingExecutor extends HttpRequestExecutor {
    @Override
    public HttpResponse execute(
        HttpRequest request, HttpClientConnection connection, HttpContext context)
        throws IOException, HttpException {
      context.setAttribute(LAST_METHOD, request.getRequestLine().getMethod());
      return super.execute(request, connection, context);
    }
  }
}
