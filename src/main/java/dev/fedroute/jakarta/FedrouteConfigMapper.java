package dev.fedroute.jakarta;

import static dev.fedroute.jakarta.ConfigKey.*;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.internal.net.TlsContexts;
import dev.fedroute.jakarta.FedrouteConfigurationException.Problem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Maps MicroProfile Config onto {@link FedrouteConfig} and {@link FederationClientSettings}: every
 * {@link ConfigKey} is read, unset keys keep the defaults of {@link FedrouteConfig#defaults()} and
 * {@link FederationClientSettings#defaults()}, and every bad value, as well as every unknown {@code
 * fedroute.*} key, is reported in one {@link FedrouteConfigurationException}. Stateless and
 * thread-safe; each call reads the config anew.
 */
final class FedrouteConfigMapper {

  /**
   * The outcome of a successful mapping.
   *
   * @param resolver the resolver configuration
   * @param client the federation client settings
   */
  public record Mapped(FedrouteConfig resolver, FederationClientSettings client) {
    /**
     * Checks the arguments.
     *
     * @param resolver the resolver configuration
     * @param client the federation client settings
     */
    public Mapped {
      Objects.requireNonNull(resolver, "resolver");
      Objects.requireNonNull(client, "client");
    }
  }

  private FedrouteConfigMapper() {}

  /**
   * Reads and checks every Fedroute key.
   *
   * @param config the MicroProfile configuration
   * @return the configurations
   * @throws FedrouteConfigurationException listing every invalid value and unknown key, one per
   *     line
   * @throws NullPointerException when {@code config} is {@code null}
   */
  public static Mapped map(Config config) {
    ConfigReader reader = new ConfigReader(Objects.requireNonNull(config, "config"));
    FedrouteConfig.Builder builder = resolverSettings(reader, FedrouteConfig.defaults());
    FederationClientSettings client = clientSettings(reader, FederationClientSettings.defaults());
    reader.reportUnknownKeys();
    List<Problem> problems = new ArrayList<>(reader.problems());
    FedrouteConfig resolver = null;
    if (problems.isEmpty()) {
      try {
        resolver = builder.build();
      } catch (IllegalArgumentException e) {
        // a rule of the core this mapper does not mirror yet: still report it, not crash
        problems.add(new Problem(ConfigKey.PREFIX + "*", null, e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new FedrouteConfigurationException(problems);
    }
    return new Mapped(resolver, client);
  }

  private static FedrouteConfig.Builder resolverSettings(ConfigReader r, FedrouteConfig d) {
    FedrouteConfig.Builder b = d.toBuilder();
    b.dnsServers(r.read(DNS_SERVERS, d.dnsServers(), ConfigValues::dnsServers))
        .dnsQueryTimeout(r.positive(DNS_QUERY_TIMEOUT, d.dnsQueryTimeout()))
        .resolveTimeout(r.positive(RESOLVE_TIMEOUT, d.resolveTimeout()))
        .wellKnownEnabled(r.bool(WELL_KNOWN_ENABLED, d.wellKnownEnabled()))
        .matrixFedSrvEnabled(r.bool(MATRIX_FED_SRV_ENABLED, d.matrixFedSrvEnabled()))
        .legacySrvEnabled(r.bool(LEGACY_SRV_ENABLED, d.legacySrvEnabled()))
        .wellKnownPort(r.integer(WELL_KNOWN_PORT, d.wellKnownPort(), 1, 65535))
        .wellKnownConnectTimeout(
            r.positive(WELL_KNOWN_CONNECT_TIMEOUT, d.wellKnownConnectTimeout()))
        .wellKnownTimeout(r.positive(WELL_KNOWN_TIMEOUT, d.wellKnownTimeout()))
        .wellKnownMaxBodyBytes(
            r.integer(WELL_KNOWN_MAX_BODY_BYTES, d.wellKnownMaxBodyBytes(), 1, Integer.MAX_VALUE))
        .wellKnownMaxRedirects(
            r.integer(WELL_KNOWN_MAX_REDIRECTS, d.wellKnownMaxRedirects(), 0, Integer.MAX_VALUE))
        .wellKnownJitter(r.decimal(WELL_KNOWN_JITTER, d.wellKnownJitter(), 0.0, 0.5))
        .refreshAheadFraction(r.decimal(REFRESH_AHEAD_FRACTION, d.refreshAheadFraction(), 0.0, 1.0))
        .dnsNegativeTtlDefault(r.positive(DNS_NEGATIVE_TTL_DEFAULT, d.dnsNegativeTtlDefault()))
        .dnsNegativeTtlMax(r.positive(DNS_NEGATIVE_TTL_MAX, d.dnsNegativeTtlMax()))
        .serveStaleFor(r.notNegative(DNS_SERVE_STALE, d.serveStaleFor()))
        .unreachableFor(r.notNegative(UNREACHABLE_FOR, d.unreachableFor()))
        .blocklist(r.read(BLOCKLIST, d.blocklist(), text -> ConfigValues.cidrs(text, true)))
        .allowlist(r.read(ALLOWLIST, d.allowlist(), text -> ConfigValues.cidrs(text, false)))
        .trustStore(trustStore(r))
        .cacheMaxSize(r.integer(CACHE_MAX_SIZE, d.cacheMaxSize(), 1, Integer.MAX_VALUE));
    var minTtl = r.positive(WELL_KNOWN_MIN_TTL, d.wellKnownMinTtl());
    var maxTtl = r.positive(WELL_KNOWN_MAX_TTL, d.wellKnownMaxTtl());
    r.requireOrder(WELL_KNOWN_MIN_TTL, minTtl, WELL_KNOWN_MAX_TTL, maxTtl);
    b.wellKnownMinTtl(minTtl)
        .wellKnownMaxTtl(maxTtl)
        .wellKnownDefaultTtl(r.positive(WELL_KNOWN_DEFAULT_TTL, d.wellKnownDefaultTtl()));
    var backoff = r.positive(ERROR_BACKOFF_INITIAL, d.errorBackoffInitial());
    var backoffMax = r.positive(ERROR_BACKOFF_MAX, d.errorBackoffMax());
    r.requireOrder(ERROR_BACKOFF_INITIAL, backoff, ERROR_BACKOFF_MAX, backoffMax);
    return b.errorBackoffInitial(backoff).errorBackoffMax(backoffMax);
  }

  private static FederationClientSettings clientSettings(
      ConfigReader r, FederationClientSettings d) {
    return new FederationClientSettings(
        r.positive(CLIENT_CONNECT_TIMEOUT, d.connectTimeout()),
        r.positive(CLIENT_READ_TIMEOUT, d.readTimeout()),
        r.positive(CLIENT_IDLE_TIMEOUT, d.idleTimeout()),
        r.integer(
            CLIENT_MAX_CONNECTIONS_PER_NAME, d.maxConnectionsPerName(), 1, Integer.MAX_VALUE));
  }

  /** The trust store, checked by loading it with its password now rather than at first use. */
  private static Optional<FedrouteConfig.TrustStore> trustStore(ConfigReader r) {
    Optional<String> pathText = r.raw(TRUST_STORE_PATH);
    Optional<String> password = r.raw(TRUST_STORE_PASSWORD);
    if (pathText.isEmpty()) {
      password.ifPresent(
          p -> r.problem(TRUST_STORE_PASSWORD, p, "set without " + TRUST_STORE_PATH));
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(pathText.get().trim());
    } catch (InvalidPathException e) {
      r.problem(TRUST_STORE_PATH, pathText.get(), "not a file path: " + e.getMessage());
      return Optional.empty();
    }
    FedrouteConfig.TrustStore store = new FedrouteConfig.TrustStore(path, password.orElse(null));
    Optional<String> unreadable = unreadable(store);
    if (unreadable.isPresent()) {
      r.problem(TRUST_STORE_PATH, pathText.get(), unreadable.get());
      return Optional.empty();
    }
    return Optional.of(store);
  }

  /**
   * Why the trust store cannot be used, or empty when it loads: the very check the TLS code makes
   * when it builds its contexts, so that a store it would refuse (unreadable, wrong password, no
   * certificate) fails the deployment instead.
   */
  private static Optional<String> unreadable(FedrouteConfig.TrustStore store) {
    return TlsContexts.problem(store)
        .map(
            p ->
                p.notAReadableFile()
                    ? "no readable file there"
                    : "not a usable PKCS12 or JKS trust store: " + p.message());
  }
}
