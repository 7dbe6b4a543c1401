package dev.fedroute.internal.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CachePolicyTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String NOW_HTTP = "Thu, 01 Jan 2026 00:00:00 GMT";
  static final CachePolicy POLICY =
      new CachePolicy(Duration.ofMinutes(5), Duration.ofHours(48), Duration.ofHours(24), 0.10);

  static Arguments row(String cc, String expires, String date, String age, Duration expected) {
    return Arguments.of(cc, expires, date, age, expected);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row(null, null, null, null, Duration.ofHours(24)),
        row("max-age=3600", null, null, null, Duration.ofHours(1)),
        row("public, MAX-AGE=7200", null, null, null, Duration.ofHours(2)),
        row("max-age=\"3600\"", null, null, null, Duration.ofHours(1)),
        row("max-age=3600", null, null, "600", Duration.ofMinutes(50)),
        row("max-age=3600", null, null, "3500", Duration.ofMinutes(5)),
        row("max-age=0", null, null, null, Duration.ofMinutes(5)),
        row("no-store", null, null, null, Duration.ofMinutes(5)),
        row("no-cache", null, null, null, Duration.ofMinutes(5)),
        row("max-age=86400, no-cache", null, null, null, Duration.ofMinutes(5)),
        row("max-age=60", null, null, null, Duration.ofMinutes(5)),
        row("max-age=999999999", null, null, null, Duration.ofHours(48)),
        row("max-age=99999999999999999999999", null, null, null, Duration.ofHours(48)),
        row("max-age=abc", null, null, null, Duration.ofHours(24)),
        row("max-age=-5", null, null, null, Duration.ofHours(24)),
        row("garbage;;", null, null, null, Duration.ofHours(24)),
        row(null, "Thu, 01 Jan 2026 02:00:00 GMT", NOW_HTTP, null, Duration.ofHours(2)),
        row(null, "Thu, 01 Jan 2026 02:00:00 GMT", null, null, Duration.ofHours(2)),
        row(
            null,
            "Thu, 01 Jan 2026 03:00:00 GMT",
            "Thu, 01 Jan 2026 01:00:00 GMT",
            null,
            Duration.ofHours(2)),
        row(null, "Thu, 01 Jan 2026 02:00:00 GMT", NOW_HTTP, "1800", Duration.ofMinutes(90)),
        row(null, "Wed, 31 Dec 2025 00:00:00 GMT", NOW_HTTP, null, Duration.ofMinutes(5)),
        row(null, "Sat, 10 Jan 2026 00:00:00 GMT", NOW_HTTP, null, Duration.ofHours(48)),
        row(null, "0", NOW_HTTP, null, Duration.ofMinutes(5)),
        row(null, "Thu, 01 Jan 2026 02:00:00 GMT", "garbage", null, Duration.ofHours(2)),
        row("max-age=3600", "Thu, 01 Jan 2026 10:00:00 GMT", NOW_HTTP, null, Duration.ofHours(1)),
        row(null, null, null, "100", Duration.ofHours(24)));
  }

  @ParameterizedTest(name = "[{index}] cc={0} expires={1} date={2} age={3} -> {4}")
  @MethodSource("table")
  void lifetime(String cc, String expires, String date, String age, Duration expected) {
    CacheHeaders h = new CacheHeaders(cc == null ? List.of() : List.of(cc), expires, date, age);
    assertThat(POLICY.lifetime(h, NOW)).isEqualTo(expected);
  }

  @Test
  void severalCacheControlFieldsAreCombined() {
    CacheHeaders h = new CacheHeaders(List.of("public", "max-age=600"), null, null, null);
    assertThat(POLICY.lifetime(h, NOW)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void jitterStaysWithinTenPercentAndSpreads() {
    SplittableRandom random = new SplittableRandom(42);
    Duration base = Duration.ofHours(24);
    Duration lo = Duration.ofHours(48);
    Duration hi = Duration.ZERO;
    for (int i = 0; i < 10_000; i++) {
      Duration d = POLICY.jitter(base, random);
      assertThat(d).isBetween(Duration.ofMillis(77_760_000), Duration.ofMillis(95_040_000));
      lo = d.compareTo(lo) < 0 ? d : lo;
      hi = d.compareTo(hi) > 0 ? d : hi;
    }
    assertThat(lo).isLessThan(Duration.ofMillis(79_000_000));
    assertThat(hi).isGreaterThan(Duration.ofMillis(93_800_000));
  }

  @Test
  void noJitterWhenConfiguredZero() {
    CachePolicy flat =
        new CachePolicy(Duration.ofMinutes(5), Duration.ofHours(48), Duration.ofHours(24), 0.0);
    assertThat(flat.jitter(Duration.ofHours(3), new SplittableRandom(1)))
        .isEqualTo(Duration.ofHours(3));
  }
}
