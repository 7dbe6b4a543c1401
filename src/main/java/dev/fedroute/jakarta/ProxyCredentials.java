package dev.fedroute.jakarta;

import dev.fedroute.FedrouteConfig;
import jakarta.ws.rs.client.ClientBuilder;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands the proxy credentials to RESTEasy, which has no property for them ({@link
 * ResteasyProxyEngine}); Jersey takes them as properties ({@link ProxySettings}). The RESTEasy
 * class is touched only when the builder is RESTEasy's, so no other stack needs RESTEasy or
 * HttpClient 4 on its class path. Stateless.
 */
final class ProxyCredentials {
  private static final System.Logger LOG = System.getLogger(ProxyCredentials.class.getName());
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private ProxyCredentials() {}

  /**
   * On a RESTEasy builder, sets an engine answering the proxy's challenge; other builders are left
   * alone. Call it after every other setting of the builder.
   *
   * @param builder a client builder of any stack
   * @param proxy the proxy, with a user name
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
            "cannot give the proxy credentials to RESTEasy's client (its Apache HttpClient 4"
                + " engine is not visible to the application): the proxy "
                + proxy.display()
                + " will refuse federation tunnels with 407; "
                + e.getClass().getName());
      }
    }
  }
}
