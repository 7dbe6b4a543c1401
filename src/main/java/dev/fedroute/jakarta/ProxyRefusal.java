package dev.fedroute.jakarta;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;

/**
 * Turns the proxy's refusal to open a tunnel for want of credentials into the connection failure it
 * is. Both stacks hand the proxy's {@code 407} answer to {@code CONNECT} back as if the destination
 * had answered it; no destination answers {@code 407} with a {@code Proxy-Authenticate} challenge
 * through a tunnel, so such a response fails the attempt with a {@link ConnectException} naming the
 * proxy (the failover then tries the next destination and ends in {@code connect_failure}).
 * Registered on the clients that go through the proxy, before any other response filter. Immutable
 * and thread-safe.
 *
 * @param proxy the proxy as messages name it, {@code scheme://host:port}
 */
record ProxyRefusal(String proxy) implements ClientResponseFilter {
  /** Response filters run highest priority first: this one before the homeserver's own. */
  static final int PRIORITY = Integer.MAX_VALUE - 100;

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
    ConnectException refused =
        new ConnectException(
            "the proxy "
                + proxy
                + " refused the tunnel to "
                + request.getUri().getRawAuthority()
                + ": HTTP 407, proxy authentication "
                + (request.getConfiguration().getProperty(ProxySettings.JERSEY_PROXY_USERNAME)
                        == null
                    ? "required (no proxy credentials are set)"
                    : "failed (check the proxy credentials)"));
    throw new ProcessingException(refused.getMessage(), refused);
  }
}
