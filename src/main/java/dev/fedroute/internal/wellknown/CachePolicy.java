package dev.fedroute.internal.wellknown;

import dev.fedroute.FedrouteConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The lifetime of a valid {@code .well-known} answer (docs/resolution.md section 3): {@code
 * max-age}, else {@code Expires} minus {@code Date} (or now), minus {@code Age}, clamped to [min
 * TTL, max TTL]; {@code no-store}, {@code no-cache} and {@code max-age=0} give the floor; without
 * {@code max-age} or {@code Expires} the default TTL; an unparseable value counts as absent, except
 * an invalid {@code Expires}, which means "already expired" (RFC 9111) and gives the floor. Jitter
 * is applied separately, after the clamp. Immutable and thread-safe.
 */
public final class CachePolicy {
  private final Duration min;
  private final Duration max;
  private final Duration fallback;
  private final double jitter;

  /**
   * Creates the policy of a configuration.
   *
   * @param config the TTL floor, cap, default and jitter
   */
  public CachePolicy(FedrouteConfig config) {
    this(
        config.caching().wellKnownMinTtl(),
        config.caching().wellKnownMaxTtl(),
        config.caching().wellKnownDefaultTtl(),
        config.caching().wellKnownJitter());
  }

  CachePolicy(Duration min, Duration max, Duration fallback, double jitter) {
    this.min = min;
    this.max = max;
    this.fallback = fallback;
    this.jitter = jitter;
  }

  /**
   * The clamped lifetime, before jitter.
   *
   * @param headers the response's caching headers
   * @param now when the response was received
   * @return the lifetime, between the floor and the cap
   */
  public Duration lifetime(CacheHeaders headers, Instant now) {
    return requested(headers, now).map(this::clamp).orElse(fallback);
  }

  /**
   * The lifetime the headers ask for ({@code Age} deducted), before the floor and the cap.
   *
   * @param headers the response's caching headers
   * @param now when the response was received
   * @return the lifetime, or empty when the headers set none
   */
  public Optional<Duration> requested(CacheHeaders headers, Instant now) {
    Duration age = Duration.ofSeconds(seconds(headers.age()).orElse(0));
    return rawLifetime(headers, now).map(raw -> raw.minus(age));
  }

  /**
   * Applies a uniformly drawn jitter of ±{@code wellKnownJitter} to a lifetime.
   *
   * @param lifetime the clamped lifetime
   * @param random the source, used under its own lock
   * @return the jittered lifetime (may exceed the cap or undercut the floor by the jitter)
   */
  public Duration jitter(Duration lifetime, RandomGenerator random) {
    if (jitter == 0.0) {
      return lifetime;
    }
    double factor;
    synchronized (random) {
      factor = 1.0 + random.nextDouble(-jitter, jitter);
    }
    return Duration.ofMillis(Math.round(lifetime.toMillis() * factor));
  }

  private Optional<Duration> rawLifetime(CacheHeaders headers, Instant now) {
    boolean noCache = false;
    OptionalLong maxAge = OptionalLong.empty();
    for (String field : headers.cacheControl()) {
      for (String directive : field.split(",")) {
        String d = directive.trim().toLowerCase(Locale.ROOT);
        if (d.equals("no-store") || d.equals("no-cache") || d.startsWith("no-cache=")) {
          noCache = true;
        } else if (d.startsWith("max-age=") && maxAge.isEmpty()) {
          maxAge = seconds(unquote(d.substring("max-age=".length())));
        }
      }
    }
    if (noCache) {
      return Optional.of(Duration.ZERO);
    }
    if (maxAge.isPresent()) {
      return Optional.of(Duration.ofSeconds(maxAge.getAsLong()));
    }
    if (headers.expires() == null) {
      return Optional.empty();
    }
    Optional<Instant> expires = httpDate(headers.expires());
    if (expires.isEmpty()) {
      return Optional.of(Duration.ZERO);
    }
    Instant base = httpDate(headers.date()).orElse(now);
    return Optional.of(Duration.between(base, expires.get()));
  }

  private Duration clamp(Duration d) {
    if (d.compareTo(min) < 0) {
      return min;
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  /** Delta-seconds (RFC 9111 1.2.2): digits only; too large saturates. */
  static OptionalLong seconds(String text) {
    if (text == null) {
      return OptionalLong.empty();
    }
    String t = text.trim();
    if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(t.length() > 12 ? 999_999_999_999L : Long.parseLong(t));
  }

  static Optional<Instant> httpDate(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
