package dev.fedroute;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves Matrix server names to federation destinations (spec-notes sections 2-6).
 * Implementations are thread-safe; concurrent resolutions of one name share their lookups.
 */
public interface ServerNameResolver extends AutoCloseable {

  /**
   * Resolves a server name. The stage fails with a {@link FedrouteException} carrying the error
   * code; it never takes longer than the configured resolution timeout.
   *
   * @param serverName the name to resolve
   * @return the resolution, possibly from cache
   */
  CompletionStage<Resolution> resolve(ServerName serverName);

  /**
   * Parses and resolves, blocking the calling thread.
   *
   * @param serverName the server name text
   * @return the resolution
   * @throws InvalidServerNameException when the text is not a server name
   * @throws FedrouteException when resolution fails
   */
  default Resolution resolveBlocking(String serverName) {
    ServerName name = ServerName.parse(serverName);
    try {
      return resolve(name).toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FedrouteException(ErrorCode.TIMEOUT, "interrupted resolving " + serverName, e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause(), serverName);
    }
  }

  /**
   * Resolves, blocking the calling thread for at most {@code limit}. The waiting stops at the
   * limit; the resolution itself is not cancelled (concurrent callers may share it).
   *
   * <p>A failure without an error code (not a {@link FedrouteException}; a resolver should never
   * produce one) is thrown as a {@link CompletionException} around it, for the caller to judge.
   *
   * @param serverName the name to resolve
   * @param limit the longest to wait
   * @return the resolution
   * @throws FedrouteException when resolution fails; {@code timeout} when it takes longer than the
   *     limit ("took longer than") or the thread is interrupted while waiting
   * @throws CompletionException around a failure that is not a {@link FedrouteException}
   */
  default Resolution resolveBlocking(ServerName serverName, Duration limit) {
    CompletableFuture<Resolution> future = resolve(serverName).toCompletableFuture();
    try {
      return future.get(TimeUnit.NANOSECONDS.convert(limit), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FedrouteException(ErrorCode.TIMEOUT, "interrupted resolving " + serverName, e);
    } catch (TimeoutException e) {
      throw new FedrouteException(
          ErrorCode.TIMEOUT, "resolving " + serverName + " took longer than " + limit, e);
    } catch (ExecutionException e) {
      Throwable cause = stripped(e.getCause());
      if (cause instanceof FedrouteException fe) {
        throw fe;
      }
      throw new CompletionException(cause);
    }
  }

  /**
   * The cached, unexpired resolution of a name, without any network call.
   *
   * @param serverName the name
   * @return the cached resolution, or empty
   */
  Optional<Resolution> cached(ServerName serverName);

  /**
   * Forgets everything cached for a name: its resolution and its {@code .well-known} outcome.
   *
   * @param serverName the name
   */
  void invalidate(ServerName serverName);

  /** Stops background work and releases connections. */
  @Override
  void close();

  private static FedrouteException unwrap(Throwable cause, String serverName) {
    Throwable c = stripped(cause);
    if (c instanceof FedrouteException fe) {
      return fe;
    }
    return new FedrouteException(
        ErrorCode.DNS_FAILURE, "resolving " + serverName + " failed: " + c, c);
  }

  /** The failure inside any {@link CompletionException}s. */
  private static Throwable stripped(Throwable failure) {
    Throwable c = failure;
    while (c instanceof CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
