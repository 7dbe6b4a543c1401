package dev.fedroute.jakarta;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.internal.net.PinnedTlsContext;
import dev.fedroute.internal.net.ProxyTls;
import dev.fedroute.internal.net.TlsContexts;
import dev.fedroute.internal.net.TlsNameVerifier;
import dev.fedroute.internal.net.UnreachableAddresses;
import dev.fedroute.internal.net.UnreachableAddresses.Candidate;
import dev.fedroute.internal.observe.GuardedListener;
import dev.fedroute.internal.time.ClockTicker;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.client.WebTarget;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Hands out JAX-RS clients for federation, one per TLS name, and the failover invocation API.
 *
 * <p>Each client is built with a {@link PinnedTlsContext} for its TLS name (SNI and certificate
 * check for that name, its own TLS session cache), a {@link TlsNameVerifier}, the configured
 * connect and read timeouts, and the {@link FederationRequestFilter} registered as an instance at
 * {@link FederationRequestFilter#PRIORITY}, and the homeserver's own filters: the {@link
 * FederationFilter @FederationFilter} beans (in a container) or those given to {@link
 * Builder#register(ClientRequestFilter, int)}, for example an X-Matrix signing filter. Connections
 * and sessions are therefore never shared between TLS names. Clients are cached per TLS name and
 * reused; one unused for the idle timeout is closed (keep the idle timeout above the read timeout),
 * and all are closed by {@link #close()} (called by the container at shutdown).
 *
 * <p>Use {@link #request(String, String)} for requests with failover, {@link #target(String)} or
 * {@link #client(String)} for plain JAX-RS use (the filter still routes the request, without
 * failover). Thread-safe.
 */
@ApplicationScoped
public class FederationClients implements AutoCloseable {
  private static final String JERSEY_FOLLOW_REDIRECTS = "jersey.config.client.followRedirects";
  private static final java.util.concurrent.atomic.AtomicBoolean HOST_WARNING_GIVEN =
      new java.util.concurrent.atomic.AtomicBoolean();

  private static final System.Logger LOG = System.getLogger(FederationClients.class.getName());

  private final ServerNameResolver resolver;
  private final FederationRequestFilter filter;
  private final QualifiedFilters extraFilters;
  private final Supplier<ClientBuilder> builders;
  private final FederationClientSettings settings;
  private final UnreachableAddresses unreachable;
  private final X509ExtendedTrustManager pkix;
  private final String userAgent;
  private final FedrouteConfig.Proxy proxy;
  private final FedrouteListener listener;
  private final Cache<ClientKey, Held> clients;

  /** For CDI's proxies only. */
  protected FederationClients() {
    resolver = null;
    filter = null;
    extraFilters = null;
    builders = null;
    settings = null;
    unreachable = null;
    pkix = null;
    userAgent = null;
    proxy = null;
    listener = null;
    clients = null;
  }

  /**
   * The resolver bean's configuration (trust store, {@code unreachableFor}) and client settings
   * ({@code fedroute.client.*}), the filter bean, {@link ClientBuilder#newBuilder()} (given the
   * server's managed executor when JNDI has one), no filters of the homeserver's own.
   *
   * @param resolver the resolver bean
   * @param filter the filter bean
   */
  public FederationClients(FedrouteResolver resolver, FederationRequestFilter filter) {
    this(containerBuilder(resolver, filter));
  }

  /**
   * The CDI constructor: as {@link #FederationClients(FedrouteResolver, FederationRequestFilter)},
   * plus every {@link FederationFilter @FederationFilter} request and response filter bean, at the
   * {@code @Priority} of its class ({@code Priorities.USER} without one).
   *
   * @param resolver the resolver bean
   * @param filter the filter bean
   * @param requestFilters the homeserver's request filters for federation clients
   * @param responseFilters the homeserver's response filters for federation clients
   */
  @Inject
  public FederationClients(
      FedrouteResolver resolver,
      FederationRequestFilter filter,
      @FederationFilter Instance<ClientRequestFilter> requestFilters,
      @FederationFilter Instance<ClientResponseFilter> responseFilters) {
    this(
        QualifiedFilters.withBeans(
            containerBuilder(resolver, filter), requestFilters, responseFilters));
  }

  private static Builder containerBuilder(
      FedrouteResolver resolver, FederationRequestFilter filter) {
    Builder b =
        builder(resolver)
            .filter(filter)
            .config(resolver.config())
            .settings(resolver.clientSettings());
    resolver
        .clientExecutor()
        .ifPresent(
            managed -> b.clientBuilder(() -> ClientBuilder.newBuilder().executorService(managed)));
    return b.listener(resolver.listener());
  }

  private FederationClients(Builder b) {
    resolver = Objects.requireNonNull(b.resolver, "resolver");
    filter =
        b.filter != null
            ? b.filter
            : new FederationRequestFilter(
                resolver, FederationRequestFilter.DEFAULT_TIMEOUT, b.clock);
    extraFilters = new QualifiedFilters(b.requestFilters, b.responseFilters);
    builders = b.clientBuilder;
    settings = b.settings;
    unreachable = new UnreachableAddresses(b.config.addresses().unreachableFor(), b.clock, 10_000);
    if (resolver instanceof FedrouteResolver bean) {
      bean.attach(unreachable);
    }
    userAgent = b.config.userAgent();
    proxy = b.config.proxy();
    listener = b.listener;
    pkix =
        b.trustManager != null ? b.trustManager : TlsContexts.trustManager(b.config.trustStore());
    InstantSource clock = b.clock;
    clients =
        Caffeine.newBuilder()
            .expireAfterAccess(settings.idleTimeout())
            .ticker(ClockTicker.of(clock))
            .executor(Runnable::run)
            .removalListener((ClientKey key, Held held, RemovalCause cause) -> retire(key, held))
            .build();
  }

  /**
   * A builder for use without a container (tests, the CLI).
   *
   * @param resolver the resolver
   * @return a builder with the defaults: default configuration, {@link
   *     FederationClientSettings#defaults()} (connect 10 s, read 60 s, idle 5 min, 20 connections
   *     per name), {@link ClientBuilder#newBuilder()}, system clock
   */
  public static Builder builder(ServerNameResolver resolver) {
    return new Builder(resolver);
  }

  /**
   * The client for a TLS name, made on first use and cached while used.
   *
   * <p>Ask for the client anew for each request (a cache lookup): one left unused through this
   * method for the idle timeout is closed, even while a caller still holds it or a {@link
   * WebTarget} made from it.
   *
   * @param tlsName a DNS name or IP literal (IPv6 without brackets), as in {@code
   *     Resolution.tlsServerName()}
   * @return the client; do not close it (the factory does)
   */
  public Client client(String tlsName) {
    return client(tlsName, proxy.enabled());
  }

  /**
   * The client for a TLS name on one route: through the proxy or direct.
   *
   * @param tlsName the TLS name
   * @param viaProxy whether its connections go through the outbound proxy
   * @return the client
   */
  Client client(String tlsName, boolean viaProxy) {
    Held held = clients.get(key(tlsName, viaProxy), this::newHeld);
    // A kept client is never closed by endCall: only the first hand-out takes the map's lock.
    return held.kept ? held.client : hold(tlsName, viaProxy, h -> h.kept = true);
  }

  /**
   * The client of a TLS name and route for one failover call, counted as in use until {@link
   * #endCall}.
   *
   * @param tlsName the TLS name
   * @param viaProxy whether its connections go through the outbound proxy
   * @return the client
   */
  Client startCall(String tlsName, boolean viaProxy) {
    return hold(tlsName, viaProxy, h -> h.calls++);
  }

  /**
   * The client of a TLS name and route, made when missing, with {@code use} applied in the same
   * atomic step as the lookup, so that {@link #endCall} cannot close it in between.
   */
  private Client hold(String tlsName, boolean viaProxy, Consumer<Held> use) {
    return clients
        .asMap()
        .compute(
            key(tlsName, viaProxy),
            (key, held) -> {
              Held h = held != null ? held : newHeld(key);
              use.accept(h);
              return h;
            })
        .client;
  }

  private ClientKey key(String tlsName, boolean viaProxy) {
    return new ClientKey(tlsName, viaProxy && proxy.enabled());
  }

  /**
   * Ends a failover call. A client no call has reached a destination with, and that no call uses,
   * is closed at once instead of after the idle timeout: each client may hold a thread (RESTEasy
   * starts a connection evictor per client), and names whose every destination fails (a dead or
   * hostile peer) would otherwise hold one each for the idle timeout.
   *
   * @param tlsName the TLS name
   * @param viaProxy the route given to {@link #startCall}
   * @param client the client {@link #startCall} gave
   * @param reached whether the call got a response (or ended for another reason than that no
   *     destination could be connected to)
   */
  void endCall(String tlsName, boolean viaProxy, Client client, boolean reached) {
    clients
        .asMap()
        .computeIfPresent(
            key(tlsName, viaProxy),
            (key, held) -> {
              if (held.client != client) {
                return held;
              }
              if (reached) {
                held.kept = true;
              }
              return --held.calls == 0 && !held.kept ? null : held;
            });
  }

  /**
   * How many clients are cached: one per TLS name and route used within the idle timeout (idle ones
   * are closed first, as by {@link #cleanUp()}). For monitoring.
   *
   * @return the count
   */
  public long cachedClientCount() {
    clients.cleanUp();
    return clients.estimatedSize();
  }

  /** Whether a candidate destination is reached through the outbound proxy. */
  boolean viaProxy(Candidate candidate) {
    return proxy.applies(candidate.target().host(), Optional.of(candidate.address().getAddress()));
  }

  /**
   * A target {@code matrix-federation://<server name>} on the client of the name's TLS name. Blocks
   * to resolve the name (usually cached). Requests through it are routed by the filter, without
   * failover, to the resolution made here while it is valid (one resolution per request, not two),
   * then to a fresh one. As with {@link #client(String)}, get the target anew for each request
   * rather than keeping it past the idle timeout.
   *
   * @param serverName the destination server name
   * @return the target; add the path with {@link WebTarget#path(String)}
   * @throws dev.fedroute.InvalidServerNameException when the name is invalid
   * @throws dev.fedroute.FedrouteException when resolution fails
   */
  public WebTarget target(String serverName) {
    Resolution resolution = resolver.resolveBlocking(serverName);
    // The route of the first destination; without a proxy there is one route, so no ordering.
    boolean viaProxy = proxy.enabled() && viaProxy(unreachable.order(resolution).get(0));
    return client(resolution.tlsServerName(), viaProxy)
        .target(FederationRequestFilter.SCHEME + "://" + serverName)
        .property(FederationRequestFilter.RESOLUTION, resolution);
  }

  /**
   * Starts a federation request with failover: {@code pathAndQuery} is sent to the resolved
   * destinations of {@code serverName} as described by {@link FederationRequest}.
   *
   * @param serverName the destination server name
   * @param pathAndQuery the raw (already encoded) path and query, starting with {@code /}
   * @return the request builder
   * @throws dev.fedroute.InvalidServerNameException when the name is invalid (no network call)
   * @throws IllegalArgumentException when the path does not start with {@code /} or is not a valid
   *     encoded URI path and query
   */
  public FederationRequest request(String serverName, String pathAndQuery) {
    ServerName name = ServerName.parse(serverName);
    if (pathAndQuery == null || !pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + pathAndQuery);
    }
    URI uri = URI.create(FederationRequestFilter.SCHEME + "://" + serverName + pathAndQuery);
    return new FederationRequest(this, name, uri);
  }

  /**
   * Whether an address of a TLS name refused a connection (or failed its TLS check) recently, so
   * that it is tried last until {@code fedroute.unreachable-for} has passed.
   *
   * @param tlsName the TLS name the address was tried for
   * @param address the address and port
   * @return true while it is marked unreachable
   */
  public boolean isUnreachable(String tlsName, InetSocketAddress address) {
    return unreachable.isDown(tlsName, address);
  }

  /**
   * Forgets that an address of a TLS name was unreachable (an operator knows it is back).
   *
   * @param tlsName the TLS name the address was tried for
   * @param address the address and port
   */
  public void markReachable(String tlsName, InetSocketAddress address) {
    unreachable.markUp(tlsName, address);
  }

  /** What hears failed connections and failovers. */
  FedrouteListener listener() {
    return listener;
  }

  /** The registry of unreachable addresses shared by every client of this factory. */
  UnreachableAddresses unreachableAddresses() {
    return unreachable;
  }

  ServerNameResolver resolver() {
    return resolver;
  }

  /** Closes idle clients now rather than on the next access. */
  public void cleanUp() {
    clients.cleanUp();
  }

  /** Closes every client. Later calls of {@link #client(String)} make new ones. */
  @PreDestroy
  @Override
  public void close() {
    clients.invalidateAll();
    clients.cleanUp();
  }

  private Held newHeld(ClientKey key) {
    return new Held(newClient(key));
  }

  private Client newClient(ClientKey key) {
    String tlsName = key.tlsName();
    ProxyTls proxyTls = proxyTls(key); // one context: the verifier knows its sessions
    ClientBuilder builder =
        builders
            .get()
            .sslContext(PinnedTlsContext.create(tlsName, pkix, proxyTls))
            .hostnameVerifier(new TlsNameVerifier(tlsName, proxyTls))
            .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .property(FederationRequestFilter.TLS_NAME, tlsName)
            .property(FederationRequestFilter.UNREACHABLE, unreachable)
            .property(FederationRequestFilter.USER_AGENT, userAgent)
            // A redirect would send the request (and its signature) to an address that was
            // never resolved nor checked against the blocklist. RESTEasy does not follow them.
            .property(JERSEY_FOLLOW_REDIRECTS, false)
            .register(
                new Unscoped(filter),
                Map.of(ClientRequestFilter.class, FederationRequestFilter.PRIORITY));
    if (proxy.enabled()) {
      builder
          .property(FederationRequestFilter.PROXY, proxy)
          .property(FederationRequestFilter.VIA_PROXY, key.viaProxy());
      if (key.viaProxy()) {
        ProxySettings.apply(builder, proxy);
        builder.register(
            new ProxyRefusal(proxy), Map.of(ClientResponseFilter.class, ProxyRefusal.PRIORITY));
      }
    }
    extraFilters.registerOn(builder);
    ConnectionPools.size(builder, settings.maxConnectionsPerName());
    boolean apache5 = JerseyConnector.choose(builder);
    if (key.viaProxy()) {
      if (apache5) {
        ProxyEngines.jersey(builder, proxy);
      }
      ProxyEngines.resteasy(builder, proxy);
    }
    boolean sendsHost = apache5 || !JerseyConnector.isJersey(builder);
    LOG.log(Level.DEBUG, () -> "new federation client for " + key);
    Client client = builder.build();
    if (!sendsHost) {
      warnHostHeaderIsDropped();
    }
    return client;
  }

  /**
   * Jersey without its Apache connector falls back to {@code HttpURLConnection}, which silently
   * drops the {@code Host} header unless the JVM allows restricted headers; requests would then
   * carry the IP as {@code Host}.
   */
  private static void warnHostHeaderIsDropped() {
    if (!Boolean.getBoolean("sun.net.http.allowRestrictedHeaders")
        && HOST_WARNING_GIVEN.compareAndSet(false, true)) {
      LOG.log(
          Level.ERROR,
          "Jersey's connector on Apache HttpClient 5 ("
              + JerseyConnector.APACHE5
              + ") cannot be loaded: its default connector drops the Host header of federation"
              + " requests; bundle org.glassfish.jersey.connectors:jersey-apache5-connector");
    }
  }

  private static void retire(ClientKey key, Held held) {
    if (held != null) {
      LOG.log(Level.DEBUG, () -> "closing federation client for " + key);
      held.client.close();
    }
  }

  /**
   * A cached client, how many failover calls use it now, and whether it is kept until idle: once a
   * call through it reached a destination, or once it was handed out for other use. Both change
   * only inside the map's atomic {@code compute}; {@code kept} never goes back to false.
   */
  private static final class Held {
    final Client client;
    int calls;
    volatile boolean kept;

    Held(Client client) {
      this.client = client;
    }
  }

  /** The TLS to an {@code https://} proxy for a client going through it, else {@code null}. */
  private ProxyTls proxyTls(ClientKey key) {
    return key.viaProxy() && "https".equalsIgnoreCase(proxy.url().orElseThrow().getScheme())
        ? new ProxyTls(proxy.host(), proxy.port(), pkix)
        : null;
  }

  /** The proxy as messages name it: {@code scheme://host:port}, or empty without one. */
  Optional<String> proxyName() {
    return proxy.enabled() ? Optional.of(proxy.display()) : Optional.empty();
  }

  /** What a client is cached by: its TLS name and whether it goes through the proxy. */
  private record ClientKey(String tlsName, boolean viaProxy) {
    @Override
    public String toString() {
      return "TLS name " + tlsName + (viaProxy ? " through the proxy" : "");
    }
  }

  /**
   * The filter as registered: Jersey's HK2 rejects an instance whose class carries a CDI scope ("no
   * active context for Dependent"), so the bean is registered through this plain delegate.
   */
  private record Unscoped(FederationRequestFilter filter) implements ClientRequestFilter {
    @Override
    public void filter(ClientRequestContext request) {
      filter.filter(request);
    }
  }

  /** Builds a {@link FederationClients} outside a container. Not thread-safe. */
  public static final class Builder {
    private final ServerNameResolver resolver;
    private FederationRequestFilter filter;
    private final List<QualifiedFilters.Ranked<ClientRequestFilter>> requestFilters =
        new ArrayList<>();
    private final List<QualifiedFilters.Ranked<ClientResponseFilter>> responseFilters =
        new ArrayList<>();
    private FedrouteConfig config = FedrouteConfig.defaults();
    private FederationClientSettings settings = FederationClientSettings.defaults();
    private Supplier<ClientBuilder> clientBuilder = ClientBuilder::newBuilder;
    private InstantSource clock = InstantSource.system();
    private X509ExtendedTrustManager trustManager;
    private FedrouteListener listener = FedrouteListener.NONE;

    private Builder(ServerNameResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * Sets the filter (default: a new one on the resolver).
     *
     * @param value the filter
     * @return this builder
     */
    public Builder filter(FederationRequestFilter value) {
      filter = Objects.requireNonNull(value, "filter");
      return this;
    }

    /**
     * Adds a request filter to every client (only these), for example an X-Matrix signing filter;
     * what it sees at which priority is described by {@link FederationFilter}.
     *
     * @param value the filter
     * @param priority its priority, as with {@code @Priority}
     * @return this builder
     */
    public Builder register(ClientRequestFilter value, int priority) {
      requestFilters.add(new QualifiedFilters.Ranked<>(value, priority));
      return this;
    }

    /**
     * Adds a response filter to every client. Never registered on other clients.
     *
     * @param value the filter
     * @param priority its priority, as with {@code @Priority} (response filters run highest first)
     * @return this builder
     */
    public Builder register(ClientResponseFilter value, int priority) {
      responseFilters.add(new QualifiedFilters.Ranked<>(value, priority));
      return this;
    }

    /**
     * Sets the configuration whose trust store and {@code unreachableFor} are used.
     *
     * @param value the configuration
     * @return this builder
     */
    public Builder config(FedrouteConfig value) {
      config = Objects.requireNonNull(value, "config");
      return this;
    }

    /**
     * Sets the PKIX trust manager of federation TLS, under the check of each TLS name (default: one
     * loaded from the configuration's trust store, or the JVM's trust).
     *
     * @param value the trust manager, which must run the normal PKIX check
     * @return this builder
     */
    public Builder trustManager(X509ExtendedTrustManager value) {
      trustManager = Objects.requireNonNull(value, "trustManager");
      return this;
    }

    /**
     * Sets the timeouts and pool size of the clients.
     *
     * @param connect the connect timeout
     * @param read the read timeout
     * @param idle how long an unused client is kept
     * @param maxConnections the most pooled connections per TLS name (where the stack has a pool)
     * @return this builder
     * @throws IllegalArgumentException when a duration is not positive or maxConnections below 1
     */
    public Builder timeouts(Duration connect, Duration read, Duration idle, int maxConnections) {
      return settings(new FederationClientSettings(connect, read, idle, maxConnections));
    }

    /**
     * Sets the timeouts and pool size from client settings.
     *
     * @param value the settings
     * @return this builder
     */
    public Builder settings(FederationClientSettings value) {
      settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /**
     * Sets where new {@link ClientBuilder}s come from (default {@link ClientBuilder#newBuilder()}).
     *
     * @param value a supplier of fresh builders
     * @return this builder
     */
    public Builder clientBuilder(Supplier<ClientBuilder> value) {
      clientBuilder = Objects.requireNonNull(value, "clientBuilder");
      return this;
    }

    /**
     * Sets the clock of the registry of unreachable addresses, the idle expiry and, for the default
     * filter, the validity of a resolution carried by a {@link FederationClients#target(String)}.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(InstantSource value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets what hears failed connections ({@link FedrouteListener#connectionFailed}) and failovers
     * ({@link FedrouteListener#failedOver}) (default: nothing; in a container, the resolver bean's
     * listeners).
     *
     * @param value the listener; what it throws is logged and ignored
     * @return this builder
     */
    public Builder listener(FedrouteListener value) {
      listener = GuardedListener.of(value);
      return this;
    }

    /**
     * Builds the factory.
     *
     * @return the factory
     * @throws IllegalArgumentException when the trust store cannot be read
     */
    public FederationClients build() {
      return new FederationClients(this);
    }
  }
}
