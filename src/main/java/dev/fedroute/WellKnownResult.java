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
 * @param failure why the answer did not count, as a stable code: set exactly when the outcome is
 *     {@link Outcome#NONE}
 * @param redirects how many HTTP redirects the fetch followed (0 when none, or nothing was fetched)
 * @param headersTtl for a delegation, the lifetime its caching headers asked for ({@code Age}
 *     deducted) before the configured floor and cap; {@code null} when they set none or there is no
 *     delegation
 */
public record WellKnownResult(
    Outcome outcome,
    Integer status,
    String mServer,
    Duration ttl,
    Instant expiresAt,
    String detail,
    Failure failure,
    int redirects,
    Duration headersTtl) {

  private static final WellKnownResult SKIPPED =
      new WellKnownResult(
          Outcome.SKIPPED, null, null, Duration.ZERO, Instant.MAX, null, null, 0, null);

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
   * Why a {@code .well-known} answer did not count, as a stable code; {@link #label()} is the form
   * the CLI reports in {@code well_known.error}.
   */
  public enum Failure {
    /** The final response's status was not 200 (a redirect without a usable Location too). */
    HTTP_STATUS,
    /** The body is not one JSON object (empty, malformed, or another JSON value). */
    INVALID_JSON,
    /** {@code m.server} is missing, not a string, or not a valid server name. */
    INVALID_M_SERVER,
    /**
     * The body is over the configured size limit, or the response's status line or headers over the
     * HTTP client's limits (a line of 8,192 bytes, 100 header lines).
     */
    TOO_LARGE,
    /** The fetch did not finish before its deadline. */
    TIMEOUT,
    /** The TLS handshake failed, or the certificate was not trusted or not for the host. */
    TLS,
    /** No connection could be made (refused, unreachable, reset), or the fetch could not start. */
    CONNECT,
    /** The host (or a redirect's host) has no address. */
    DNS,
    /** Every address of the host, or of a redirect hop, is on the blocklist. */
    BLOCKED,
    /** More redirects than the configured limit. */
    REDIRECT_LIMIT,
    /** A redirect led back to a URL already fetched. */
    REDIRECT_LOOP,
    /** A redirect led to a scheme other than https. */
    REDIRECT_NOT_HTTPS;

    /**
     * The wire form, for example {@code invalid_m_server}.
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
   * @param failure the stable code of why the answer did not count: exactly with {@link
   *     Outcome#NONE}
   * @param redirects how many HTTP redirects the fetch followed, not negative
   * @param headersTtl the lifetime the caching headers asked for, or {@code null}
   * @throws IllegalArgumentException when a delegation has no {@code m.server}, a failure code is
   *     missing for NONE or given for another outcome, or redirects is negative
   */
  public WellKnownResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if ((outcome == Outcome.DELEGATED || outcome == Outcome.OVERRIDDEN) && mServer == null) {
      throw new IllegalArgumentException("a delegation needs m.server");
    }
    if ((outcome == Outcome.NONE) != (failure != null)) {
      throw new IllegalArgumentException("a failure code goes with outcome NONE, and only there");
    }
    if (redirects < 0) {
      throw new IllegalArgumentException("redirects < 0: " + redirects);
    }
  }

  /**
   * The outcome for a name whose step does not fetch {@code .well-known}: one shared instance,
   * since every resolution without that step (kept in a cache of many) holds one.
   *
   * @return a skipped outcome that never expires
   */
  public static WellKnownResult skipped() {
    return SKIPPED;
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
        null,
        null,
        0,
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
   * Why the answer did not count, when it did not.
   *
   * @return the failure code, present exactly for {@link Outcome#NONE}
   */
  public Optional<Failure> failureCode() {
    return Optional.ofNullable(failure);
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
