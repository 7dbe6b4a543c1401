package dev.fedroute.jakarta;

import dev.fedroute.FedrouteConfig;
import jakarta.ws.rs.client.ClientBuilder;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What each stack's HTTP client needs beyond JAX-RS properties to go through the proxy: on RESTEasy
 * an engine with the credentials and the refusal check ({@link ResteasyProxyEngine}), on Jersey's
 * Apache HttpClient 5 connector the refusal check ({@link JerseyProxyTunnels}; Jersey takes the
 * credentials as properties, {@link ProxySettings}). Each class is touched only on its own stack,
 * so no other stack needs RESTEasy, HttpClient 4 or Jersey on its class path. Stateless.
 */
final class ProxyEngines {
  private static final System.Logger LOG = System.getLogger(ProxyEngines.class.getName());
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private ProxyEngines() {}

  /**
   * On a RESTEasy builder, sets an engine answering the proxy's challenge and turning its refusals
   * into connection failures; other builders are left alone. Call it after every other setting of
   * the builder.
   *
   * @param builder a client builder of any stack
   * @param proxy the proxy
   */
  static void resteasy(ClientBuilder builder, FedrouteConfig.Proxy proxy) {
    if (!builder.getClass().getName().startsWith("org.jboss.resteasy.")) {
      return;
    }
    try {
      ResteasyProxyEngine.apply(builder, proxy);
    } catch (LinkageError | RuntimeException e) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.log(
            Level.ERROR,
            "cannot set up RESTEasy's client for the proxy "
                + proxy.display()
                + " (its Apache HttpClient 4 engine is not visible to the application): the"
                + " proxy's credentials are not sent, and a tunnel it refuses with another status"
                + " than 407 reaches the caller as that response; "
                + e.getClass().getName());
      }
    }
  }

  /**
   * On a Jersey builder set to the Apache HttpClient 5 connector, registers the check that turns
   * the proxy's refusals into connection failures.
   *
   * @param builder a Jersey client builder whose connector {@link JerseyConnector#choose} chose
   * @param proxy the proxy
   */
  static void jersey(ClientBuilder builder, FedrouteConfig.Proxy proxy) {
    builder.register(new JerseyProxyTunnels(proxy));
  }
}
