package dev.fedroute;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one immutable configuration of a Fedroute resolver, with the defaults of docs/resolution.md.
 * Build it with {@link #builder()}; {@link #defaults()} is the configuration of a production
 * homeserver.
 *
 * <p>Every component is validated when the record is made: a bad value throws {@link
 * IllegalArgumentException} naming the component and the value.
 *
 * @param dnsServers DNS servers to ask, in order; empty means the system's resolvers
 * @param dnsQueryTimeout how long one DNS query may take (all retries included)
 * @param resolveTimeout the overall deadline of one resolution ({@code timeout} error past it)
 * @param wellKnownEnabled whether step 3 ({@code .well-known} delegation) runs
 * @param matrixFedSrvEnabled whether the {@code _matrix-fed._tcp} SRV record is consulted (off
 *     together with {@code wellKnownEnabled}: the original algorithm of the r0 specification)
 * @param legacySrvEnabled whether the deprecated {@code _matrix._tcp} SRV record is consulted
 * @param wellKnownPort the HTTPS port of {@code .well-known} fetches (443; tests change it)
 * @param wellKnownConnectTimeout connect timeout of one {@code .well-known} request
 * @param wellKnownTimeout deadline of the whole {@code .well-known} fetch, redirects included
 * @param wellKnownMaxBodyBytes largest {@code .well-known} body accepted
 * @param wellKnownMaxRedirects most redirects followed
 * @param wellKnownMinTtl floor of a valid answer's cache lifetime
 * @param wellKnownMaxTtl cap of a valid answer's cache lifetime
 * @param wellKnownDefaultTtl lifetime of a valid answer without caching headers
 * @param wellKnownJitter relative jitter applied to a valid answer's lifetime (0.1 = ±10 %)
 * @param errorBackoffInitial how long a first {@code .well-known} failure is cached
 * @param errorBackoffMax the most a repeated failure is cached (doubling up to it)
 * @param refreshAheadFraction last fraction of a valid entry's life in which it is refreshed
 * @param dnsNegativeTtlDefault negative-answer lifetime when the answer has no SOA
 * @param dnsNegativeTtlMax cap of a negative answer's lifetime
 * @param serveStaleFor how long past expiry a good DNS answer is served when DNS fails
 * @param unreachableFor how long an address that refused a connection is tried last
 * @param blocklist outbound addresses never connected to
 * @param allowlist addresses allowed even when the blocklist covers them
 * @param trustStore the trust store for TLS, or empty for the JVM's default trust
 * @param cacheMaxSize most entries in each cache (resolutions, {@code .well-known}, DNS)
 */
public record FedrouteConfig(
    List<InetSocketAddress> dnsServers,
    Duration dnsQueryTimeout,
    Duration resolveTimeout,
    boolean wellKnownEnabled,
    boolean matrixFedSrvEnabled,
    boolean legacySrvEnabled,
    int wellKnownPort,
    Duration wellKnownConnectTimeout,
    Duration wellKnownTimeout,
    int wellKnownMaxBodyBytes,
    int wellKnownMaxRedirects,
    Duration wellKnownMinTtl,
    Duration wellKnownMaxTtl,
    Duration wellKnownDefaultTtl,
    double wellKnownJitter,
    Duration errorBackoffInitial,
    Duration errorBackoffMax,
    double refreshAheadFraction,
    Duration dnsNegativeTtlDefault,
    Duration dnsNegativeTtlMax,
    Duration serveStaleFor,
    Duration unreachableFor,
    List<Cidr> blocklist,
    List<Cidr> allowlist,
    Optional<TrustStore> trustStore,
    int cacheMaxSize) {

  /** The default outbound blocklist of docs/resolution.md section 6. */
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

    @Override
    public String toString() {
      return "TrustStore[path=" + path + ", password=" + (password == null ? "none" : "***") + "]";
    }
  }

  /**
   * Validates every component.
   *
   * @param dnsServers DNS servers to ask, in order; empty means the system's resolvers
   * @param dnsQueryTimeout how long one DNS query may take (all retries included)
   * @param resolveTimeout the overall deadline of one resolution ({@code timeout} error past it)
   * @param wellKnownEnabled whether step 3 ({@code .well-known} delegation) runs
   * @param matrixFedSrvEnabled whether the {@code _matrix-fed._tcp} SRV record is consulted (off
   *     together with {@code wellKnownEnabled}: the original algorithm of the r0 specification)
   * @param legacySrvEnabled whether the deprecated {@code _matrix._tcp} SRV record is consulted
   * @param wellKnownPort the HTTPS port of {@code .well-known} fetches (443; tests change it)
   * @param wellKnownConnectTimeout connect timeout of one {@code .well-known} request
   * @param wellKnownTimeout deadline of the whole {@code .well-known} fetch, redirects included
   * @param wellKnownMaxBodyBytes largest {@code .well-known} body accepted
   * @param wellKnownMaxRedirects most redirects followed
   * @param wellKnownMinTtl floor of a valid answer's cache lifetime
   * @param wellKnownMaxTtl cap of a valid answer's cache lifetime
   * @param wellKnownDefaultTtl lifetime of a valid answer without caching headers
   * @param wellKnownJitter relative jitter applied to a valid answer's lifetime (0.1 = ±10 %)
   * @param errorBackoffInitial how long a first {@code .well-known} failure is cached
   * @param errorBackoffMax the most a repeated failure is cached (doubling up to it)
   * @param refreshAheadFraction last fraction of a valid entry's life in which it is refreshed
   * @param dnsNegativeTtlDefault negative-answer lifetime when the answer has no SOA
   * @param dnsNegativeTtlMax cap of a negative answer's lifetime
   * @param serveStaleFor how long past expiry a good DNS answer is served when DNS fails
   * @param unreachableFor how long an address that refused a connection is tried last
   * @param blocklist outbound addresses never connected to
   * @param allowlist addresses allowed even when the blocklist covers them
   * @param trustStore the trust store for TLS, or empty for the JVM's default trust
   * @param cacheMaxSize most entries in each cache (resolutions, {@code .well-known}, DNS)
   */
  public FedrouteConfig {
    dnsServers = List.copyOf(dnsServers);
    positive("dnsQueryTimeout", dnsQueryTimeout);
    positive("resolveTimeout", resolveTimeout);
    port("wellKnownPort", wellKnownPort);
    positive("wellKnownConnectTimeout", wellKnownConnectTimeout);
    positive("wellKnownTimeout", wellKnownTimeout);
    atLeast("wellKnownMaxBodyBytes", wellKnownMaxBodyBytes, 1);
    atLeast("wellKnownMaxRedirects", wellKnownMaxRedirects, 0);
    positive("wellKnownMinTtl", wellKnownMinTtl);
    positive("wellKnownMaxTtl", wellKnownMaxTtl);
    positive("wellKnownDefaultTtl", wellKnownDefaultTtl);
    if (wellKnownMaxTtl.compareTo(wellKnownMinTtl) < 0) {
      throw new IllegalArgumentException(
          "wellKnownMaxTtl " + wellKnownMaxTtl + " is below wellKnownMinTtl " + wellKnownMinTtl);
    }
    fraction("wellKnownJitter", wellKnownJitter, 0.0, 0.5);
    positive("errorBackoffInitial", errorBackoffInitial);
    positive("errorBackoffMax", errorBackoffMax);
    if (errorBackoffMax.compareTo(errorBackoffInitial) < 0) {
      throw new IllegalArgumentException(
          "errorBackoffMax "
              + errorBackoffMax
              + " is below errorBackoffInitial "
              + errorBackoffInitial);
    }
    fraction("refreshAheadFraction", refreshAheadFraction, 0.0, 1.0);
    positive("dnsNegativeTtlDefault", dnsNegativeTtlDefault);
    positive("dnsNegativeTtlMax", dnsNegativeTtlMax);
    notNegative("serveStaleFor", serveStaleFor);
    notNegative("unreachableFor", unreachableFor);
    blocklist = List.copyOf(blocklist);
    allowlist = List.copyOf(allowlist);
    Objects.requireNonNull(trustStore, "trustStore");
    atLeast("cacheMaxSize", cacheMaxSize, 1);
  }

  /**
   * The production defaults of docs/resolution.md.
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

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  private static void notNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
  }

  private static void port(String name, int value) {
    if (value < 1 || value > 65535) {
      throw new IllegalArgumentException(name + " must be a port 1-65535, was " + value);
    }
  }

  private static void fraction(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  /** A mutable builder of {@link FedrouteConfig}; not thread-safe. */
  public static final class Builder {
    private List<InetSocketAddress> dnsServers = List.of();
    private Duration dnsQueryTimeout = Duration.ofSeconds(5);
    private Duration resolveTimeout = Duration.ofSeconds(30);
    private boolean wellKnownEnabled = true;
    private boolean matrixFedSrvEnabled = true;
    private boolean legacySrvEnabled = true;
    private int wellKnownPort = 443;
    private Duration wellKnownConnectTimeout = Duration.ofSeconds(5);
    private Duration wellKnownTimeout = Duration.ofSeconds(10);
    private int wellKnownMaxBodyBytes = 51_200;
    private int wellKnownMaxRedirects = 5;
    private Duration wellKnownMinTtl = Duration.ofMinutes(5);
    private Duration wellKnownMaxTtl = Duration.ofHours(48);
    private Duration wellKnownDefaultTtl = Duration.ofHours(24);
    private double wellKnownJitter = 0.10;
    private Duration errorBackoffInitial = Duration.ofMinutes(1);
    private Duration errorBackoffMax = Duration.ofHours(1);
    private double refreshAheadFraction = 0.20;
    private Duration dnsNegativeTtlDefault = Duration.ofMinutes(5);
    private Duration dnsNegativeTtlMax = Duration.ofHours(1);
    private Duration serveStaleFor = Duration.ofDays(1);
    private Duration unreachableFor = Duration.ofMinutes(1);
    private List<Cidr> blocklist = DEFAULT_BLOCKLIST;
    private List<Cidr> allowlist = List.of();
    private Optional<TrustStore> trustStore = Optional.empty();
    private int cacheMaxSize = 10_000;

    private Builder() {}

    private Builder(FedrouteConfig c) {
      dnsServers = c.dnsServers;
      dnsQueryTimeout = c.dnsQueryTimeout;
      resolveTimeout = c.resolveTimeout;
      wellKnownEnabled = c.wellKnownEnabled;
      matrixFedSrvEnabled = c.matrixFedSrvEnabled;
      legacySrvEnabled = c.legacySrvEnabled;
      wellKnownPort = c.wellKnownPort;
      wellKnownConnectTimeout = c.wellKnownConnectTimeout;
      wellKnownTimeout = c.wellKnownTimeout;
      wellKnownMaxBodyBytes = c.wellKnownMaxBodyBytes;
      wellKnownMaxRedirects = c.wellKnownMaxRedirects;
      wellKnownMinTtl = c.wellKnownMinTtl;
      wellKnownMaxTtl = c.wellKnownMaxTtl;
      wellKnownDefaultTtl = c.wellKnownDefaultTtl;
      wellKnownJitter = c.wellKnownJitter;
      errorBackoffInitial = c.errorBackoffInitial;
      errorBackoffMax = c.errorBackoffMax;
      refreshAheadFraction = c.refreshAheadFraction;
      dnsNegativeTtlDefault = c.dnsNegativeTtlDefault;
      dnsNegativeTtlMax = c.dnsNegativeTtlMax;
      serveStaleFor = c.serveStaleFor;
      unreachableFor = c.unreachableFor;
      blocklist = c.blocklist;
      allowlist = c.allowlist;
      trustStore = c.trustStore;
      cacheMaxSize = c.cacheMaxSize;
    }

    /**
     * Sets the DNS servers (empty: the system's).
     *
     * @param value the servers
     * @return this builder
     */
    public Builder dnsServers(List<InetSocketAddress> value) {
      dnsServers = List.copyOf(value);
      return this;
    }

    /**
     * Sets the timeout of one DNS query.
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder dnsQueryTimeout(Duration value) {
      dnsQueryTimeout = value;
      return this;
    }

    /**
     * Sets the overall deadline of one resolution.
     *
     * @param value the deadline
     * @return this builder
     */
    public Builder resolveTimeout(Duration value) {
      resolveTimeout = value;
      return this;
    }

    /**
     * Switches {@code .well-known} delegation on or off.
     *
     * @param value true to fetch {@code .well-known}
     * @return this builder
     */
    public Builder wellKnownEnabled(boolean value) {
      wellKnownEnabled = value;
      return this;
    }

    /**
     * Switches the {@code _matrix-fed._tcp} SRV lookup on or off.
     *
     * @param value true to consult {@code _matrix-fed._tcp} records
     * @return this builder
     */
    public Builder matrixFedSrvEnabled(boolean value) {
      matrixFedSrvEnabled = value;
      return this;
    }

    /**
     * Switches the deprecated {@code _matrix._tcp} SRV lookup on or off.
     *
     * @param value true to consult legacy SRV records
     * @return this builder
     */
    public Builder legacySrvEnabled(boolean value) {
      legacySrvEnabled = value;
      return this;
    }

    /**
     * Sets the HTTPS port of {@code .well-known} fetches.
     *
     * @param value the port
     * @return this builder
     */
    public Builder wellKnownPort(int value) {
      wellKnownPort = value;
      return this;
    }

    /**
     * Sets the connect timeout of one {@code .well-known} request.
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder wellKnownConnectTimeout(Duration value) {
      wellKnownConnectTimeout = value;
      return this;
    }

    /**
     * Sets the deadline of a whole {@code .well-known} fetch.
     *
     * @param value the deadline
     * @return this builder
     */
    public Builder wellKnownTimeout(Duration value) {
      wellKnownTimeout = value;
      return this;
    }

    /**
     * Sets the largest {@code .well-known} body accepted.
     *
     * @param value bytes
     * @return this builder
     */
    public Builder wellKnownMaxBodyBytes(int value) {
      wellKnownMaxBodyBytes = value;
      return this;
    }

    /**
     * Sets the most redirects followed.
     *
     * @param value the count
     * @return this builder
     */
    public Builder wellKnownMaxRedirects(int value) {
      wellKnownMaxRedirects = value;
      return this;
    }

    /**
     * Sets the floor of a valid answer's lifetime.
     *
     * @param value the floor
     * @return this builder
     */
    public Builder wellKnownMinTtl(Duration value) {
      wellKnownMinTtl = value;
      return this;
    }

    /**
     * Sets the cap of a valid answer's lifetime.
     *
     * @param value the cap
     * @return this builder
     */
    public Builder wellKnownMaxTtl(Duration value) {
      wellKnownMaxTtl = value;
      return this;
    }

    /**
     * Sets the lifetime of a valid answer without caching headers.
     *
     * @param value the lifetime
     * @return this builder
     */
    public Builder wellKnownDefaultTtl(Duration value) {
      wellKnownDefaultTtl = value;
      return this;
    }

    /**
     * Sets the relative jitter of a valid answer's lifetime.
     *
     * @param value 0 to 0.5
     * @return this builder
     */
    public Builder wellKnownJitter(double value) {
      wellKnownJitter = value;
      return this;
    }

    /**
     * Sets how long a first failure is cached.
     *
     * @param value the initial backoff
     * @return this builder
     */
    public Builder errorBackoffInitial(Duration value) {
      errorBackoffInitial = value;
      return this;
    }

    /**
     * Sets the longest a repeated failure is cached.
     *
     * @param value the maximal backoff
     * @return this builder
     */
    public Builder errorBackoffMax(Duration value) {
      errorBackoffMax = value;
      return this;
    }

    /**
     * Sets the last fraction of a valid entry's life in which it is refreshed.
     *
     * @param value 0 to 1
     * @return this builder
     */
    public Builder refreshAheadFraction(double value) {
      refreshAheadFraction = value;
      return this;
    }

    /**
     * Sets the negative DNS lifetime used without SOA.
     *
     * @param value the lifetime
     * @return this builder
     */
    public Builder dnsNegativeTtlDefault(Duration value) {
      dnsNegativeTtlDefault = value;
      return this;
    }

    /**
     * Sets the cap of a negative DNS answer's lifetime.
     *
     * @param value the cap
     * @return this builder
     */
    public Builder dnsNegativeTtlMax(Duration value) {
      dnsNegativeTtlMax = value;
      return this;
    }

    /**
     * Sets how long past expiry a good DNS answer is served when DNS fails.
     *
     * @param value the window
     * @return this builder
     */
    public Builder serveStaleFor(Duration value) {
      serveStaleFor = value;
      return this;
    }

    /**
     * Sets how long an address that refused a connection is tried last.
     *
     * @param value the window
     * @return this builder
     */
    public Builder unreachableFor(Duration value) {
      unreachableFor = value;
      return this;
    }

    /**
     * Replaces the blocklist.
     *
     * @param value the blocked ranges
     * @return this builder
     */
    public Builder blocklist(List<Cidr> value) {
      blocklist = List.copyOf(value);
      return this;
    }

    /**
     * Replaces the allowlist.
     *
     * @param value the allowed ranges
     * @return this builder
     */
    public Builder allowlist(List<Cidr> value) {
      allowlist = List.copyOf(value);
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
      allowlist = List.copyOf(all);
      return this;
    }

    /**
     * Sets the trust store (empty: the JVM's default trust).
     *
     * @param value the trust store
     * @return this builder
     */
    public Builder trustStore(Optional<TrustStore> value) {
      trustStore = Objects.requireNonNull(value, "trustStore");
      return this;
    }

    /**
     * Sets the most entries of each cache.
     *
     * @param value the size
     * @return this builder
     */
    public Builder cacheMaxSize(int value) {
      cacheMaxSize = value;
      return this;
    }

    /**
     * Builds and validates the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the first invalid value
     */
    public FedrouteConfig build() {
      return new FedrouteConfig(
          dnsServers,
          dnsQueryTimeout,
          resolveTimeout,
          wellKnownEnabled,
          matrixFedSrvEnabled,
          legacySrvEnabled,
          wellKnownPort,
          wellKnownConnectTimeout,
          wellKnownTimeout,
          wellKnownMaxBodyBytes,
          wellKnownMaxRedirects,
          wellKnownMinTtl,
          wellKnownMaxTtl,
          wellKnownDefaultTtl,
          wellKnownJitter,
          errorBackoffInitial,
          errorBackoffMax,
          refreshAheadFraction,
          dnsNegativeTtlDefault,
          dnsNegativeTtlMax,
          serveStaleFor,
          unreachableFor,
          blocklist,
          allowlist,
          trustStore,
          cacheMaxSize);
    }
  }
}
