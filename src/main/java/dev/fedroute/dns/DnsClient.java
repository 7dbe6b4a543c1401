package dev.fedroute.dns;

import dev.fedroute.FedrouteConfig;
import java.time.InstantSource;
import java.util.concurrent.CompletionStage;

/**
 * The only class that touches dnsjava: SRV and A/AAAA lookups against the configured servers, with
 * positive and negative caching, serve-stale and coalescing of concurrent lookups. Thread-safe.
 */
public final class DnsClient implements AutoCloseable {

  /**
   * Creates a client.
   *
   * @param config servers, timeouts and cache limits
   * @param clock the time source of every cache decision
   */
  public DnsClient(FedrouteConfig config, InstantSource clock) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Looks up SRV records, for example of {@code _matrix-fed._tcp.example.org}. Never fails: a
   * failure is a FAILED answer.
   *
   * @param serviceName the lower-case service name without trailing dot
   * @return the answer
   */
  public CompletionStage<SrvAnswer> srv(String serviceName) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Looks up A and AAAA in parallel, following CNAMEs. Never fails: a failure is a FAILED answer.
   *
   * @param host the lower-case host without trailing dot
   * @return the answer
   */
  public CompletionStage<AddressAnswer> addresses(String host) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Drops every cached answer for a name.
   *
   * @param name the lower-case name
   */
  public void invalidate(String name) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void close() {}
}
