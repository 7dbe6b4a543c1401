package dev.fedroute.internal.wellknown;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.WellKnownResult.Failure;
import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.net.URIAuthority;

/**
 * The outbound proxy of {@code .well-known} fetches: which hop goes through it, and where its
 * tunnel leads. With {@code connect-by=address} the hop's addresses are the ones Fedroute resolved
 * and checked, and the tunnel goes to the address ({@code CONNECT ip:port}) while TLS runs with the
 * URL's host (the route's target name: SNI, certificate check and {@code Host} unchanged). With
 * {@code connect-by=name} the hop is not resolved here: the tunnel goes to the URL's host and the
 * proxy resolves it. The proxy's Basic credentials answer its {@code 407}, scoped to the proxy
 * alone; its host is resolved by the JVM, as the operator named it, and is exempt from the
 * blocklist. Immutable and thread-safe.
 */
final class ProxyRoutes {
  /** Context attribute: whether this request goes through the proxy (a Boolean). */
  static final String VIA_PROXY = "dev.fedroute.wellKnown.viaProxy";

  /**
   * No tunnel: the proxy refused the {@code CONNECT} ({@link #refused}). Carries the failure to
   * report as it is, already naming the proxy.
   */
  static final class NoTunnel extends Exception {
    private static final long serialVersionUID = 1L;

    final transient FetchReport report;

    NoTunnel(FetchReport report) {
      super(report.detail(), null, false, false);
      this.report = report;
    }
  }

  private final FedrouteConfig.Proxy proxy;
  private final HttpHost proxyHost;

  ProxyRoutes(FedrouteConfig.Proxy proxy) {
    this.proxy = proxy;
    this.proxyHost =
        proxy.enabled()
            ? new HttpHost(proxy.url().orElseThrow().getScheme(), proxy.host(), proxy.port())
            : null;
  }

  /** Whether a proxy is set. */
  boolean enabled() {
    return proxyHost != null;
  }

  /** Sets the proxy's credentials on the asynchronous client's builder. */
  HttpAsyncClientBuilder configure(HttpAsyncClientBuilder builder) {
    credentials().ifPresent(builder::setDefaultCredentialsProvider);
    return builder;
  }

  /** Sets the proxy's credentials on the classic client's builder ({@link TlsProxyExchanges}). */
  HttpClientBuilder configure(HttpClientBuilder builder) {
    credentials().ifPresent(builder::setDefaultCredentialsProvider);
    return builder;
  }

  /** The proxy's Basic credentials, scoped to the proxy alone, when set. */
  private Optional<CredentialsProvider> credentials() {
    if (proxyHost == null || proxy.username() == null) {
      return Optional.empty();
    }
    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
    String password = proxy.password() == null ? "" : proxy.password();
    credentials.setCredentials(
        new AuthScope(proxyHost),
        new UsernamePasswordCredentials(proxy.username(), password.toCharArray()));
    return Optional.of(credentials);
  }

  /**
   * Whether the proxy is an {@code https://} one, whose exchanges HttpClient 5's asynchronous
   * client cannot carry (it cannot run the host's TLS inside the proxy's): {@link
   * TlsProxyExchanges} runs them.
   */
  boolean overTls() {
    return proxyHost != null && URIScheme.HTTPS.same(proxyHost.getSchemeName());
  }

  /**
   * Whether a hop's host is left to the proxy to resolve ({@code connect-by=name}, not exempt).
   *
   * @param host the URL's host (IPv6 in brackets)
   * @return true when the hop tunnels to the name without a lookup of Fedroute's
   */
  boolean byName(String host) {
    return proxyHost != null
        && proxy.connectBy() == FedrouteConfig.Proxy.ConnectBy.NAME
        && proxy.applies(IpAddresses.unbracketed(host), Optional.empty());
  }

  /**
   * Whether a hop to a checked address goes through the proxy.
   *
   * @param host the URL's host (IPv6 in brackets)
   * @param address the checked address, or {@code null} for a hop {@linkplain #byName by name}
   * @return true when it goes through the proxy
   */
  boolean via(String host, InetAddress address) {
    return address == null || proxy.applies(IpAddresses.unbracketed(host), Optional.of(address));
  }

  /**
   * The route of a hop through the proxy.
   *
   * @param target the hop's target: the URL's host, with the checked address unless by name
   * @return the tunnelled route
   */
  HttpRoute route(HttpHost target) {
    if (target.getAddress() == null) {
      return new HttpRoute(target, null, proxyHost, true);
    }
    String ip = IpAddresses.toText(target.getAddress());
    return new HttpRoute(
        new HttpHost("https", target.getAddress(), ip, target.getPort()),
        new URIAuthority(target.getHostName(), target.getPort()),
        null,
        proxyHost,
        true);
  }

  /**
   * The proxy's own addresses, for the client's otherwise closed name resolution.
   *
   * @param host a name the client asks for
   * @return the proxy's addresses (JVM resolution), or empty for any other name
   * @throws UnknownHostException when the proxy's name does not resolve
   */
  Optional<InetAddress[]> proxyAddresses(String host) throws UnknownHostException {
    if (proxyHost == null || !IpAddresses.unbracketed(host).equalsIgnoreCase(proxy.host())) {
      return Optional.empty();
    }
    return Optional.of(InetAddress.getAllByName(proxy.host()));
  }

  /** The proxy refused the tunnel: a connection failure naming it, never the host's answer. */
  FetchReport refused(int status) {
    return FetchReport.transientFailure(
        null,
        Failure.CONNECT,
        "the proxy "
            + proxy.display()
            + " refused the tunnel: HTTP "
            + status
            + (status == 407 ? " (proxy authentication required or failed)" : ""));
  }

  /** A failure of a hop through the proxy, its detail naming the proxy. */
  FetchReport failedThrough(FetchReport failed) {
    if (failed.failure() == Failure.BLOCKED || failed.failure() == Failure.TOO_LARGE) {
      return failed;
    }
    return new FetchReport(
        failed.mServer(),
        failed.status(),
        "through the proxy " + proxy.display() + ": " + failed.detail(),
        failed.failure(),
        failed.transientFailure(),
        failed.headers(),
        failed.redirects());
  }
}
