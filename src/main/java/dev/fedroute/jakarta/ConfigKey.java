package dev.fedroute.jakarta;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every MicroProfile Config key Fedroute reads, with the default as documented and what it means.
 * This enum is the one list of keys: the mapper reads exactly these, reports any other {@code
 * fedroute.*} key as unknown, and a test checks that the README table lists each of them with this
 * default. Immutable and thread-safe.
 */
enum ConfigKey {
  /** DNS servers. */
  DNS_SERVERS(
      "fedroute.dns.servers",
      "system",
      "DNS servers to ask, in order: IP literals with an optional port (`1.1.1.1`,"
          + " `9.9.9.9:53`, `[2001:db8::53]:5353`); `system` uses the system's resolvers",
      "dnsServers"),
  /** Timeout of one DNS query. */
  DNS_QUERY_TIMEOUT(
      "fedroute.dns.query-timeout",
      "5s",
      "how long one DNS query may take, retries included",
      "dnsQueryTimeout"),
  /** DNS look-ahead. */
  DNS_LOOK_AHEAD(
      "fedroute.dns.look-ahead",
      "true",
      "whether the DNS lookups later steps may need (SRV records, addresses) start at once, beside"
          + " the `.well-known` fetch; `false` is the strictly serial order, with the same results",
      "dnsLookAhead"),
  /** Overall resolution deadline. */
  RESOLVE_TIMEOUT(
      "fedroute.resolve.timeout",
      "30s",
      "overall deadline of one resolution; past it the error code is `timeout`",
      "resolveTimeout"),
  /** Whether step 3 runs. */
  WELL_KNOWN_ENABLED(
      "fedroute.well-known.enabled",
      "true",
      "whether `.well-known/matrix/server` delegation (step 3) is fetched",
      "wellKnownEnabled"),
  /** Whether the _matrix-fed SRV record is used. */
  MATRIX_FED_SRV_ENABLED(
      "fedroute.matrix-fed-srv.enabled",
      "true",
      "whether the `_matrix-fed._tcp` SRV record is consulted (steps 3.3 and 4); off together with"
          + " `.well-known`, resolution is the original r0 algorithm",
      "matrixFedSrvEnabled"),
  /** Whether the deprecated SRV record is used. */
  LEGACY_SRV_ENABLED(
      "fedroute.legacy-srv.enabled",
      "true",
      "whether the deprecated `_matrix._tcp` SRV record is consulted (steps 3.4 and 5)",
      "legacySrvEnabled"),
  /** HTTPS port of the .well-known fetch. */
  WELL_KNOWN_PORT(
      "fedroute.well-known.port",
      "443",
      "HTTPS port of `.well-known` fetches (1-65535)",
      "wellKnownPort"),
  /** Connect timeout of one .well-known request. */
  WELL_KNOWN_CONNECT_TIMEOUT(
      "fedroute.well-known.connect-timeout",
      "5s",
      "connect timeout of one `.well-known` request",
      "wellKnownConnectTimeout"),
  /** Deadline of the whole .well-known fetch. */
  WELL_KNOWN_TIMEOUT(
      "fedroute.well-known.timeout",
      "10s",
      "deadline of a whole `.well-known` fetch, redirects included",
      "wellKnownTimeout"),
  /** Body size cap. */
  WELL_KNOWN_MAX_BODY_BYTES(
      "fedroute.well-known.max-body-bytes",
      "51200",
      "largest `.well-known` body accepted, in bytes (at least 1)",
      "wellKnownMaxBodyBytes"),
  /** Redirect cap. */
  WELL_KNOWN_MAX_REDIRECTS(
      "fedroute.well-known.max-redirects",
      "5",
      "most redirects a `.well-known` fetch follows (0 or more)",
      "wellKnownMaxRedirects"),
  /** TTL floor. */
  WELL_KNOWN_MIN_TTL(
      "fedroute.well-known.min-ttl",
      "5m",
      "floor of a valid `.well-known` answer's cache lifetime",
      "wellKnownMinTtl"),
  /** TTL cap. */
  WELL_KNOWN_MAX_TTL(
      "fedroute.well-known.max-ttl",
      "48h",
      "cap of a valid `.well-known` answer's cache lifetime (not below `min-ttl`)",
      "wellKnownMaxTtl"),
  /** TTL without caching headers. */
  WELL_KNOWN_DEFAULT_TTL(
      "fedroute.well-known.default-ttl",
      "24h",
      "lifetime of a valid `.well-known` answer that has no caching headers",
      "wellKnownDefaultTtl"),
  /** Relative jitter. */
  WELL_KNOWN_JITTER(
      "fedroute.well-known.jitter",
      "0.1",
      "relative jitter applied to a valid answer's lifetime, 0 to 0.5 (0.1 = ±10 %)",
      "wellKnownJitter"),
  /** First .well-known failure backoff. */
  WELL_KNOWN_ERROR_BACKOFF_INITIAL(
      "fedroute.well-known.error-backoff.initial",
      "1m",
      "how long a first failed `.well-known` fetch is cached; doubles on each further failure",
      "wellKnownErrorBackoffInitial"),
  /** Longest .well-known failure backoff. */
  WELL_KNOWN_ERROR_BACKOFF_MAX(
      "fedroute.well-known.error-backoff.max",
      "1h",
      "the longest a repeatedly failing `.well-known` fetch is cached (not below `initial`)",
      "wellKnownErrorBackoffMax"),
  /** Refresh-ahead fraction. */
  REFRESH_AHEAD_FRACTION(
      "fedroute.refresh-ahead.fraction",
      "0.2",
      "last fraction (0 to 1) of a valid entry's life in which a lookup refreshes it in the"
          + " background",
      "refreshAheadFraction"),
  /** Negative DNS TTL without SOA. */
  DNS_NEGATIVE_TTL_DEFAULT(
      "fedroute.dns.negative-ttl.default",
      "5m",
      "lifetime of a negative DNS answer (NXDOMAIN, no records) that carries no SOA",
      "dnsNegativeTtlDefault"),
  /** Negative DNS TTL cap. */
  DNS_NEGATIVE_TTL_MAX(
      "fedroute.dns.negative-ttl.max",
      "1h",
      "cap of a negative DNS answer's lifetime",
      "dnsNegativeTtlMax"),
  /** Serve-stale window. */
  DNS_SERVE_STALE(
      "fedroute.dns.serve-stale",
      "1d",
      "how long past expiry a good DNS answer is served while DNS fails (0 switches it off)",
      "dnsServeStale"),
  /** First DNS failure backoff. */
  DNS_ERROR_BACKOFF_INITIAL(
      "fedroute.dns.error-backoff.initial",
      "1m",
      "how long a first failed DNS lookup (SERVFAIL, timeout) with nothing stale to serve is"
          + " cached; doubles on each further failure",
      "dnsErrorBackoffInitial"),
  /** Longest DNS failure backoff. */
  DNS_ERROR_BACKOFF_MAX(
      "fedroute.dns.error-backoff.max",
      "1h",
      "the longest a repeatedly failing DNS lookup is cached (not below `initial`)",
      "dnsErrorBackoffMax"),
  /** Unreachable window. */
  UNREACHABLE_FOR(
      "fedroute.unreachable-for",
      "1m",
      "how long an address that refused a connection is tried last",
      "unreachableFor"),
  /** Outbound blocklist. */
  BLOCKLIST(
      "fedroute.blocklist",
      "default",
      "CIDR ranges never connected to; `default` stands for the built-in list of private,"
          + " loopback, link-local, shared, documentation, multicast and reserved ranges"
          + " (`FedrouteConfig.DEFAULT_BLOCKLIST`) and combines with more: `default,192.0.3.0/24`",
      "blocklist"),
  /** Allowlist. */
  ALLOWLIST(
      "fedroute.allowlist",
      "",
      "CIDR ranges allowed even when the blocklist covers them (`10.1.0.0/16,fd00::/8`)",
      "allowlist"),
  /** Allowed server names. */
  SERVERS_ALLOW(
      "fedroute.servers.allow",
      "",
      "when set, only these server names are resolved (`example.org`, `*.example.org`: every name"
          + " below it); any other fails with `destination_denied` before any network traffic",
      "serversAllow"),
  /** Denied server names. */
  SERVERS_DENY(
      "fedroute.servers.deny",
      "",
      "server names never resolved, allowed or not (same patterns; deny wins)",
      "serversDeny"),
  /** Fixed delegations. */
  OVERRIDES(
      "fedroute.overrides",
      "",
      "fixed delegations, `server.name=m.server` pairs (`example.org=matrix.example.net:8448`):"
          + " each acts exactly like a valid `.well-known` answer with that `m.server`, without"
          + " fetching (steps 3.1-3.5 follow; `well_known.outcome` is `overridden`)",
      "overrides"),
  /** User-Agent. */
  USER_AGENT(
      "fedroute.user-agent",
      "",
      "the `User-Agent` of `.well-known` fetches and of federation requests that set none"
          + " (default `Fedroute/<version>`); printable ASCII",
      "userAgent"),
  /** Outbound HTTP proxy. */
  PROXY_URL(
      "fedroute.proxy.url",
      "",
      "outbound HTTP proxy of `.well-known` fetches and federation requests, `http://host:port` or"
          + " `https://host:port` (HTTP `CONNECT` tunnels; TLS stays end to end); unset: direct"
          + " connections",
      "proxyUrl"),
  /** Proxy user name. */
  PROXY_USERNAME(
      "fedroute.proxy.username",
      "",
      "user name of Basic proxy authentication (needs `fedroute.proxy.url`); never logged",
      "proxyUsername"),
  /** Proxy password. */
  PROXY_PASSWORD(
      "fedroute.proxy.password",
      "",
      "password of Basic proxy authentication (needs `fedroute.proxy.username`); never logged",
      "proxyPassword"),
  /** Destinations reached without the proxy. */
  PROXY_NO_PROXY(
      "fedroute.proxy.no-proxy",
      "",
      "destinations reached directly, not through the proxy: host names (`partner.example.org`),"
          + " `.suffix` names (`.corp.example`: every name below it) and address ranges"
          + " (`10.0.0.0/8`, `192.0.2.7`)",
      "proxyNoProxy"),
  /** Where the proxy tunnels to. */
  PROXY_CONNECT_BY(
      "fedroute.proxy.connect-by",
      "address",
      "`address`: Fedroute resolves each name, checks the blocklist and tunnels to the address"
          + " (`CONNECT 192.0.2.7:8448`); `name`: it tunnels to the host name and the proxy"
          + " resolves it (the blocklist is then the proxy's; SNI and the certificate check stay"
          + " Fedroute's)",
      "proxyConnectBy"),
  /** Trust store file. */
  TRUST_STORE_PATH(
      "fedroute.trust-store.path",
      "",
      "PKCS12 or JKS trust store for TLS; unset means the JVM's default trust. Checked at"
          + " start-up: it must be readable with the password",
      "trustStore"),
  /** Trust store password. */
  TRUST_STORE_PASSWORD(
      "fedroute.trust-store.password",
      "",
      "password of the trust store (needs `fedroute.trust-store.path`); never logged",
      "trustStore"),
  /** Cache size. */
  CACHE_MAX_SIZE(
      "fedroute.cache.max-size",
      "10000",
      "most entries in each cache (resolutions, `.well-known`; DNS: twice this many hosts, each"
          + " with its A, AAAA and SRV answers); at least 1",
      "cacheMaxSize"),
  /** Federation client connect timeout. */
  CLIENT_CONNECT_TIMEOUT(
      "fedroute.client.connect-timeout",
      "10s",
      "connect timeout of federation requests",
      "client.connectTimeout"),
  /** Federation client read timeout. */
  CLIENT_READ_TIMEOUT(
      "fedroute.client.read-timeout",
      "60s",
      "read timeout of federation requests",
      "client.readTimeout"),
  /** Federation client idle timeout. */
  CLIENT_IDLE_TIMEOUT(
      "fedroute.client.idle-timeout",
      "5m",
      "how long an unused federation client (and its connections) is kept",
      "client.idleTimeout"),
  /** Federation client pool size. */
  CLIENT_MAX_CONNECTIONS_PER_NAME(
      "fedroute.client.max-connections-per-name",
      "20",
      "most pooled connections per TLS name; at least 1",
      "client.maxConnectionsPerName"),
  /** Sharing through the server's data grid. */
  CLUSTER_ENABLED(
      "fedroute.cluster.enabled",
      "false",
      "whether `.well-known` outcomes (their failure backoff too) and whole resolutions are shared"
          + " with the other nodes through the server's data grid (a JCache `CacheManager` at"
          + " `payara/CacheManager` on Payara, an Infinispan cache container on WildFly); without a"
          + " grid the node caches on its own",
      "cluster.enabled"),
  /** The shared cache's name. */
  CLUSTER_CACHE(
      "fedroute.cluster.cache",
      "fedroute",
      "name of the shared cache in the grid (created when missing: JCache, or Infinispan where the"
          + " container has no cache of that name); nodes sharing it share results",
      "cluster.cache"),
  /** The Infinispan cache container holding the shared cache. */
  CLUSTER_CONTAINER(
      "fedroute.cluster.container",
      "fedroute",
      "WildFly: the Infinispan cache container (`java:jboss/infinispan/container/<name>`) that"
          + " defines the shared cache",
      "cluster.container"),
  /** The shared cache's timeout. */
  CLUSTER_TIMEOUT(
      "fedroute.cluster.timeout",
      "200ms",
      "how long a resolution waits at most for the grid before going on without it; positive",
      "cluster.timeout");

  /** The prefix every key has. */
  public static final String PREFIX = "fedroute.";

  /** Keys of earlier versions that one key no longer says exactly: what to set instead. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "fedroute.error-backoff.initial",
          "fedroute.well-known.error-backoff.initial and fedroute.dns.error-backoff.initial",
          "fedroute.error-backoff.max",
          "fedroute.well-known.error-backoff.max and fedroute.dns.error-backoff.max");

  private static final Map<String, ConfigKey> BY_KEY =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(k -> k.key, Function.identity()));

  private final String key;
  private final String defaultText;
  private final String description;
  private final String setting;

  ConfigKey(String key, String defaultText, String description, String setting) {
    this.key = key;
    this.defaultText = defaultText;
    this.description = description;
    this.setting = setting;
  }

  /**
   * The setting this key sets: a {@link dev.fedroute.FedrouteConfig.Builder} method, or {@code
   * client.} and a {@link FederationClientSettings} component; the name a violation reports.
   *
   * @return the setting name
   */
  String setting() {
    return setting;
  }

  /**
   * The key that sets a setting (for the trust store: its path).
   *
   * @param setting a setting name, as {@link #setting()}
   * @return the key, or empty
   */
  static Optional<ConfigKey> forSetting(String setting) {
    return Arrays.stream(values()).filter(k -> k.setting.equals(setting)).findFirst();
  }

  /**
   * The property name, for example {@code fedroute.dns.servers}.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * The default as an operator would write it ({@code 5s}); empty when the default is "not set".
   *
   * @return the default text
   */
  public String defaultText() {
    return defaultText;
  }

  /**
   * What the key means, in Markdown, as the README table shows it.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * Whether the value is secret and must never appear in a message or a log.
   *
   * @return true for the trust store password and the proxy credentials
   */
  public boolean secret() {
    return this == TRUST_STORE_PASSWORD || this == PROXY_USERNAME || this == PROXY_PASSWORD;
  }

  /**
   * A value as a message may show it: masked for a {@linkplain #secret() secret} key, and a URL's
   * user information (credentials an operator put in the proxy URL) masked.
   *
   * @param value the value as written
   * @return the text to show
   */
  String shown(String value) {
    if (secret()) {
      return "***";
    }
    return this == PROXY_URL ? value.replaceAll("(?<=//)[^/@]*@", "***@") : value;
  }

  /**
   * The key of a property name.
   *
   * @param name a property name
   * @return its key, or empty when Fedroute does not know the name
   */
  public static Optional<ConfigKey> of(String name) {
    return Optional.ofNullable(BY_KEY.get(name));
  }

  /**
   * What replaced a key of an earlier version.
   *
   * @param name a property name
   * @return the keys to set instead, or empty when the name was never renamed
   */
  static Optional<String> renamed(String name) {
    return Optional.ofNullable(RENAMED.get(name));
  }

  @Override
  public String toString() {
    return key;
  }
}
