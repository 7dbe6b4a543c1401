package dev.fedroute.internal.dns;

import dev.fedroute.FedrouteConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The part of {@link FedrouteConfig} the DNS client uses.
 *
 * @param servers DNS servers to ask, in order; empty means the system's
 * @param queryTimeout how long one query may take, retries and TCP fallback included
 * @param negativeTtlDefault negative-answer lifetime without SOA
 * @param negativeTtlMax cap of a negative answer's lifetime
 * @param serveStaleFor how long past expiry a positive answer is kept for serve-stale
 * @param cacheMaxSize half the most hosts whose answers are cached
 */
record DnsSettings(
    List<InetSocketAddress> servers,
    Duration queryTimeout,
    Duration negativeTtlDefault,
    Duration negativeTtlMax,
    Duration serveStaleFor,
    Duration failureRetry,
    int cacheMaxSize) {

  DnsSettings {
    servers = List.copyOf(servers);
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    Objects.requireNonNull(negativeTtlDefault, "negativeTtlDefault");
    Objects.requireNonNull(negativeTtlMax, "negativeTtlMax");
    Objects.requireNonNull(serveStaleFor, "serveStaleFor");
    Objects.requireNonNull(failureRetry, "failureRetry");
  }

  static DnsSettings from(FedrouteConfig config) {
    return new DnsSettings(
        config.dns().servers(),
        config.dns().queryTimeout(),
        config.caching().dnsNegativeTtlDefault(),
        config.caching().dnsNegativeTtlMax(),
        config.caching().dnsServeStale(),
        config.caching().dnsErrors().initial(),
        config.caching().maxSize());
  }
}
