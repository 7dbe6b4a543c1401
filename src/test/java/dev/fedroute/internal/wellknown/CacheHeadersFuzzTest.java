package dev.fedroute.internal.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.fedroute.FedrouteConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzing of the {@code Cache-Control} / {@code Expires} / {@code Date} / {@code Age} handling of a
 * {@code .well-known} answer. The input is response header lines ({@code Name: value}, one per
 * line; other names are ignored, {@code Cache-Control} may repeat). Whatever they say, the lifetime
 * is within the configured floor and cap, the jitter stays within its fraction, and nothing throws.
 * Regression inputs: src/test/resources/dev/fedroute/internal/wellknown/CacheHeadersFuzzTestInputs.
 */
@Tag("fuzz")
class CacheHeadersFuzzTest {
  private static final FedrouteConfig CONFIG = FedrouteConfig.builder().build();
  private static final CachePolicy POLICY = new CachePolicy(CONFIG);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @FuzzTest(maxDuration = "3m")
  void cacheHeaders(@NotNull String headerLines) {
    CacheHeaders headers = headers(headerLines);

    POLICY.requested(headers, NOW);
    Duration lifetime = POLICY.lifetime(headers, NOW);
    Duration jittered = POLICY.jitter(lifetime, new SplittableRandom(headerLines.length()));

    Duration floor = CONFIG.caching().wellKnownMinTtl();
    Duration cap = CONFIG.caching().wellKnownMaxTtl();
    assertThat(lifetime).isBetween(floor, cap);
    double spread = CONFIG.caching().wellKnownJitter();
    long slackMillis = (long) Math.ceil(lifetime.toMillis() * spread) + 1;
    assertThat(Math.abs(jittered.toMillis() - lifetime.toMillis()))
        .isLessThanOrEqualTo(slackMillis);
  }

  /** The caching headers among {@code Name: value} lines, as the fetcher collects them. */
  static CacheHeaders headers(String lines) {
    List<String> cacheControl = new ArrayList<>();
    String expires = null;
    String date = null;
    String age = null;
    for (String line : lines.split("\n", -1)) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String value = line.substring(colon + 1).trim();
      switch (line.substring(0, colon).trim().toLowerCase(Locale.ROOT)) {
        case "cache-control" -> cacheControl.add(value);
        case "expires" -> expires = expires == null ? value : expires;
        case "date" -> date = date == null ? value : date;
        case "age" -> age = age == null ? value : age;
        default -> {}
      }
    }
    return new CacheHeaders(cacheControl, expires, date, age);
  }
}
