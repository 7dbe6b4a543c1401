package dev.fedroute.internal.wellknown;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Routes every request of the {@code .well-known} client straight to the address that the fetch
 * chose and checked (carried in the target), keeping the host name for SNI and certificate
 * verification, or through the outbound proxy when the fetch says so ({@link ProxyRoutes}). A
 * direct target without an address is refused: the client never resolves a name itself.
 */
final class PinnedAddressRoutes implements HttpRoutePlanner {
  private final ProxyRoutes proxy;

  PinnedAddressRoutes(ProxyRoutes proxy) {
    this.proxy = proxy;
  }

  @Override
  public HttpRoute determineRoute(HttpHost target, HttpContext context) throws ProtocolException {
    if (target != null
        && target.getPort() > 0
        && Boolean.TRUE.equals(context.getAttribute(ProxyRoutes.VIA_PROXY))) {
      return proxy.route(target);
    }
    if (target == null || target.getAddress() == null || target.getPort() <= 0) {
      throw new ProtocolException("no checked address chosen for " + target);
    }
    return new HttpRoute(target, null, true);
  }

  /**
   * The client's name resolver: refuses every name, since each route carries its address, but the
   * outbound proxy's (resolved by the JVM, as the operator named it).
   */
  static final class NoNameResolution implements DnsResolver {
    private final ProxyRoutes proxy;

    NoNameResolution(ProxyRoutes proxy) {
      this.proxy = proxy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      return proxy
          .proxyAddresses(host)
          .orElseThrow(
              () ->
                  new UnknownHostException(
                      "the .well-known client does not resolve names: " + host));
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      throw new UnknownHostException("the .well-known client does not resolve names: " + host);
    }
  }
}
