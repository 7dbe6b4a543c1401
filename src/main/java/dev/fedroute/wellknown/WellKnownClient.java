package dev.fedroute.wellknown;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.WellKnownResult;
import dev.fedroute.net.AddressFilter;
import dev.fedroute.net.HostResolver;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Fetches and caches {@code https://<host>/.well-known/matrix/server} (spec-notes section 3).
 * Thread-safe; concurrent lookups of one host share one fetch.
 */
public final class WellKnownClient implements AutoCloseable {

  /**
   * Creates a client.
   *
   * @param config limits, timeouts, cache policy, trust store and port
   * @param hostResolver how host names become addresses (Fedroute's DNS)
   * @param addressFilter the outbound blocklist, checked on every hop
   * @param clock the time source of every cache decision
   * @param executor runs fetches and background refreshes
   * @param random the jitter source
   */
  public WellKnownClient(
      FedrouteConfig config,
      HostResolver hostResolver,
      AddressFilter addressFilter,
      InstantSource clock,
      Executor executor,
      RandomGenerator random) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The outcome for a host, from cache or fetched. Never fails: every failure is a NONE outcome.
   *
   * @param host the lower-case host name
   * @return the outcome, DELEGATED or NONE
   */
  public CompletionStage<WellKnownResult> lookup(String host) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The cached, unexpired outcome for a host, without a network call.
   *
   * @param host the lower-case host name
   * @return the outcome, or empty
   */
  public Optional<WellKnownResult> cached(String host) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Forgets the cached outcome (and the error backoff) of a host.
   *
   * @param host the lower-case host name
   */
  public void invalidate(String host) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void close() {}
}
