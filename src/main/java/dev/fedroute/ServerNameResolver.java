package dev.fedroute;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

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
    Throwable c = cause;
    while (c instanceof CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof FedrouteException fe) {
      return fe;
    }
    return new FedrouteException(
        ErrorCode.DNS_FAILURE, "resolving " + serverName + " failed: " + c, c);
  }
}
