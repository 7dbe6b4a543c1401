package dev.fedroute;

/**
 * Hears what a resolver and its federation clients do, for metrics and tracing: each resolution
 * that is not answered from the cache with its lookups, every DNS query and {@code .well-known}
 * fetch sent, and failed connections with their failovers. Give one to {@link
 * ServerNameResolver#create(FedrouteConfig, FedrouteListener)}; in a Jakarta EE server, Fedroute's
 * OpenTelemetry adapter is one, and a CDI bean of this type is used as well.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs.
 * Implementations must be thread-safe and quick: they are called on resolver, DNS and client
 * threads, in the middle of the work. An exception thrown by a listener is logged once at WARNING
 * and otherwise ignored; it never changes a resolution. The callbacks outside a resolution ({@link
 * #dnsQueried}, {@link #wellKnownFetched}, {@link #connectionFailed}, {@link #failedOver}) carry no
 * server name, so that counters keyed by their arguments stay few.
 */
public interface FedrouteListener {
  /** The listener that ignores everything. */
  FedrouteListener NONE = new FedrouteListener() {};

  /**
   * A resolution that no cached resolution answers starts (steps 1-6 run). Called on the thread
   * that asked for the resolution, so a tracing implementation may take that thread's current span
   * as the parent.
   *
   * @param serverName the name being resolved
   * @return what hears the rest of this resolution (never {@code null})
   */
  default Resolving resolutionStarted(ServerName serverName) {
    return Resolving.NONE;
  }

  /**
   * One DNS lookup went over the network (answers from Fedroute's DNS cache are not reported); the
   * queries of one lookup (a CNAME chased, a truncated answer asked again over TCP, retries and
   * failover between servers) count once.
   *
   * @param recordType {@code SRV}, {@code A} or {@code AAAA}
   * @param status how it ended
   */
  default void dnsQueried(String recordType, DnsStatus status) {}

  /**
   * One {@code .well-known} fetch (its redirects included) ended, for a resolution or a background
   * refresh; answers from the cache are not reported.
   *
   * @param outcome what it found
   */
  default void wellKnownFetched(FetchOutcome outcome) {}

  /**
   * A federation request could not reach one destination address: the TCP connection failed or was
   * refused ({@link ErrorCode#CONNECT_FAILURE}), or the TLS handshake or certificate check failed
   * ({@link ErrorCode#TLS_FAILURE}). The address is then tried last for a while.
   *
   * @param code {@code CONNECT_FAILURE} or {@code TLS_FAILURE}
   */
  default void connectionFailed(ErrorCode code) {}

  /** A federation request moves on to its next destination address after a failed connection. */
  default void failedOver() {}

  /**
   * Hears one resolution, from {@link #resolutionStarted} on: its lookups, then exactly one of
   * {@link #resolved} or {@link #failed}. Its callbacks may come from different threads, never two
   * at once for the same lookup.
   */
  interface Resolving {
    /** Ignores the resolution. */
    Resolving NONE = new Resolving() {};

    /**
     * The resolution waits for a lookup (which may be answered from a cache).
     *
     * @param kind what is looked up
     * @param name the host ({@code .well-known}, addresses) or service name ({@code
     *     _matrix-fed._tcp.example.org})
     * @return what hears its end (never {@code null})
     */
    default Lookup lookupStarted(LookupKind kind, String name) {
      return Lookup.NONE;
    }

    /**
     * The resolution succeeded.
     *
     * @param resolution its result
     */
    default void resolved(Resolution resolution) {}

    /**
     * The resolution failed.
     *
     * @param failure why, with its error code
     */
    default void failed(FedrouteException failure) {}
  }

  /** Hears the end of one lookup of a resolution. */
  interface Lookup {
    /** Ignores the lookup. */
    Lookup NONE = new Lookup() {};

    /**
     * The lookup ended.
     *
     * @param outcome its result in a word: a {@link WellKnownResult.Outcome#label()} for {@code
     *     .well-known}; {@code found}, {@code not_found}, {@code failed}, {@code stale} (served
     *     after a DNS failure) or {@code unavailable} (an SRV target {@code .}) for DNS
     */
    default void finished(String outcome) {}
  }

  /** What a resolution looks up. */
  enum LookupKind {
    /** The {@code .well-known/matrix/server} delegation of a host. */
    WELL_KNOWN,
    /** The SRV records of a service name. */
    SRV,
    /** The A and AAAA records of a host. */
    ADDRESSES
  }

  /** How a DNS lookup ended. */
  enum DnsStatus {
    /** Records were found. */
    FOUND,
    /** The name does not exist or has no record of the type (NXDOMAIN or NODATA). */
    NOT_FOUND,
    /** No usable answer: SERVFAIL, REFUSED, a timeout or a network error. */
    FAILED
  }

  /** What a {@code .well-known} fetch found. */
  enum FetchOutcome {
    /** A valid {@code m.server} delegation. */
    DELEGATED,
    /** A definite answer without a valid delegation: 404, another 4xx, an invalid body. */
    NOT_DELEGATED,
    /** A failure that may pass: 5xx, a timeout, a connection, TLS or DNS error. */
    FAILED
  }
}
