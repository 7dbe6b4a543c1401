package dev.fedroute.jakarta;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.Target;
import dev.fedroute.internal.net.UnreachableAddresses;
import dev.fedroute.internal.net.UnreachableAddresses.Candidate;
import dev.fedroute.internal.text.IpAddresses;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends a federation request addressed as {@code matrix-federation://<server name>/<path>?<query>}
 * to the resolved destination: the URI becomes {@code https://<ip>:<port>/<path>?<query>} (IPv6 in
 * brackets), {@code Host} becomes the resolution's host header (docs/resolution.md section 2), and
 * the request carries the properties {@link #SERVER_NAME}, {@link #RESOLUTION} and {@link
 * #DESTINATION} for later filters. Method, entity, other headers, path and query are not touched.
 * Requests with any other scheme pass through unchanged.
 *
 * <p>SNI and the certificate check are not the filter's job: they belong to the client, which must
 * be a {@link FederationClients} client for the resolution's TLS name (the filter checks the
 * client's {@link #TLS_NAME} property and fails closed otherwise). {@link FederationClients}
 * registers it explicitly on its clients only; it is deliberately not a {@code @Provider}, so it is
 * never copied into other clients of a deployment. (To register it yourself on Jersey, register a
 * plain delegate such as {@code (ClientRequestFilter) filter::filter} with this priority: Jersey's
 * HK2 rejects an instance whose class carries a CDI scope annotation.)
 *
 * <p><b>Priority</b> {@value #PRIORITY} ({@code Priorities.HEADER_DECORATOR + 100}): after the
 * authentication (1000), authorization (2000) and header decorator (3000) ranges and before entity
 * coders (4000) and user filters (5000). A request-signing filter (X-Matrix) registered below it
 * sees the {@code matrix-federation} URI and can read the destination server name from the URI or,
 * once this filter ran, from {@link #SERVER_NAME}; one registered above it (for example at {@code
 * Priorities.USER}) sees the final {@code https} URI, the {@code Host} header and all three
 * properties. Either way it signs for {@link #SERVER_NAME}, the name before delegation, as the
 * Matrix spec requires.
 *
 * <p>Failures: the request fails with a {@link ProcessingException} whose cause is a {@link
 * FedrouteException} carrying the error code (for example {@code dns_failure} or {@code
 * invalid_server_name}; {@code tls_failure} when the client is not pinned to the resolution's TLS
 * name). Resolution blocks the calling thread for at most the configured timeout; a cached
 * resolution costs no I/O.
 *
 * <p>Immutable and thread-safe.
 */
@Dependent
@Priority(FederationRequestFilter.PRIORITY)
public class FederationRequestFilter implements ClientRequestFilter {
  /** The URI scheme of federation requests. */
  public static final String SCHEME = "matrix-federation";

  /** The filter's priority: {@code Priorities.HEADER_DECORATOR + 100}. */
  public static final int PRIORITY = Priorities.HEADER_DECORATOR + 100;

  /** Request property: the destination server name as given, before delegation (a String). */
  public static final String SERVER_NAME = "dev.fedroute.serverName";

  /**
   * Request property: the {@link Resolution} used. Set it beforehand to skip the lookup. Also read
   * from the client's or target's configuration, where {@link FederationClients#target(String)}
   * puts the resolution it made, and used from there only while it is still valid.
   */
  public static final String RESOLUTION = "dev.fedroute.resolution";

  /**
   * Request property: the {@link InetSocketAddress} the request goes to. Set it beforehand (to an
   * address of the resolution) to choose the destination, as the failover path does.
   */
  public static final String DESTINATION = "dev.fedroute.destination";

  /**
   * Request property set by the failover path only: the {@link Resolution} its {@link #DESTINATION}
   * was chosen from. RESTEasy shows an invocation's properties in its configuration too, so {@link
   * #RESOLUTION} alone cannot tell the failover's resolution from one a target carries.
   */
  static final String FAILOVER_RESOLUTION = "dev.fedroute.failoverResolution";

  /** Client property: the TLS name the client is pinned to (a String). */
  public static final String TLS_NAME = "dev.fedroute.tlsName";

  /**
   * Client property: the {@code User-Agent} a request gets when it sets none (a String; the
   * configuration's {@code userAgent}).
   */
  public static final String USER_AGENT = "dev.fedroute.userAgent";

  /**
   * Client property: the outbound proxy ({@link dev.fedroute.FedrouteConfig.Proxy}), set on every
   * client when one is configured.
   */
  static final String PROXY = "dev.fedroute.proxy";

  /** Client property: whether the client's connections go through {@link #PROXY} (a Boolean). */
  static final String VIA_PROXY = "dev.fedroute.viaProxy";

  /** Client property: the {@link UnreachableAddresses} used to order destinations. */
  public static final String UNREACHABLE = "dev.fedroute.unreachable";

  /**
   * Jersey's {@code ClientProperties.SNI_HOST_NAME}. Jersey's default connector replaces SNI by the
   * {@code Host} header's host unless this equals the URI host, so it is set to the URI host; the
   * pinned socket factory then keeps the TLS name's SNI. Other stacks ignore it.
   */
  static final String JERSEY_SNI_HOST_NAME = "jersey.config.client.snihostname";

  /** How long the filter waits for a resolution unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final System.Logger LOG =
      System.getLogger(FederationRequestFilter.class.getName());

  /**
   * The order without a {@link #UNREACHABLE} registry: the resolution's own. Never demotes (zero),
   * so {@code markDown} is a no-op and the shared instance holds no marks.
   */
  private static final UnreachableAddresses NO_UNREACHABLE =
      new UnreachableAddresses(Duration.ZERO);

  private final ServerNameResolver resolver;
  private final Duration timeout;
  private final InstantSource clock;

  /** For CDI's proxies only. */
  protected FederationRequestFilter() {
    this.resolver = null;
    this.timeout = null;
    this.clock = null;
  }

  /**
   * The CDI constructor: resolves through the injected resolver, whose own deadline bounds every
   * resolution; the filter waits at most {@link #DEFAULT_TIMEOUT} in addition.
   *
   * @param resolver the resolver
   */
  @Inject
  public FederationRequestFilter(ServerNameResolver resolver) {
    this(resolver, DEFAULT_TIMEOUT);
  }

  /**
   * A filter with an explicit wait limit.
   *
   * @param resolver the resolver
   * @param timeout the longest the filter blocks for a resolution
   */
  public FederationRequestFilter(ServerNameResolver resolver, Duration timeout) {
    this(resolver, timeout, InstantSource.system());
  }

  /**
   * A filter with an explicit wait limit and clock.
   *
   * @param resolver the resolver
   * @param timeout the longest the filter blocks for a resolution
   * @param clock decides whether a resolution carried by a target's configuration is still valid;
   *     the resolver's clock
   */
  public FederationRequestFilter(
      ServerNameResolver resolver, Duration timeout, InstantSource clock) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Rewrites a {@code matrix-federation} request; see the class description.
   *
   * @param request the request
   * @throws ProcessingException wrapping a {@link FedrouteException} when the name cannot be
   *     resolved or the client is not pinned to its TLS name
   */
  @Override
  public void filter(ClientRequestContext request) {
    URI uri = request.getUri();
    if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
      return;
    }
    try {
      rewrite(request, uri);
    } catch (FedrouteException e) {
      throw new ProcessingException(e.getMessage(), e);
    }
  }

  private void rewrite(ClientRequestContext request, URI uri) {
    String serverNameText = uri.getRawAuthority();
    ServerName serverName = ServerName.parse(serverNameText);
    Resolution resolution = resolutionFor(request, serverName);
    Object pinned = request.getConfiguration().getProperty(TLS_NAME);
    if (!resolution.tlsServerName().equals(pinned)) {
      throw new FedrouteException(
          ErrorCode.TLS_FAILURE,
          "refusing to send a request for "
              + serverNameText
              + " (TLS name "
              + resolution.tlsServerName()
              + ") through a client pinned to "
              + (pinned == null ? "no TLS name" : pinned));
    }
    Route route = Route.of(request.getConfiguration());
    Candidate destination = destinationFor(request, resolution, route);
    URI target =
        URI.create(
            route.tunnelsToName()
                ? httpsUri(destination.target().host(), destination.address().getPort(), uri)
                : httpsUri(destination.address(), uri));
    request.setUri(target);
    request.getHeaders().putSingle(HttpHeaders.HOST, resolution.hostHeader());
    if (!request.getHeaders().containsKey(HttpHeaders.USER_AGENT)
        && request.getConfiguration().getProperty(USER_AGENT) instanceof String userAgent) {
      request.getHeaders().putSingle(HttpHeaders.USER_AGENT, userAgent);
    }
    request.setProperty(SERVER_NAME, serverNameText);
    request.setProperty(RESOLUTION, resolution);
    request.setProperty(DESTINATION, destination.address());
    request.setProperty(JERSEY_SNI_HOST_NAME, target.getHost());
    LOG.log(
        Level.DEBUG,
        () ->
            "federation request for "
                + serverNameText
                + " (step "
                + resolution.step()
                + ", TLS name "
                + resolution.tlsServerName()
                + ") goes to "
                + target.getRawAuthority());
  }

  private Resolution resolutionFor(ClientRequestContext request, ServerName serverName) {
    // The failover path's own resolution, whose address it chose: used as it is, even when its
    // lifetime (a TTL of 0, say) has already ended. Resolving again here could give other
    // addresses (DNS rebinding, rotating answers) and fail the request it has just checked.
    if (request.getProperty(FAILOVER_RESOLUTION) instanceof Resolution chosen
        && chosen.serverName().equals(serverName)) {
      return chosen;
    }
    Object carried = request.getConfiguration().getProperty(RESOLUTION);
    // RESTEasy also shows configuration properties as request properties: only one set on this
    // request itself (by the failover path, say) is used without a validity check.
    if (request.getProperty(RESOLUTION) instanceof Resolution preset
        && preset != carried
        && preset.serverName().equals(serverName)) {
      return preset;
    }
    if (carried instanceof Resolution resolution
        && resolution.serverName().equals(serverName)
        && clock.instant().isBefore(resolution.validUntil())) {
      return resolution;
    }
    return resolver.resolveBlocking(serverName, timeout);
  }

  private static Candidate destinationFor(
      ClientRequestContext request, Resolution resolution, Route route) {
    Object preset = request.getProperty(DESTINATION);
    if (preset == null) {
      Object unreachable = request.getConfiguration().getProperty(UNREACHABLE);
      var registry = unreachable instanceof UnreachableAddresses r ? r : NO_UNREACHABLE;
      // The first destination this client's route reaches: through the proxy or around it.
      return registry.order(resolution).stream()
          .filter(route::reaches)
          .findFirst()
          .orElseThrow(() -> route.reachesNone(resolution));
    }
    // The failover path chose the destination from the registry's own order: only check that it
    // is an address of the resolution.
    for (Target target : resolution.targets()) {
      for (InetAddress address : target.addresses()) {
        InetSocketAddress candidate = new InetSocketAddress(address, target.port());
        if (preset.equals(candidate)) {
          return new Candidate(target, candidate);
        }
      }
    }
    throw new FedrouteException(
        ErrorCode.DESTINATION_BLOCKED,
        "destination "
            + preset
            + " is not an address of the resolution of "
            + resolution.serverName());
  }

  /** {@code https://<ip>:<port>} plus the raw path and query of the federation URI. */
  static String httpsUri(InetSocketAddress destination, URI federationUri) {
    return httpsUri(
        IpAddresses.toText(destination.getAddress()), destination.getPort(), federationUri);
  }

  /** {@code https://<host>:<port>} plus the raw path and query of the federation URI. */
  private static String httpsUri(String host, int port, URI federationUri) {
    String path = federationUri.getRawPath();
    String query = federationUri.getRawQuery();
    return "https://"
        + IpAddresses.authority(host, port)
        + (path == null || path.isEmpty() ? "/" : path)
        + (query == null ? "" : "?" + query);
  }

  /**
   * A client's route: direct, or through the outbound proxy (to the address, or to the target's
   * host name with {@code connect-by=name}).
   */
  private record Route(FedrouteConfig.Proxy proxy, boolean viaProxy) {
    static Route of(Configuration client) {
      return new Route(
          client.getProperty(PROXY) instanceof FedrouteConfig.Proxy p ? p : null,
          Boolean.TRUE.equals(client.getProperty(VIA_PROXY)));
    }

    boolean reaches(Candidate c) {
      return proxy == null
          || proxy.applies(c.target().host(), Optional.of(c.address().getAddress())) == viaProxy;
    }

    boolean tunnelsToName() {
      return viaProxy && proxy != null && proxy.connectBy() == FedrouteConfig.Proxy.ConnectBy.NAME;
    }

    FedrouteException reachesNone(Resolution resolution) {
      return new FedrouteException(
          ErrorCode.CONNECT_FAILURE,
          "no destination of "
              + resolution.serverName()
              + (viaProxy ? " goes through the proxy " : " bypasses the proxy ")
              + proxy.display()
              + ", the only route of this client; send the request with"
              + " FederationClients.request");
    }
  }
}
