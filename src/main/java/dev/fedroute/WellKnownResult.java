package dev.fedroute;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outcome of step 3, the {@code .well-known/matrix/server} lookup.
 *
 * @param outcome delegated, none, or skipped (the step did not apply)
 * @param status the final HTTP status, or {@code null} when no response was had
 * @param mServer the raw {@code m.server} value when it delegated, else {@code null}
 * @param ttl how long this outcome is cached, as assigned when it was fetched
 * @param expiresAt when the cached outcome expires ({@link Instant#MAX} when skipped)
 * @param detail why there is no delegation (for reports), or {@code null}
 */
public record WellKnownResult(
    Outcome outcome,
    Integer status,
    String mServer,
    Duration ttl,
    Instant expiresAt,
    String detail) {

  /** What the {@code .well-known} lookup decided. */
  public enum Outcome {
    /** A valid {@code m.server} delegation. */
    DELEGATED,
    /** No valid delegation (any failure or an invalid answer). */
    NONE,
    /** Not looked up: IP literal, explicit port, or {@code .well-known} switched off. */
    SKIPPED,
    /**
     * Not looked up: a delegation set by configuration ({@code fedroute.overrides}) stands for it.
     */
    OVERRIDDEN;

    /**
     * The wire form, for example {@code delegated}.
     *
     * @return the lower-case name
     */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Checks the arguments.
   *
   * @param outcome delegated, none, or skipped (the step did not apply)
   * @param status the final HTTP status, or {@code null} when no response was had
   * @param mServer the raw {@code m.server} value when it delegated, else {@code null}
   * @param ttl how long this outcome is cached, as assigned when it was fetched
   * @param expiresAt when the cached outcome expires ({@link Instant#MAX} when skipped)
   * @param detail why there is no delegation (for reports), or {@code null}
   */
  public WellKnownResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if ((outcome == Outcome.DELEGATED || outcome == Outcome.OVERRIDDEN) && mServer == null) {
      throw new IllegalArgumentException("a delegation needs m.server");
    }
  }

  /**
   * The outcome for a name whose step does not fetch {@code .well-known}.
   *
   * @return a skipped outcome that never expires
   */
  public static WellKnownResult skipped() {
    return new WellKnownResult(Outcome.SKIPPED, null, null, Duration.ZERO, Instant.MAX, null);
  }

  /**
   * The outcome for a name whose delegation is set by configuration: nothing was fetched.
   *
   * @param mServer the configured {@code m.server}
   * @return an overridden outcome that never expires
   */
  public static WellKnownResult overridden(String mServer) {
    return new WellKnownResult(
        Outcome.OVERRIDDEN,
        null,
        Objects.requireNonNull(mServer, "mServer"),
        Duration.ZERO,
        Instant.MAX,
        null);
  }

  /**
   * The HTTP status, when a response was had.
   *
   * @return the status
   */
  public OptionalInt httpStatus() {
    return status == null ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /**
   * The delegated server name, when there is one.
   *
   * @return the {@code m.server} value
   */
  public Optional<String> delegation() {
    return Optional.ofNullable(mServer);
  }
}
