package dev.fedroute.jakarta;

import dev.fedroute.FedrouteConfig;
import java.io.IOException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.glassfish.jersey.apache5.connector.Apache5HttpClientBuilderConfigurator;

/**
 * Jersey's Apache HttpClient 5 connector through the proxy: the proxy's refusal of a tunnel as a
 * connection failure. HttpClient 5's {@code ConnectExec} returns the proxy's answer to {@code
 * CONNECT} ({@code 403}, {@code 502}, a last {@code 407}) as the response of the request, without
 * passing the request on. So one step of the client's chain, just after {@code CONNECT}, notes that
 * the request went on to the destination, and one just before it fails with {@link
 * ProxyRefusal#refused} a response of a tunnelled route that did not. Registered on Jersey clients
 * through the proxy; only loaded there. Immutable and thread-safe.
 *
 * @param proxy the proxy
 */
record JerseyProxyTunnels(FedrouteConfig.Proxy proxy)
    implements Apache5HttpClientBuilderConfigurator {
  /** Context attribute: the request went through the tunnel to the destination. */
  private static final String PASSED = "dev.fedroute.proxy.tunnelPassed";

  @Override
  public HttpClientBuilder configure(HttpClientBuilder builder) {
    return builder
        .addExecInterceptorBefore(
            ChainElement.CONNECT.name(), "fedroute-proxy-refusal", this::failIfRefused)
        .addExecInterceptorAfter(
            ChainElement.CONNECT.name(), "fedroute-proxy-passed", JerseyProxyTunnels::passed);
  }

  private ClassicHttpResponse failIfRefused(
      ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    HttpClientContext context = scope.clientContext;
    context.removeAttribute(PASSED);
    ClassicHttpResponse response = chain.proceed(request, scope);
    HttpRoute route = scope.route;
    if (!route.isTunnelled() || Boolean.TRUE.equals(context.getAttribute(PASSED))) {
      return response;
    }
    response.close();
    throw ProxyRefusal.refused(proxy, route.getTargetHost().toHostString(), response.getCode());
  }

  private static ClassicHttpResponse passed(
      ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    scope.clientContext.setAttribute(PASSED, Boolean.TRUE);
    return chain.proceed(request, scope);
  }
}
