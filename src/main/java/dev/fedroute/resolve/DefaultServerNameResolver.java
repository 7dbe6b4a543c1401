package dev.fedroute.resolve;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/** The resolver of spec-notes sections 2-6. Thread-safe. */
public final class DefaultServerNameResolver implements ServerNameResolver {

  /**
   * A resolver with the system clock and its own daemon threads.
   *
   * @param config the configuration
   */
  public DefaultServerNameResolver(FedrouteConfig config) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * A resolver with the given clock, executor and randomness (tests, managed executors).
   *
   * @param config the configuration
   * @param clock the time source of every cache decision
   * @param executor runs {@code .well-known} fetches and background refreshes
   * @param random SRV weighting and jitter
   */
  public DefaultServerNameResolver(
      FedrouteConfig config, InstantSource clock, Executor executor, RandomGenerator random) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public CompletionStage<Resolution> resolve(ServerName serverName) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public Optional<Resolution> cached(ServerName serverName) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void invalidate(ServerName serverName) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void close() {}
}
