package dev.fedroute.jakarta;

import dev.fedroute.CachedDestination;
import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.SharedCache;
import dev.fedroute.internal.net.UnreachableAddresses;
import dev.fedroute.internal.observe.ListenerList;
import dev.fedroute.internal.text.IpAddresses;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * The server-name resolver of a Jakarta EE application: inject it as {@code @Inject
 * ServerNameResolver} (or as this class for {@link #config()} and {@link #clientSettings()}).
 *
 * <p>The bean is created when the application starts, on the container's thread (it observes that
 * event). Its configuration is read through MicroProfile Config ({@link ConfigKey}) then; an
 * invalid configuration has already failed the deployment (see {@link FedrouteConfigValidation}).
 * The underlying resolver ({@link ServerNameResolver#create}) is built on first use; its background
 * work runs on the server's default managed executor when JNDI has one, else on its own daemon
 * threads, and it is closed when the application stops.
 *
 * <p>Each resolution is logged (DEBUG on success, INFO or WARNING on failure) and announced as a
 * {@link ResolutionEvent}. Thread-safe.
 */
@ApplicationScoped
public class FedrouteResolver implements ServerNameResolver {
  private static final System.Logger LOG = System.getLogger(FedrouteResolver.class.getName());

  private Config mpConfig;
  private Event<ResolutionEvent> events;
  private Instance<FedrouteConfigValidation> validation;
  private Instance<FedrouteListener> listenerBeans;
  private FedrouteListener listener = FedrouteListener.NONE;
  private FedrouteConfigMapper.Mapped settings;
  private volatile ServerNameResolver delegate;
  private Executor executor;
  private SharedCache sharedCache;
  private boolean closed;
  private final Set<UnreachableAddresses> unreachable =
      Collections.newSetFromMap(new WeakHashMap<>());

  /** For the container's client proxy only. */
  protected FedrouteResolver() {}

  /**
   * The container's constructor.
   *
   * @param config the application's MicroProfile configuration
   * @param events where {@link ResolutionEvent}s go
   * @param validation the extension that mapped the configuration at deployment, if active
   * @param listeners the listener beans (Fedroute's OpenTelemetry adapter, when the server offers
   *     OpenTelemetry, and any of the application's own), which hear the resolver and the
   *     federation clients
   */
  @Inject
  public FedrouteResolver(
      Config config,
      Event<ResolutionEvent> events,
      Instance<FedrouteConfigValidation> validation,
      Instance<FedrouteListener> listeners) {
    this.mpConfig = Objects.requireNonNull(config, "config");
    this.events = Objects.requireNonNull(events, "events");
    this.validation = Objects.requireNonNull(validation, "validation");
    this.listenerBeans = Objects.requireNonNull(listeners, "listeners");
  }

  /**
   * Takes the configuration the deployment's validation mapped, or maps it when that validation saw
   * another configuration (or did not run).
   *
   * @throws FedrouteConfigurationException when it is invalid (the deployment has normally failed
   *     before this already)
   */
  @PostConstruct
  void init() {
    settings =
        (validation.isResolvable()
                ? validation.get().mappingOf(mpConfig)
                : Optional.<FedrouteConfigMapper.Mapped>empty())
            .orElseGet(() -> FedrouteConfigMapper.map(mpConfig));
    // Looked up here, on a container thread that has the component's naming context: the first
    // caller of resolve() may be a thread of the application's own without one.
    executor = ManagedExecutors.lookup().orElse(null);
    sharedCache =
        SharedCaches.lookup(settings.cluster(), settings.resolver().caching().wellKnownMaxTtl())
            .orElse(null);
    listener = ListenerList.of(listenerBeans.stream().toList());
  }

  /**
   * The resolver configuration mapped from MicroProfile Config.
   *
   * @return the configuration
   */
  public FedrouteConfig config() {
    return settings.resolver();
  }

  /**
   * The federation client settings mapped from MicroProfile Config ({@code fedroute.client.*}).
   *
   * @return the client settings
   */
  public FederationClientSettings clientSettings() {
    return settings.client();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Logs the result and fires a {@link ResolutionEvent} when it completes.
   *
   * @throws IllegalStateException when the application is shutting down
   */
  @Override
  public CompletionStage<Resolution> resolve(ServerName serverName) {
    Objects.requireNonNull(serverName, "serverName");
    ServerNameResolver resolver = delegate();
    boolean cacheHit = resolver.cached(serverName).isPresent();
    long start = System.nanoTime();
    return resolver
        .resolve(serverName)
        .whenComplete(
            (resolution, failure) ->
                report(
                    serverName,
                    cacheHit,
                    Duration.ofNanos(System.nanoTime() - start),
                    resolution,
                    failure));
  }

  @Override
  public Optional<Resolution> cached(ServerName serverName) {
    Objects.requireNonNull(serverName, "serverName");
    ServerNameResolver resolver = delegate;
    return resolver == null ? Optional.empty() : resolver.cached(serverName);
  }

  @Override
  public void invalidate(ServerName serverName) {
    Objects.requireNonNull(serverName, "serverName");
    ServerNameResolver resolver = delegate;
    if (resolver != null) {
      resolver.invalidate(serverName);
      LOG.log(Level.DEBUG, "invalidated what was cached for {0}", serverName);
    }
  }

  @Override
  public void invalidateAll() {
    ServerNameResolver resolver = delegate;
    if (resolver != null) {
      resolver.invalidateAll();
      LOG.log(Level.INFO, "invalidated everything cached for federation destinations");
    }
  }

  @Override
  public List<CachedDestination> cachedDestinations() {
    ServerNameResolver resolver = delegate;
    return resolver == null ? List.of() : resolver.cachedDestinations();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also clears the unreachable-address marks that the {@link FederationClients} beans of this
   * application keep for the destination's TLS name (its cached resolution's, and the name's own
   * host), so that its addresses are tried in their resolved order again.
   */
  @Override
  public boolean resetBackoff(ServerName serverName) {
    Objects.requireNonNull(serverName, "serverName");
    ServerNameResolver resolver = delegate;
    if (resolver == null) {
      return false;
    }
    Set<String> tlsNames = new LinkedHashSet<>();
    resolver.cached(serverName).ifPresent(r -> tlsNames.add(r.tlsServerName()));
    tlsNames.add(serverName.canonicalHost());
    boolean reset = resolver.resetBackoff(serverName);
    for (UnreachableAddresses registry : unreachableRegistries()) {
      for (String tlsName : tlsNames) {
        reset |= registry.markAllUp(tlsName);
      }
    }
    if (reset) {
      LOG.log(Level.DEBUG, "reset the failure backoff of {0}", serverName);
    }
    return reset;
  }

  /**
   * Lets {@link #resetBackoff} clear a federation client factory's unreachable-address marks. Held
   * weakly: a factory that is gone needs no unregistering.
   */
  void attach(UnreachableAddresses registry) {
    synchronized (unreachable) {
      unreachable.add(registry);
    }
  }

  private List<UnreachableAddresses> unreachableRegistries() {
    synchronized (unreachable) {
      return List.copyOf(unreachable);
    }
  }

  /**
   * Closes the underlying resolver and its threads; the container calls this when the application
   * stops. Later resolutions fail with {@link IllegalStateException}.
   */
  @PreDestroy
  @Override
  public void close() {
    ServerNameResolver resolver;
    synchronized (this) {
      closed = true;
      resolver = delegate;
      delegate = null;
    }
    if (resolver != null) {
      resolver.close();
    }
  }

  /**
   * Creates the bean as the application starts, on a container thread that has the component's
   * naming context, where {@link #init()} finds the managed executor; first created by a
   * homeserver's own thread, it would find none (and RESTEasy's federation clients would then start
   * its global pool, whose JVM shutdown hook keeps that application's class loader after its
   * undeploy).
   *
   * @param ignored the event
   */
  void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    LOG.log(Level.DEBUG, "Fedroute's resolver bean is ready");
  }

  /** What hears the resolver and the federation clients made with it. */
  FedrouteListener listener() {
    return listener;
  }

  /**
   * The server's managed executor, for the federation clients' asynchronous work: without one,
   * RESTEasy looks the managed executor up itself on the calling thread and, on a thread without
   * the component's naming context (a homeserver's own), starts its global pool, whose JVM shutdown
   * hook keeps the class loader of the application that happened to start it for the life of the
   * server.
   */
  Optional<ExecutorService> clientExecutor() {
    return executor instanceof ExecutorService managed ? Optional.of(managed) : Optional.empty();
  }

  private ServerNameResolver delegate() {
    ServerNameResolver resolver = delegate;
    if (resolver != null) {
      return resolver;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the Fedroute resolver has been closed");
      }
      if (delegate == null) {
        delegate = ServerNameResolver.create(settings.resolver(), executor, sharedCache, listener);
      }
      return delegate;
    }
  }

  private void report(
      ServerName name,
      boolean cacheHit,
      Duration elapsed,
      Resolution resolution,
      Throwable failure) {
    if (FedrouteException.unwrap(failure) instanceof Error error) {
      LOG.log(Level.ERROR, "resolving " + name + " failed with an error of the JVM", error);
      return;
    }
    try {
      ResolutionEvent event =
          failure == null
              ? ResolutionEvent.ok(name, resolution.step(), cacheHit, elapsed)
              : ResolutionEvent.error(
                  name, FedrouteException.of(failure, name.text()).code(), cacheHit, elapsed);
      log(event, resolution, failure);
      events.fire(event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "an observer of the resolution of " + name + " failed", e);
    }
  }

  private static void log(ResolutionEvent event, Resolution resolution, Throwable failure) {
    long millis = event.elapsed().toMillis();
    if (failure == null) {
      if (LOG.isLoggable(Level.DEBUG)) {
        LOG.log(
            Level.DEBUG,
            "resolved {0}: step {1}, targets {2}, {3} ms{4}",
            event.serverName(),
            event.step(),
            targets(resolution),
            millis,
            event.cacheHit() ? ", cache hit" : "");
      }
      return;
    }
    Level level = isRemoteProblem(event.errorCode()) ? Level.INFO : Level.WARNING;
    LOG.log(
        level,
        "resolving {0} failed after {1} ms: {2}: {3}",
        event.serverName(),
        millis,
        event.errorCode(),
        FedrouteException.unwrap(failure).getMessage());
  }

  /** Failures that say something about the remote server, common in federation, not about us. */
  private static boolean isRemoteProblem(ErrorCode code) {
    return switch (code) {
      case NO_ADDRESS,
          SERVICE_UNAVAILABLE,
          DESTINATION_BLOCKED,
          DESTINATION_DENIED,
          INVALID_SERVER_NAME ->
          true;
      default -> false;
    };
  }

  private static String targets(Resolution resolution) {
    return resolution.targets().stream()
        .map(t -> IpAddresses.authority(t.host(), t.port()))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
