package dev.fedroute;

import dev.fedroute.internal.resolve.DefaultServerNameResolver;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * Resolves Matrix server names to federation destinations (docs/resolution.md sections 2-6).
 * Implementations are thread-safe; concurrent resolutions of one name share their lookups.
 */
public interface ServerNameResolver extends AutoCloseable {

  /**
   * Resolves a server name. The stage fails with a {@link FedrouteException} carrying the error
   * code; it never takes longer than the configured resolution timeout. A cached resolution may
   * come as one completed stage shared by every caller: do not obtrude its value.
   *
   * @param serverName the name to resolve
   * @return the resolution, possibly from cache
   */
  CompletionStage<Resolution> resolve(ServerName serverName);

  /**
   * Parses and resolves, blocking the calling thread until the resolution ends (at the latest at
   * the configured resolution timeout).
   *
   * @param serverName the server name text
   * @return the resolution
   * @throws InvalidServerNameException when the text is not a server name
   * @throws FedrouteException when resolution fails, or with code {@code timeout} when the thread
   *     is interrupted while waiting
   * @see #resolveBlocking(ServerName, Duration) what is thrown when a failure has no error code
   */
  default Resolution resolveBlocking(String serverName) {
    ServerName name = ServerName.parse(serverName);
    return await(resolve(name).toCompletableFuture(), name, null);
  }

  /**
   * Resolves, blocking the calling thread for at most {@code limit}. The waiting stops at the
   * limit; the resolution itself is not cancelled (concurrent callers may share it).
   *
   * <p>Both blocking calls throw what the resolution failed with, without the wrappers of
   * asynchronous completion: a {@link FedrouteException} with its code, or, for a failure that has
   * no error code (a JVM {@link Error} such as a class missing at run time, or a defect), that
   * failure itself; a checked exception (no resolver should fail with one) inside a {@link
   * CompletionException}.
   *
   * @param serverName the name to resolve
   * @param limit the longest to wait
   * @return the resolution
   * @throws FedrouteException when resolution fails; {@code timeout} when it takes longer than the
   *     limit ("took longer than") or the thread is interrupted while waiting
   */
  default Resolution resolveBlocking(ServerName serverName, Duration limit) {
    Objects.requireNonNull(limit, "limit");
    return await(resolve(serverName).toCompletableFuture(), serverName, limit);
  }

  /**
   * The cached, unexpired resolution of a name, without any network call.
   *
   * @param serverName the name
   * @return the cached resolution, or empty
   */
  Optional<Resolution> cached(ServerName serverName);

  /**
   * Forgets everything cached for a name: its resolution, its {@code .well-known} outcome, the DNS
   * answers and error backoffs of its names, and its last error.
   *
   * @param serverName the name
   */
  void invalidate(ServerName serverName);

  /**
   * Forgets everything cached, for every name: resolutions, {@code .well-known} outcomes, DNS
   * answers, failure backoffs and last errors. Resolutions under way complete as they would have. A
   * second-level cache shared by a cluster keeps its entries (it cannot be listed; they expire on
   * their own): {@link #invalidate} removes a name there too.
   */
  void invalidateAll();

  /**
   * A snapshot of what is cached per destination, for a homeserver's admin API: every name with an
   * unexpired resolution, a last error or a running failure backoff, sorted by name. Makes no
   * network call; costs one pass over the caches.
   *
   * @return the destinations, sorted by {@link ServerName#canonical()}
   */
  List<CachedDestination> cachedDestinations();

  /**
   * Ends a destination's failure backoff, for when the homeserver hears from that server again (an
   * incoming request from it): forgets its last error, its {@code .well-known} error backoff (and a
   * cached outcome other than a delegation, so that the next resolution fetches again) and the DNS
   * error backoffs of its names, and drops its cached resolution when one of these was there (from
   * a shared second-level cache too), so that the next resolution retries what failed. What
   * succeeded stays cached: a delegation and DNS answers. Cheap when there is nothing to reset (no
   * network call in any case).
   *
   * @param serverName the destination
   * @return whether there was a failure to forget
   */
  boolean resetBackoff(ServerName serverName);

  /** Stops background work and releases connections. */
  @Override
  void close();

  /**
   * A resolver with the given configuration, its own daemon threads and the system clock: the
   * implementation of these rules that Fedroute ships.
   *
   * @param config the configuration
   * @return a new resolver; close it to stop its threads
   */
  static ServerNameResolver create(FedrouteConfig config) {
    return new DefaultServerNameResolver(config);
  }

  /**
   * A resolver whose background work ({@code .well-known} fetches, refreshes, completing the stages
   * {@link #resolve} returns) runs on the given executor, which the resolver does not shut down.
   *
   * @param config the configuration
   * @param executor runs the background work
   * @return a new resolver; close it to stop its own I/O
   */
  static ServerNameResolver create(FedrouteConfig config, Executor executor) {
    return new DefaultServerNameResolver(
        config,
        InstantSource.system(),
        Objects.requireNonNull(executor, "executor"),
        RandomGenerator.getDefault());
  }

  /**
   * A resolver whose caches have a second level shared by the nodes of a cluster (see {@link
   * SharedCache}); with a {@code null} shared cache, the same as {@link #create(FedrouteConfig,
   * Executor)}.
   *
   * @param config the configuration
   * @param executor runs {@code .well-known} fetches, background refreshes and the calls to the
   *     shared cache, and completes the returned stages; {@code null} for the resolver's own daemon
   *     threads
   * @param sharedCache the second level, or {@code null} for none
   * @return the resolver; close it when done
   * @throws IllegalArgumentException when the shared cache's timeout is not positive
   */
  static ServerNameResolver create(
      FedrouteConfig config, Executor executor, SharedCache sharedCache) {
    return new DefaultServerNameResolver(
        config, InstantSource.system(), executor, RandomGenerator.getDefault(), sharedCache);
  }

  /**
   * A resolver as {@link #create(FedrouteConfig)} that reports what it does to a listener.
   *
   * @param config the configuration
   * @param listener hears resolutions, DNS queries and {@code .well-known} fetches
   * @return a new resolver; close it to stop its threads
   */
  static ServerNameResolver create(FedrouteConfig config, FedrouteListener listener) {
    return create(config, null, null, listener);
  }

  /**
   * A resolver as {@link #create(FedrouteConfig, Executor, SharedCache)} that reports what it does
   * to a listener.
   *
   * @param config the configuration
   * @param executor runs the background work; {@code null} for the resolver's own daemon threads
   * @param sharedCache the second level, or {@code null} for none
   * @param listener hears resolutions, DNS queries and {@code .well-known} fetches
   * @return a new resolver; close it when done
   * @throws IllegalArgumentException when the shared cache's timeout is not positive
   */
  static ServerNameResolver create(
      FedrouteConfig config,
      Executor executor,
      SharedCache sharedCache,
      FedrouteListener listener) {
    return new DefaultServerNameResolver(
        config,
        InstantSource.system(),
        executor,
        RandomGenerator.getDefault(),
        sharedCache,
        Objects.requireNonNull(listener, "listener"));
  }

  private static Resolution await(
      CompletableFuture<Resolution> future, ServerName serverName, Duration limit) {
    try {
      return limit == null
          ? future.get()
          : future.get(TimeUnit.NANOSECONDS.convert(limit), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FedrouteException(ErrorCode.TIMEOUT, "interrupted resolving " + serverName, e);
    } catch (TimeoutException e) {
      throw new FedrouteException(
          ErrorCode.TIMEOUT, "resolving " + serverName + " took longer than " + limit, e);
    } catch (ExecutionException e) {
      Throwable failure = FedrouteException.unwrap(e);
      if (failure instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      throw new CompletionException(failure);
    }
  }
}
