package dev.fedroute;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a resolver holds for one destination, as {@link ServerNameResolver#cachedDestinations()}
 * reports it for a homeserver's admin API: its cached resolution, its last failure and how long the
 * failure backoff of its {@code .well-known} and DNS lookups still runs. A snapshot: it does not
 * change when the resolver's state does. Immutable.
 *
 * @param serverName the destination
 * @param step the step of its cached, unexpired resolution; empty when none is cached
 * @param targets that resolution's targets, in the order to try them; empty when none is cached
 * @param validUntil when that resolution expires; empty when none is cached
 * @param lastError the last failed resolution of this name since its last successful one (or its
 *     last {@link ServerNameResolver#resetBackoff reset}), kept for twice the longer of the two
 *     maximal error backoffs ({@code .well-known} and DNS; 2 hours by default); empty when there is
 *     none
 * @param backoffUntil the end of the latest failure backoff still running for this destination: of
 *     its {@code .well-known} lookup (any outcome but a delegation, or a failed refresh of one, is
 *     kept for the error backoff) and of the DNS lookups of its names (its host's, its delegated
 *     host's, their SRV records' and the SRV targets' of its cached resolution); empty when none
 *     runs
 */
public record CachedDestination(
    ServerName serverName,
    Optional<Step> step,
    List<Target> targets,
    Optional<Instant> validUntil,
    Optional<Failure> lastError,
    Optional<Instant> backoffUntil) {

  /**
   * A failed resolution.
   *
   * @param code its error code
   * @param message its message, naming the input
   * @param at when it failed (by the resolver's clock)
   */
  public record Failure(ErrorCode code, String message, Instant at) {
    /**
     * Checks the arguments.
     *
     * @param code its error code
     * @param message its message, naming the input
     * @param at when it failed (by the resolver's clock)
     */
    public Failure {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * Checks and copies the arguments.
   *
   * @param serverName the destination
   * @param step the step of its cached, unexpired resolution; empty when none is cached
   * @param targets that resolution's targets; empty when none is cached
   * @param validUntil when that resolution expires; empty when none is cached
   * @param lastError the last failed resolution since the last successful one; or empty
   * @param backoffUntil the end of the latest failure backoff still running; or empty
   */
  public CachedDestination {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(step, "step");
    targets = List.copyOf(targets);
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(backoffUntil, "backoffUntil");
  }
}
