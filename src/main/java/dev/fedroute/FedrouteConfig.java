package dev.fedroute;

import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.internal.text.ProjectVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one immutable configuration of a Fedroute resolver, grouped by concern, with the defaults of
 * {@code docs/resolution.md}. Build it with {@link #builder()}; {@link #defaults()} is the
 * configuration of a production homeserver.
 *
 * <p>Every rule is checked in one place, when the configuration is made (by the builder or this
 * constructor): all violations at once, in one {@link InvalidConfigurationException} that names
 * each setting (by its builder method) and its value. Thread-safe (immutable).
 *
 * @param resolveTimeout the overall deadline of one resolution ({@code timeout} error past it)
 * @param steps which optional steps run
 * @param dns where and how DNS is asked
 * @param wellKnown how {@code .well-known/matrix/server} is fetched
 * @param caching how long answers and failures are kept
 * @param addresses which destinations may be connected to, and in which order
 * @param servers which server names may be resolved at all
 * @param userAgent the {@code User-Agent} of {@code .well-known} fetches and, unless a request sets
 *     its own, of federation requests
 * @param proxy the outbound HTTP proxy of {@code .well-known} fetches and federation requests
 * @param trustStore the trust store for TLS, or empty for the JVM's default trust
 */
public record FedrouteConfig(
    Duration resolveTimeout,
    Steps steps,
    Dns dns,
    WellKnown wellKnown,
    Caching caching,
    AddressPolicy addresses,
    Servers servers,
    String userAgent,
    Proxy proxy,
    Optional<TrustStore> trustStore) {

  /** The default {@code User-Agent}: {@code Fedroute/} and the version. */
  public static final String DEFAULT_USER_AGENT = "Fedroute/" + ProjectVersion.get();

  /** The default outbound blocklist of {@code docs/resolution.md} section 6. */
  public static final List<Cidr> DEFAULT_BLOCKLIST =
      Cidr.parseAll(
          List.of(
              "0.0.0.0/8",
              "10.0.0.0/8",
              "100.64.0.0/10",
              "127.0.0.0/8",
              "169.254.0.0/16",
              "172.16.0.0/12",
              "192.0.0.0/24",
              "192.0.2.0/24",
              "192.88.99.0/24",
              "192.168.0.0/16",
              "198.18.0.0/15",
              "198.51.100.0/24",
              "203.0.113.0/24",
              "224.0.0.0/4",
              "240.0.0.0/4",
              "255.255.255.255/32",
              "::/128",
              "::1/128",
              "100::/64",
              "2001:db8::/32",
              "fc00::/7",
              "fe80::/10",
              "fec0::/10",
              "ff00::/8"));

  /**
   * Which optional steps of the algorithm run.
   *
   * @param wellKnown whether step 3 ({@code .well-known} delegation) runs
   * @param matrixFedSrv whether the {@code _matrix-fed._tcp} SRV record is consulted (steps 3.3 and
   *     4; off together with {@code wellKnown}: the original algorithm of the r0 specification)
   * @param legacySrv whether the deprecated {@code _matrix._tcp} SRV record is consulted (steps 3.4
   *     and 5)
   */
  public record Steps(boolean wellKnown, boolean matrixFedSrv, boolean legacySrv) {}

  /**
   * Where and how DNS is asked.
   *
   * @param servers DNS servers to ask, in order; empty means the system's resolvers
   * @param queryTimeout how long one DNS query may take, retries included
   * @param lookAhead whether the DNS lookups that later steps may need start at once, beside the
   *     {@code .well-known} fetch and the first SRV lookup, instead of one after the other; the
   *     result is the same either way (only DNS runs ahead, and only the lookups the steps take are
   *     reported or can fail the resolution)
   */
  public record Dns(List<InetSocketAddress> servers, Duration queryTimeout, boolean lookAhead) {
    /**
     * Copies the server list ({@code null} stays, for the rules to report).
     *
     * @param servers DNS servers to ask, in order; empty means the system's resolvers
     * @param queryTimeout how long one DNS query may take, retries included
     * @param lookAhead whether the lookups later steps may need start at once
     */
    public Dns {
      servers = servers == null ? null : List.copyOf(servers);
    }
  }

  /**
   * How {@code .well-known/matrix/server} is fetched.
   *
   * @param port the HTTPS port of the fetches (443; tests change it)
   * @param connectTimeout connect timeout of one request
   * @param timeout deadline of the whole fetch, redirects and body included
   * @param maxBodyBytes largest body accepted
   * @param maxRedirects most redirects followed
   */
  public record WellKnown(
      int port, Duration connectTimeout, Duration timeout, int maxBodyBytes, int maxRedirects) {}

  /**
   * How long a kind of failure is cached: {@code initial} after the first, doubling with each
   * further consecutive failure, at most {@code max}.
   *
   * @param initial how long a first failure is cached
   * @param max the longest a repeated failure is cached
   */
  public record Backoff(Duration initial, Duration max) {}

  /**
   * How long answers and failures are kept.
   *
   * @param maxSize most entries in each cache (resolutions, {@code .well-known}; DNS: twice this
   *     many hosts, each with its A, AAAA, {@code _matrix-fed._tcp} and {@code _matrix._tcp}
   *     answers: room for as many server names as the resolution cache holds and as many SRV
   *     targets besides)
   * @param wellKnownMinTtl floor of a valid {@code .well-known} answer's lifetime
   * @param wellKnownMaxTtl cap of a valid {@code .well-known} answer's lifetime
   * @param wellKnownDefaultTtl lifetime of a valid {@code .well-known} answer without caching
   *     headers
   * @param wellKnownJitter relative jitter applied to a valid answer's lifetime (0.1 = ±10 %)
   * @param refreshAheadFraction last fraction of a valid {@code .well-known} answer's life in which
   *     a lookup refreshes it in the background
   * @param wellKnownErrors how long failed {@code .well-known} fetches are cached
   * @param dnsNegativeTtlDefault lifetime of a negative DNS answer that carries no SOA
   * @param dnsNegativeTtlMax cap of a negative DNS answer's lifetime
   * @param dnsServeStale how long past expiry a good DNS answer is served while DNS fails (zero:
   *     never)
   * @param dnsErrors how long failed DNS lookups (SERVFAIL, timeouts) are cached
   */
  public record Caching(
      int maxSize,
      Duration wellKnownMinTtl,
      Duration wellKnownMaxTtl,
      Duration wellKnownDefaultTtl,
      double wellKnownJitter,
      double refreshAheadFraction,
      Backoff wellKnownErrors,
      Duration dnsNegativeTtlDefault,
      Duration dnsNegativeTtlMax,
      Duration dnsServeStale,
      Backoff dnsErrors) {}

  /**
   * Which destinations may be connected to, and in which order they are tried.
   *
   * @param blocklist outbound address ranges never connected to
   * @param allowlist ranges allowed even when the blocklist covers them
   * @param unreachableFor how long an address that refused a connection is tried last
   */
  public record AddressPolicy(List<Cidr> blocklist, List<Cidr> allowlist, Duration unreachableFor) {
    /**
     * Copies the lists ({@code null} stays, for the rules to report).
     *
     * @param blocklist outbound address ranges never connected to
     * @param allowlist ranges allowed even when the blocklist covers them
     * @param unreachableFor how long an address that refused a connection is tried last
     */
    public AddressPolicy {
      blocklist = blocklist == null ? null : List.copyOf(blocklist);
      allowlist = allowlist == null ? null : List.copyOf(allowlist);
    }
  }

  /**
   * Which server names may be resolved, and the delegations fixed by configuration.
   *
   * <p>When {@code allow} is not empty only names matching one of its patterns are resolved, and
   * never a name matching a {@code deny} pattern (deny wins). A refused name fails with {@link
   * ErrorCode#DESTINATION_DENIED} before any network traffic.
   *
   * <p>An override acts exactly like a valid {@code .well-known} answer whose {@code m.server} is
   * its value, without fetching: steps 3.1-3.5 follow, with their {@code Host}, TLS name and
   * blocklist rules, and the outcome is {@link WellKnownResult.Outcome#OVERRIDDEN}. Its key is a
   * server name that reaches step 3: a DNS name without a port.
   *
   * @param allow the names allowed; empty allows every name
   * @param deny the names refused
   * @param overrides server name to the {@code m.server} that stands for its {@code .well-known}
   */
  public record Servers(
      List<ServerPattern> allow, List<ServerPattern> deny, Map<ServerName, ServerName> overrides) {
    /**
     * Copies the lists and the map ({@code null} stays, for the rules to report).
     *
     * @param allow the names allowed; empty allows every name
     * @param deny the names refused
     * @param overrides server name to the {@code m.server} that stands for its {@code .well-known}
     */
    public Servers {
      allow = allow == null ? null : List.copyOf(allow);
      deny = deny == null ? null : List.copyOf(deny);
      overrides = overrides == null ? null : Map.copyOf(overrides);
    }

    /**
     * Parses one override as an operator writes it, {@code server.name=m.server}.
     *
     * @param pair the text
     * @return the server name and the {@code m.server} that stands for its {@code .well-known}
     * @throws IllegalArgumentException naming the text when it is not two server names around an
     *     {@code =}
     */
    public static Map.Entry<ServerName, ServerName> override(String pair) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("\"" + pair + "\" is not server.name=m.server");
      }
      try {
        return Map.entry(
            ServerName.parse(pair.substring(0, eq).trim()),
            ServerName.parse(pair.substring(eq + 1).trim()));
      } catch (InvalidServerNameException e) {
        throw new IllegalArgumentException(
            "\"" + pair + "\" is not server.name=m.server: " + e.getMessage(), e);
      }
    }

    /**
     * Why a name may not be resolved.
     *
     * @param name the server name
     * @return the reason, naming the rule, or empty when the name may be resolved
     */
    public Optional<String> refusal(ServerName name) {
      if (allow.isEmpty() && deny.isEmpty()) {
        // the usual case, on every resolution, cache hits included: no iterator to allocate
        return Optional.empty();
      }
      for (ServerPattern p : deny) {
        if (p.matches(name)) {
          return Optional.of(name + " is denied (pattern " + p + ")");
        }
      }
      if (!allow.isEmpty() && allow.stream().noneMatch(p -> p.matches(name))) {
        return Optional.of(name + " is not among the allowed servers");
      }
      return Optional.empty();
    }
  }

  /**
   * The outbound HTTP proxy of {@code .well-known} fetches and federation requests: every
   * connection but those its {@code noProxy} entries exempt goes through an HTTP {@code CONNECT}
   * tunnel of the proxy, with Basic credentials when the proxy asks for them (HTTP 407). TLS runs
   * end to end inside the tunnel. The proxy's own address is exempt from the blocklist.
   *
   * <p>With {@link ConnectBy#ADDRESS} (the default) Fedroute resolves every name itself, checks the
   * addresses against the blocklist and tunnels to the address ({@code CONNECT 192.0.2.7:8448}), so
   * SNI, the certificate check and the blocklist stay Fedroute's own. With {@link ConnectBy#NAME}
   * it tunnels to the host name ({@code CONNECT matrix.example.org:8448}), for proxies that filter
   * by name: the proxy then resolves the name, and which address is connected to, and so the
   * blocklist, is the proxy's decision; SNI, {@code Host} and the certificate check stay
   * Fedroute's.
   *
   * <p>{@link #toString()} shows neither the password nor the user name.
   *
   * @param url the proxy, {@code http://host:port} or {@code https://host:port}; empty for none
   * @param username the user name of Basic proxy authentication, or {@code null} for none
   * @param password its password, or {@code null}; never shown
   * @param noProxy the destinations reached directly
   * @param connectBy whether the tunnel goes to the checked address or to the host name
   */
  public record Proxy(
      Optional<URI> url,
      String username,
      String password,
      List<ProxyExemption> noProxy,
      ConnectBy connectBy) {

    /** Where a tunnel leads. */
    public enum ConnectBy {
      /** {@code CONNECT ip:port} to the address Fedroute resolved and checked (the default). */
      ADDRESS,
      /** {@code CONNECT host:port}: the proxy resolves the name. */
      NAME
    }

    /** No proxy: every connection is direct. */
    public static final Proxy NONE =
        new Proxy(Optional.empty(), null, null, List.of(), ConnectBy.ADDRESS);

    /**
     * Copies the list ({@code null} stays, for the rules to report).
     *
     * @param url the proxy, or empty for none
     * @param username the user name of Basic proxy authentication, or {@code null}
     * @param password its password, or {@code null}
     * @param noProxy the destinations reached directly
     * @param connectBy whether the tunnel goes to the checked address or to the host name
     */
    public Proxy {
      noProxy = noProxy == null ? null : List.copyOf(noProxy);
    }

    /**
     * Whether a proxy is set.
     *
     * @return true when {@link #url()} is present
     */
    public boolean enabled() {
      return url != null && url.isPresent();
    }

    /**
     * The proxy's host: a name, or an IP literal (IPv6 without brackets).
     *
     * @return the host
     * @throws java.util.NoSuchElementException when no proxy is set
     */
    public String host() {
      return IpAddresses.unbracketed(url.orElseThrow().getHost());
    }

    /**
     * The proxy's port: the URL's, else 80 for {@code http} and 443 for {@code https}.
     *
     * @return the port
     * @throws java.util.NoSuchElementException when no proxy is set
     */
    public int port() {
      URI u = url.orElseThrow();
      return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /**
     * The proxy as named in messages and logs: {@code scheme://host:port}, never credentials.
     *
     * @return the text, or {@code "none"}
     */
    public String display() {
      if (!enabled()) {
        return "none";
      }
      String scheme = url.get().getScheme().toLowerCase(Locale.ROOT);
      return scheme + "://" + IpAddresses.authority(host(), port());
    }

    /**
     * Whether a connection goes through the proxy.
     *
     * @param host the destination host name, or an IP literal (IPv6 without brackets)
     * @param address the address connected to, or empty when the proxy resolves the name
     * @return true when a proxy is set and no {@code noProxy} entry matches
     */
    public boolean applies(String host, Optional<InetAddress> address) {
      return enabled() && noProxy.stream().noneMatch(e -> e.matches(host, address));
    }

    @Override
    public String toString() {
      return "Proxy[url="
          + display()
          + ", credentials="
          + (username == null ? "none" : "***")
          + ", noProxy="
          + noProxy
          + ", connectBy="
          + connectBy
          + "]";
    }
  }

  /**
   * A trust store file (PKCS12 or JKS, detected from its content).
   *
   * @param path the file
   * @param password its password, or {@code null} for none
   */
  public record TrustStore(Path path, String password) {
    /**
     * Checks the path.
     *
     * @param path the file
     * @param password its password, or {@code null} for none
     */
    public TrustStore {
      Objects.requireNonNull(path, "trust store path");
    }

    /**
     * Loads the store, detecting PKCS12 or JKS from its content. While the file keeps its identity,
     * modification time and size, a later call for the same path and password (this one or {@link
     * #problem()}) is answered from the last read instead of reading the file again: the store
     * returned may be the same object, so do not modify it.
     *
     * @return the key store, holding at least one entry
     * @throws IllegalArgumentException naming the file and saying what is wrong (see {@link
     *     #problem()}); never showing the password
     */
    public KeyStore load() {
      Object loaded = tryLoad();
      if (loaded instanceof KeyStore store) {
        return store;
      }
      throw new IllegalArgumentException("trust store " + path + " " + loaded);
    }

    /**
     * Why the store cannot be used, or empty when it {@linkplain #load() loads}: it {@code "is not
     * a readable file"}, {@code "is not usable as PKCS12 or JKS (wrong password?): ..."} or {@code
     * "holds no certificate"}.
     *
     * @return the reason, without the path
     */
    public Optional<String> problem() {
      return tryLoad() instanceof String reason ? Optional.of(reason) : Optional.empty();
    }

    /**
     * The last store read, with the file's attributes then: checking a store and then building a
     * TLS context from it (the command line does both, as does a configuration that is checked
     * before use) reads and verifies the file once, not once per use; a PKCS12 store's
     * password-based integrity check is the costly part of reading it.
     */
    private static volatile LastRead lastRead;

    private record LastRead(TrustStore store, BasicFileAttributes file, Object loaded) {
      boolean sameAs(TrustStore other, BasicFileAttributes now) {
        return store.equals(other)
            && Objects.equals(file.fileKey(), now.fileKey())
            && file.lastModifiedTime().equals(now.lastModifiedTime())
            && file.size() == now.size();
      }
    }

    /**
     * The loaded store, or why it cannot be loaded; what the last call read while the file keeps
     * its identity, modification time and size.
     */
    private Object tryLoad() {
      BasicFileAttributes file;
      try {
        file = Files.readAttributes(path, BasicFileAttributes.class);
      } catch (IOException e) {
        return "is not a readable file";
      }
      if (!file.isRegularFile() || !Files.isReadable(path)) {
        return "is not a readable file";
      }
      LastRead last = lastRead;
      if (last != null && last.sameAs(this, file)) {
        return last.loaded();
      }
      Object loaded = read();
      lastRead = new LastRead(this, file, loaded);
      return loaded;
    }

    private Object read() {
      try {
        KeyStore store =
            KeyStore.getInstance(path.toFile(), password == null ? null : password.toCharArray());
        return store.size() == 0 ? "holds no certificate" : store;
      } catch (IOException | GeneralSecurityException e) {
        return "is not usable as PKCS12 or JKS (wrong password?): " + e.getMessage();
      }
    }

    @Override
    public String toString() {
      return "TrustStore[path=" + path + ", password=" + (password == null ? "none" : "***") + "]";
    }
  }

  /**
   * Checks every rule (see {@link ConfigRules}) and throws all violations at once.
   *
   * @param resolveTimeout the overall deadline of one resolution ({@code timeout} error past it)
   * @param steps which optional steps run
   * @param dns where and how DNS is asked
   * @param wellKnown how {@code .well-known/matrix/server} is fetched
   * @param caching how long answers and failures are kept
   * @param addresses which destinations may be connected to, and in which order
   * @param servers which server names may be resolved at all
   * @param userAgent the {@code User-Agent} of {@code .well-known} fetches and federation requests
   * @param proxy the outbound HTTP proxy of {@code .well-known} fetches and federation requests
   * @param trustStore the trust store for TLS, or empty for the JVM's default trust
   * @throws InvalidConfigurationException listing every violated rule
   */
  public FedrouteConfig {
    List<InvalidConfigurationException.Violation> violations =
        ConfigRules.check(
            resolveTimeout,
            steps,
            dns,
            wellKnown,
            caching,
            addresses,
            servers,
            userAgent,
            proxy,
            trustStore);
    if (!violations.isEmpty()) {
      throw new InvalidConfigurationException(violations);
    }
  }

  /**
   * The production defaults of {@code docs/resolution.md}.
   *
   * @return the default configuration
   */
  public static FedrouteConfig defaults() {
    return builder().build();
  }

  /**
   * A builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this configuration's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A mutable builder of {@link FedrouteConfig}, one method per setting; not thread-safe. The
   * method names are the setting names that {@link InvalidConfigurationException} reports.
   */
  public static final class Builder {
    private Duration resolveTimeout = Duration.ofSeconds(30);
    private boolean wellKnownEnabled = true;
    private boolean matrixFedSrvEnabled = true;
    private boolean legacySrvEnabled = true;
    private List<InetSocketAddress> dnsServers = List.of();
    private Duration dnsQueryTimeout = Duration.ofSeconds(5);
    private boolean dnsLookAhead = true;
    private int wellKnownPort = 443;
    private Duration wellKnownConnectTimeout = Duration.ofSeconds(5);
    private Duration wellKnownTimeout = Duration.ofSeconds(10);
    private int wellKnownMaxBodyBytes = 51_200;
    private int wellKnownMaxRedirects = 5;
    private int cacheMaxSize = 10_000;
    private Duration wellKnownMinTtl = Duration.ofMinutes(5);
    private Duration wellKnownMaxTtl = Duration.ofHours(48);
    private Duration wellKnownDefaultTtl = Duration.ofHours(24);
    private double wellKnownJitter = 0.10;
    private double refreshAheadFraction = 0.20;
    private Duration wellKnownErrorBackoffInitial = Duration.ofMinutes(1);
    private Duration wellKnownErrorBackoffMax = Duration.ofHours(1);
    private Duration dnsNegativeTtlDefault = Duration.ofMinutes(5);
    private Duration dnsNegativeTtlMax = Duration.ofHours(1);
    private Duration dnsServeStale = Duration.ofDays(1);
    private Duration dnsErrorBackoffInitial = Duration.ofMinutes(1);
    private Duration dnsErrorBackoffMax = Duration.ofHours(1);
    private List<Cidr> blocklist = DEFAULT_BLOCKLIST;
    private List<Cidr> allowlist = List.of();
    private Duration unreachableFor = Duration.ofMinutes(1);
    private List<ServerPattern> serversAllow = List.of();
    private List<ServerPattern> serversDeny = List.of();
    private Map<ServerName, ServerName> overrides = Map.of();
    private String userAgent = DEFAULT_USER_AGENT;
    private Optional<URI> proxyUrl = Optional.empty();
    private String proxyUsername;
    private String proxyPassword;
    private List<ProxyExemption> proxyNoProxy = List.of();
    private Proxy.ConnectBy proxyConnectBy = Proxy.ConnectBy.ADDRESS;
    private Optional<TrustStore> trustStore = Optional.empty();

    private Builder() {}

    private Builder(FedrouteConfig c) {
      resolveTimeout = c.resolveTimeout;
      wellKnownEnabled = c.steps.wellKnown();
      matrixFedSrvEnabled = c.steps.matrixFedSrv();
      legacySrvEnabled = c.steps.legacySrv();
      dnsServers = c.dns.servers();
      dnsQueryTimeout = c.dns.queryTimeout();
      dnsLookAhead = c.dns.lookAhead();
      wellKnownPort = c.wellKnown.port();
      wellKnownConnectTimeout = c.wellKnown.connectTimeout();
      wellKnownTimeout = c.wellKnown.timeout();
      wellKnownMaxBodyBytes = c.wellKnown.maxBodyBytes();
      wellKnownMaxRedirects = c.wellKnown.maxRedirects();
      cacheMaxSize = c.caching.maxSize();
      wellKnownMinTtl = c.caching.wellKnownMinTtl();
      wellKnownMaxTtl = c.caching.wellKnownMaxTtl();
      wellKnownDefaultTtl = c.caching.wellKnownDefaultTtl();
      wellKnownJitter = c.caching.wellKnownJitter();
      refreshAheadFraction = c.caching.refreshAheadFraction();
      wellKnownErrorBackoffInitial = c.caching.wellKnownErrors().initial();
      wellKnownErrorBackoffMax = c.caching.wellKnownErrors().max();
      dnsNegativeTtlDefault = c.caching.dnsNegativeTtlDefault();
      dnsNegativeTtlMax = c.caching.dnsNegativeTtlMax();
      dnsServeStale = c.caching.dnsServeStale();
      dnsErrorBackoffInitial = c.caching.dnsErrors().initial();
      dnsErrorBackoffMax = c.caching.dnsErrors().max();
      blocklist = c.addresses.blocklist();
      allowlist = c.addresses.allowlist();
      unreachableFor = c.addresses.unreachableFor();
      serversAllow = c.servers.allow();
      serversDeny = c.servers.deny();
      overrides = c.servers.overrides();
      userAgent = c.userAgent;
      proxyUrl = c.proxy.url();
      proxyUsername = c.proxy.username();
      proxyPassword = c.proxy.password();
      proxyNoProxy = c.proxy.noProxy();
      proxyConnectBy = c.proxy.connectBy();
      trustStore = c.trustStore;
    }

    /**
     * Sets the overall deadline of one resolution (30 s).
     *
     * @param value the deadline
     * @return this builder
     */
    public Builder resolveTimeout(Duration value) {
      resolveTimeout = value;
      return this;
    }

    /**
     * Sets whether step 3, {@code .well-known} delegation, runs (true).
     *
     * @param value whether it runs
     * @return this builder
     */
    public Builder wellKnownEnabled(boolean value) {
      wellKnownEnabled = value;
      return this;
    }

    /**
     * Sets whether the {@code _matrix-fed._tcp} SRV record is consulted (true).
     *
     * @param value whether it is
     * @return this builder
     */
    public Builder matrixFedSrvEnabled(boolean value) {
      matrixFedSrvEnabled = value;
      return this;
    }

    /**
     * Sets whether the deprecated {@code _matrix._tcp} SRV record is consulted (true).
     *
     * @param value whether it is
     * @return this builder
     */
    public Builder legacySrvEnabled(boolean value) {
      legacySrvEnabled = value;
      return this;
    }

    /**
     * Sets the DNS servers, in order (empty: the system's).
     *
     * @param value the servers
     * @return this builder
     */
    public Builder dnsServers(List<InetSocketAddress> value) {
      dnsServers = value;
      return this;
    }

    /**
     * Sets how long one DNS query may take, retries included (5 s).
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder dnsQueryTimeout(Duration value) {
      dnsQueryTimeout = value;
      return this;
    }

    /**
     * Sets whether the DNS lookups later steps may need start at once (true); false is the strictly
     * serial order, one lookup after the other, with the same results.
     *
     * @param value whether lookups run ahead
     * @return this builder
     */
    public Builder dnsLookAhead(boolean value) {
      dnsLookAhead = value;
      return this;
    }

    /**
     * Sets the HTTPS port of {@code .well-known} fetches (443).
     *
     * @param value the port, 1-65535
     * @return this builder
     */
    public Builder wellKnownPort(int value) {
      wellKnownPort = value;
      return this;
    }

    /**
     * Sets the connect timeout of one {@code .well-known} request (5 s).
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder wellKnownConnectTimeout(Duration value) {
      wellKnownConnectTimeout = value;
      return this;
    }

    /**
     * Sets the deadline of a whole {@code .well-known} fetch, redirects and body included (10 s).
     *
     * @param value the deadline
     * @return this builder
     */
    public Builder wellKnownTimeout(Duration value) {
      wellKnownTimeout = value;
      return this;
    }

    /**
     * Sets the largest {@code .well-known} body accepted (51,200 bytes).
     *
     * @param value the limit in bytes, at least 1
     * @return this builder
     */
    public Builder wellKnownMaxBodyBytes(int value) {
      wellKnownMaxBodyBytes = value;
      return this;
    }

    /**
     * Sets the most redirects a {@code .well-known} fetch follows (5).
     *
     * @param value the limit, 0 or more
     * @return this builder
     */
    public Builder wellKnownMaxRedirects(int value) {
      wellKnownMaxRedirects = value;
      return this;
    }

    /**
     * Sets the most entries of each cache (10,000); the DNS cache holds twice this many hosts, see
     * {@link Caching#maxSize()}.
     *
     * @param value the size, at least 1
     * @return this builder
     */
    public Builder cacheMaxSize(int value) {
      cacheMaxSize = value;
      return this;
    }

    /**
     * Sets the floor of a valid {@code .well-known} answer's lifetime (5 min).
     *
     * @param value the floor
     * @return this builder
     */
    public Builder wellKnownMinTtl(Duration value) {
      wellKnownMinTtl = value;
      return this;
    }

    /**
     * Sets the cap of a valid {@code .well-known} answer's lifetime (48 h).
     *
     * @param value the cap, not below the floor
     * @return this builder
     */
    public Builder wellKnownMaxTtl(Duration value) {
      wellKnownMaxTtl = value;
      return this;
    }

    /**
     * Sets the lifetime of a valid {@code .well-known} answer without caching headers (24 h).
     *
     * @param value the lifetime
     * @return this builder
     */
    public Builder wellKnownDefaultTtl(Duration value) {
      wellKnownDefaultTtl = value;
      return this;
    }

    /**
     * Sets the relative jitter of a valid answer's lifetime (0.1, that is ±10 %).
     *
     * @param value the jitter, 0 to 0.5
     * @return this builder
     */
    public Builder wellKnownJitter(double value) {
      wellKnownJitter = value;
      return this;
    }

    /**
     * Sets the last fraction of a valid {@code .well-known} answer's life in which a lookup
     * refreshes it in the background (0.2).
     *
     * @param value the fraction, 0 to 1
     * @return this builder
     */
    public Builder refreshAheadFraction(double value) {
      refreshAheadFraction = value;
      return this;
    }

    /**
     * Sets how long a first failed {@code .well-known} fetch is cached (1 min).
     *
     * @param value the time
     * @return this builder
     */
    public Builder wellKnownErrorBackoffInitial(Duration value) {
      wellKnownErrorBackoffInitial = value;
      return this;
    }

    /**
     * Sets the longest a repeatedly failing {@code .well-known} fetch is cached (1 h).
     *
     * @param value the time, not below the initial one
     * @return this builder
     */
    public Builder wellKnownErrorBackoffMax(Duration value) {
      wellKnownErrorBackoffMax = value;
      return this;
    }

    /**
     * Sets the lifetime of a negative DNS answer that carries no SOA (5 min).
     *
     * @param value the lifetime
     * @return this builder
     */
    public Builder dnsNegativeTtlDefault(Duration value) {
      dnsNegativeTtlDefault = value;
      return this;
    }

    /**
     * Sets the cap of a negative DNS answer's lifetime (1 h).
     *
     * @param value the cap
     * @return this builder
     */
    public Builder dnsNegativeTtlMax(Duration value) {
      dnsNegativeTtlMax = value;
      return this;
    }

    /**
     * Sets how long past expiry a good DNS answer is served while DNS fails (1 day; zero: never).
     *
     * @param value the window
     * @return this builder
     */
    public Builder dnsServeStale(Duration value) {
      dnsServeStale = value;
      return this;
    }

    /**
     * Sets how long a first failed DNS lookup (SERVFAIL, timeout) is cached (1 min).
     *
     * @param value the time
     * @return this builder
     */
    public Builder dnsErrorBackoffInitial(Duration value) {
      dnsErrorBackoffInitial = value;
      return this;
    }

    /**
     * Sets the longest a repeatedly failing DNS lookup is cached (1 h).
     *
     * @param value the time, not below the initial one
     * @return this builder
     */
    public Builder dnsErrorBackoffMax(Duration value) {
      dnsErrorBackoffMax = value;
      return this;
    }

    /**
     * Replaces the blocklist ({@link #DEFAULT_BLOCKLIST}).
     *
     * @param value the blocked ranges
     * @return this builder
     */
    public Builder blocklist(List<Cidr> value) {
      blocklist = value;
      return this;
    }

    /**
     * Replaces the allowlist (empty).
     *
     * @param value the allowed ranges
     * @return this builder
     */
    public Builder allowlist(List<Cidr> value) {
      allowlist = value;
      return this;
    }

    /**
     * Adds ranges to the allowlist.
     *
     * @param value the ranges to allow
     * @return this builder
     */
    public Builder allow(List<Cidr> value) {
      List<Cidr> all = new ArrayList<>(allowlist);
      all.addAll(value);
      allowlist = all;
      return this;
    }

    /**
     * Sets how long an address that refused a connection is tried last (1 min).
     *
     * @param value the window
     * @return this builder
     */
    public Builder unreachableFor(Duration value) {
      unreachableFor = value;
      return this;
    }

    /**
     * Sets the server names that may be resolved (empty, the default: every name).
     *
     * @param value the patterns ({@code example.org}, {@code *.example.org})
     * @return this builder
     */
    public Builder serversAllow(List<ServerPattern> value) {
      serversAllow = value;
      return this;
    }

    /**
     * Sets the server names that are never resolved, whatever the allowed ones (empty).
     *
     * @param value the patterns ({@code example.org}, {@code *.example.org})
     * @return this builder
     */
    public Builder serversDeny(List<ServerPattern> value) {
      serversDeny = value;
      return this;
    }

    /**
     * Sets fixed delegations: each server name acts as if its {@code .well-known} answered the
     * given {@code m.server}, without fetching (empty).
     *
     * @param value server name (a DNS name without a port) to {@code m.server}
     * @return this builder
     */
    public Builder overrides(Map<ServerName, ServerName> value) {
      overrides = value;
      return this;
    }

    /**
     * Sets the {@code User-Agent} of {@code .well-known} fetches and of federation requests that
     * set none ({@link #DEFAULT_USER_AGENT}).
     *
     * @param value printable ASCII, not blank
     * @return this builder
     */
    public Builder userAgent(String value) {
      userAgent = value;
      return this;
    }

    /**
     * Sets the outbound HTTP proxy (empty: none; see {@link Proxy}).
     *
     * @param value {@code http://host:port} or {@code https://host:port}, without credentials
     * @return this builder
     */
    public Builder proxyUrl(Optional<URI> value) {
      proxyUrl = value;
      return this;
    }

    /**
     * Sets the user name of Basic proxy authentication ({@code null}: none).
     *
     * @param value the user name, printable ASCII without {@code :}
     * @return this builder
     */
    public Builder proxyUsername(String value) {
      proxyUsername = value;
      return this;
    }

    /**
     * Sets the password of Basic proxy authentication ({@code null}: none); never shown.
     *
     * @param value the password (needs {@link #proxyUsername(String)})
     * @return this builder
     */
    public Builder proxyPassword(String value) {
      proxyPassword = value;
      return this;
    }

    /**
     * Sets the destinations reached directly, not through the proxy (empty).
     *
     * @param value host names, {@code .suffix} names and address ranges
     * @return this builder
     */
    public Builder proxyNoProxy(List<ProxyExemption> value) {
      proxyNoProxy = value;
      return this;
    }

    /**
     * Sets where a tunnel leads ({@link Proxy.ConnectBy#ADDRESS}: the address Fedroute resolved and
     * checked).
     *
     * @param value address or name
     * @return this builder
     */
    public Builder proxyConnectBy(Proxy.ConnectBy value) {
      proxyConnectBy = value;
      return this;
    }

    /**
     * Sets the trust store (empty: the JVM's default trust).
     *
     * @param value the trust store
     * @return this builder
     */
    public Builder trustStore(Optional<TrustStore> value) {
      trustStore = value;
      return this;
    }

    /**
     * Builds the configuration, checking every rule.
     *
     * @return the configuration
     * @throws InvalidConfigurationException listing every violated rule, by setting name
     */
    public FedrouteConfig build() {
      return new FedrouteConfig(
          resolveTimeout,
          new Steps(wellKnownEnabled, matrixFedSrvEnabled, legacySrvEnabled),
          new Dns(dnsServers, dnsQueryTimeout, dnsLookAhead),
          new WellKnown(
              wellKnownPort,
              wellKnownConnectTimeout,
              wellKnownTimeout,
              wellKnownMaxBodyBytes,
              wellKnownMaxRedirects),
          new Caching(
              cacheMaxSize,
              wellKnownMinTtl,
              wellKnownMaxTtl,
              wellKnownDefaultTtl,
              wellKnownJitter,
              refreshAheadFraction,
              new Backoff(wellKnownErrorBackoffInitial, wellKnownErrorBackoffMax),
              dnsNegativeTtlDefault,
              dnsNegativeTtlMax,
              dnsServeStale,
              new Backoff(dnsErrorBackoffInitial, dnsErrorBackoffMax)),
          new AddressPolicy(blocklist, allowlist, unreachableFor),
          new Servers(serversAllow, serversDeny, overrides),
          userAgent,
          new Proxy(proxyUrl, proxyUsername, proxyPassword, proxyNoProxy, proxyConnectBy),
          trustStore);
    }
  }
}
