package dev.fedroute.jakarta;

import dev.fedroute.FedrouteConfig;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;

/**
 * The proxy's refusal to open a tunnel, as the connection failure it is. Both stacks' HTTP clients
 * hand the proxy's answer to {@code CONNECT} back as if the destination had answered; the
 * connector-level checks of each stack ({@link ResteasyProxyEngine}, {@link JerseyProxyTunnels})
 * recognise it and fail the attempt with {@link #refused}, a {@link ConnectException} naming the
 * proxy (the failover then tries the next destination and ends in {@code connect_failure}).
 *
 * <p>As a response filter it is the last resort for a stack where those checks could not be
 * installed: a {@code 407} with a {@code Proxy-Authenticate} challenge, which no destination sends
 * through a tunnel, fails the same way. Registered on the clients that go through the proxy, before
 * any other response filter. Immutable and thread-safe.
 *
 * @param proxy the proxy
 */
record ProxyRefusal(FedrouteConfig.Proxy proxy) implements ClientResponseFilter {
  /** Response filters run highest priority first: this one before the homeserver's own. */
  static final int PRIORITY = Integer.MAX_VALUE - 100;

  /**
   * The failure of an attempt whose tunnel the proxy refused; never the credentials.
   *
   * @param proxy the proxy
   * @param authority the tunnel's target, {@code host:port}
   * @param status the proxy's status answering {@code CONNECT}
   * @return the exception naming the proxy, the target and the status
   */
  static ConnectException refused(FedrouteConfig.Proxy proxy, String authority, int status) {
    String why =
        status != 407
            ? ""
            : proxy.username() == null
                ? ", proxy authentication required (no proxy credentials are set)"
                : ", proxy authentication failed (check the proxy credentials)";
    return new ConnectException(
        "the proxy "
            + proxy.display()
            + " refused the tunnel to "
            + authority
            + ": HTTP "
            + status
            + why);
  }

  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response)
      throws IOException {
    if (response.getStatus() != 407 || !response.getHeaders().containsKey("Proxy-Authenticate")) {
      return;
    }
    InputStream body = response.getEntityStream();
    if (body != null) {
      body.close();
    }
    ConnectException refused = refused(proxy, request.getUri().getRawAuthority(), 407);
    throw new ProcessingException(refused.getMessage(), refused);
  }
}
