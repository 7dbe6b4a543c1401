package dev.fedroute.jakarta;

import static dev.fedroute.jakarta.ConfigKey.*;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.ProxyExemption;
import dev.fedroute.ServerPattern;
import dev.fedroute.internal.text.SettingText;
import dev.fedroute.jakarta.FedrouteConfigurationException.Problem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Maps MicroProfile Config onto {@link FedrouteConfig} and {@link FederationClientSettings}: it
 * only parses each {@link ConfigKey}'s text and sets the setting it names; unset keys keep the
 * defaults, and the configurations' own rules judge the values ({@link
 * dev.fedroute.InvalidConfigurationException}, reported here by key). Every text that does not
 * parse, every broken rule and every unknown {@code fedroute.*} key is reported in one {@link
 * FedrouteConfigurationException}. Stateless and thread-safe; each call reads the config anew.
 */
final class FedrouteConfigMapper {

  /**
   * What a successful mapping gives.
   *
   * @param resolver the resolver configuration
   * @param client the federation client settings
   * @param cluster how the caches are shared with other nodes
   */
  public record Mapped(
      FedrouteConfig resolver, FederationClientSettings client, ClusterSettings cluster) {
    /**
     * Checks the arguments.
     *
     * @param resolver the resolver configuration
     * @param client the federation client settings
     * @param cluster how the caches are shared with other nodes
     */
    public Mapped {
      Objects.requireNonNull(resolver, "resolver");
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(cluster, "cluster");
    }
  }

  private FedrouteConfigMapper() {}

  /**
   * Reads every Fedroute key, lays the values over the defaults and builds the configurations,
   * whose own rules judge them.
   *
   * @param config the MicroProfile configuration
   * @return the configurations
   * @throws FedrouteConfigurationException listing every value that does not parse, every rule a
   *     value breaks and every unknown key, one per line
   * @throws NullPointerException when {@code config} is {@code null}
   */
  static Mapped map(Config config) {
    ConfigReader reader = new ConfigReader(Objects.requireNonNull(config, "config"));
    FedrouteConfig.Builder resolver = FedrouteConfig.builder();
    ClientValues client = new ClientValues(FederationClientSettings.defaults());
    ClusterValues cluster = new ClusterValues();
    for (ConfigKey key : ConfigKey.values()) {
      reader
          .raw(key)
          .ifPresent(
              text -> reader.parse(key, text, () -> set(key, text, resolver, client, cluster)));
    }
    trustStore(reader).ifPresent(store -> resolver.trustStore(Optional.of(store)));
    reader.reportUnknownKeys();
    FedrouteConfig resolverConfig = reader.build(resolver::build, "");
    FederationClientSettings clientSettings = reader.build(client::build, "client.");
    List<Problem> problems = reader.problems();
    if (!problems.isEmpty()) {
      throw new FedrouteConfigurationException(problems);
    }
    return new Mapped(resolverConfig, clientSettings, cluster.build());
  }

  /** Parses one key's text and sets it; a text that does not parse throws. */
  private static void set(
      ConfigKey key,
      String text,
      FedrouteConfig.Builder b,
      ClientValues client,
      ClusterValues cluster) {
    switch (key) {
      case DNS_SERVERS -> b.dnsServers(ConfigValues.dnsServers(text));
      case DNS_QUERY_TIMEOUT -> b.dnsQueryTimeout(duration(text));
      case DNS_LOOK_AHEAD -> b.dnsLookAhead(ConfigValues.bool(text));
      case RESOLVE_TIMEOUT -> b.resolveTimeout(duration(text));
      case WELL_KNOWN_ENABLED -> b.wellKnownEnabled(ConfigValues.bool(text));
      case MATRIX_FED_SRV_ENABLED -> b.matrixFedSrvEnabled(ConfigValues.bool(text));
      case LEGACY_SRV_ENABLED -> b.legacySrvEnabled(ConfigValues.bool(text));
      case WELL_KNOWN_PORT -> b.wellKnownPort(ConfigValues.integer(text));
      case WELL_KNOWN_CONNECT_TIMEOUT -> b.wellKnownConnectTimeout(duration(text));
      case WELL_KNOWN_TIMEOUT -> b.wellKnownTimeout(duration(text));
      case WELL_KNOWN_MAX_BODY_BYTES -> b.wellKnownMaxBodyBytes(ConfigValues.integer(text));
      case WELL_KNOWN_MAX_REDIRECTS -> b.wellKnownMaxRedirects(ConfigValues.integer(text));
      case WELL_KNOWN_MIN_TTL -> b.wellKnownMinTtl(duration(text));
      case WELL_KNOWN_MAX_TTL -> b.wellKnownMaxTtl(duration(text));
      case WELL_KNOWN_DEFAULT_TTL -> b.wellKnownDefaultTtl(duration(text));
      case WELL_KNOWN_JITTER -> b.wellKnownJitter(ConfigValues.decimal(text));
      case WELL_KNOWN_ERROR_BACKOFF_INITIAL -> b.wellKnownErrorBackoffInitial(duration(text));
      case WELL_KNOWN_ERROR_BACKOFF_MAX -> b.wellKnownErrorBackoffMax(duration(text));
      case REFRESH_AHEAD_FRACTION -> b.refreshAheadFraction(ConfigValues.decimal(text));
      case DNS_NEGATIVE_TTL_DEFAULT -> b.dnsNegativeTtlDefault(duration(text));
      case DNS_NEGATIVE_TTL_MAX -> b.dnsNegativeTtlMax(duration(text));
      case DNS_SERVE_STALE -> b.dnsServeStale(duration(text));
      case DNS_ERROR_BACKOFF_INITIAL -> b.dnsErrorBackoffInitial(duration(text));
      case DNS_ERROR_BACKOFF_MAX -> b.dnsErrorBackoffMax(duration(text));
      case UNREACHABLE_FOR -> b.unreachableFor(duration(text));
      case BLOCKLIST -> b.blocklist(ConfigValues.cidrs(text, true));
      case ALLOWLIST -> b.allowlist(ConfigValues.cidrs(text, false));
      case CACHE_MAX_SIZE -> b.cacheMaxSize(ConfigValues.integer(text));
      case SERVERS_ALLOW -> b.serversAllow(patterns(text));
      case SERVERS_DENY -> b.serversDeny(patterns(text));
      case OVERRIDES -> b.overrides(ConfigValues.overrides(text));
      case USER_AGENT -> b.userAgent(text.trim());
      case PROXY_URL -> b.proxyUrl(Optional.of(ConfigValues.url(text)));
      case PROXY_USERNAME -> b.proxyUsername(text.trim());
      case PROXY_PASSWORD -> b.proxyPassword(text);
      case PROXY_NO_PROXY ->
          b.proxyNoProxy(ConfigValues.items(text).stream().map(ProxyExemption::parse).toList());
      case PROXY_CONNECT_BY -> b.proxyConnectBy(ConfigValues.connectBy(text));
      case CLIENT_CONNECT_TIMEOUT -> client.connectTimeout = duration(text);
      case CLIENT_READ_TIMEOUT -> client.readTimeout = duration(text);
      case CLIENT_IDLE_TIMEOUT -> client.idleTimeout = duration(text);
      case CLIENT_MAX_CONNECTIONS_PER_NAME ->
          client.maxConnectionsPerName = ConfigValues.integer(text);
      case CLUSTER_ENABLED -> cluster.enabled = ConfigValues.bool(text);
      case CLUSTER_CACHE -> cluster.cache = cacheName(text);
      case CLUSTER_CONTAINER -> cluster.container = cacheName(text);
      case CLUSTER_TIMEOUT -> cluster.timeout = positive(duration(text));
      case TRUST_STORE_PATH, TRUST_STORE_PASSWORD -> {
        // read together, by trustStore(reader)
      }
    }
  }

  private static List<ServerPattern> patterns(String text) {
    return ConfigValues.items(text).stream().map(ServerPattern::parse).toList();
  }

  /**
   * A cache or container name: trimmed as {@link String#trim()} does, control characters included.
   */
  private static String cacheName(String text) {
    String name = text.trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("must not be blank");
    }
    return name;
  }

  private static Duration duration(String text) {
    return SettingText.duration(text);
  }

  private static Duration positive(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("must be positive");
    }
    return d;
  }

  /** The cluster settings as read so far, the defaults for what is not set. */
  private static final class ClusterValues {
    boolean enabled = ClusterSettings.DEFAULTS.enabled();
    String cache = ClusterSettings.DEFAULTS.cache();
    String container = ClusterSettings.DEFAULTS.container();
    Duration timeout = ClusterSettings.DEFAULTS.timeout();

    ClusterSettings build() {
      return new ClusterSettings(enabled, cache, container, timeout);
    }
  }

  /** The client settings as read so far, the defaults for what is not set. */
  private static final class ClientValues {
    Duration connectTimeout;
    Duration readTimeout;
    Duration idleTimeout;
    int maxConnectionsPerName;

    ClientValues(FederationClientSettings d) {
      connectTimeout = d.connectTimeout();
      readTimeout = d.readTimeout();
      idleTimeout = d.idleTimeout();
      maxConnectionsPerName = d.maxConnectionsPerName();
    }

    FederationClientSettings build() {
      return new FederationClientSettings(
          connectTimeout, readTimeout, idleTimeout, maxConnectionsPerName);
    }
  }

  /** The trust store of the path and password keys; its loading is a rule of the core. */
  private static Optional<FedrouteConfig.TrustStore> trustStore(ConfigReader r) {
    Optional<String> pathText = r.raw(TRUST_STORE_PATH);
    Optional<String> password = r.raw(TRUST_STORE_PASSWORD);
    if (pathText.isEmpty()) {
      password.ifPresent(
          p -> r.problem(TRUST_STORE_PASSWORD, p, "set without " + TRUST_STORE_PATH));
      return Optional.empty();
    }
    try {
      return Optional.of(
          new FedrouteConfig.TrustStore(Path.of(pathText.get().trim()), password.orElse(null)));
    } catch (InvalidPathException e) {
      r.problem(TRUST_STORE_PATH, pathText.get(), "not a file path: " + e.getMessage());
      return Optional.empty();
    }
  }
}
