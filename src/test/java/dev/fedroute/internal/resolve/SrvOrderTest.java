package dev.fedroute.internal.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fedroute.Resolution.SrvRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SrvOrderTest {
  private static final int DRAWS = 20_000;
  private final RandomGenerator random = new SplittableRandom(42);

  @Test
  void lowerPriorityAlwaysComesFirst() {
    SrvRecord late = new SrvRecord(20, 100, 1, "late");
    SrvRecord early = new SrvRecord(10, 1, 2, "early");
    SrvRecord middle = new SrvRecord(15, 0, 3, "middle");
    for (int i = 0; i < 100; i++) {
      assertThat(SrvOrder.order(List.of(late, early, middle), random))
          .containsExactly(early, middle, late);
    }
  }

  @Test
  void firstPickIsProportionalToWeight() {
    SrvRecord a = new SrvRecord(10, 60, 1, "a");
    SrvRecord b = new SrvRecord(10, 30, 2, "b");
    SrvRecord c = new SrvRecord(10, 10, 3, "c");
    Map<String, Integer> first = firstPicks(List.of(c, b, a));
    assertThat(share(first, "a")).isCloseTo(0.60, within(0.02));
    assertThat(share(first, "b")).isCloseTo(0.30, within(0.02));
    assertThat(share(first, "c")).isCloseTo(0.10, within(0.02));
  }

  @Test
  void weightZeroIsEligibleButRare() {
    SrvRecord heavy = new SrvRecord(10, 100, 1, "heavy");
    SrvRecord zero = new SrvRecord(10, 0, 2, "zero");
    Map<String, Integer> first = firstPicks(List.of(heavy, zero));
    // RFC 2782: the zero-weight record wins only when the draw is exactly 0, 1 in 101.
    assertThat(first.getOrDefault("zero", 0)).isPositive();
    assertThat(share(first, "zero")).isCloseTo(1.0 / 101, within(0.005));
  }

  @Test
  void allWeightsZeroDrawUniformly() {
    SrvRecord a = new SrvRecord(10, 0, 1, "a");
    SrvRecord b = new SrvRecord(10, 0, 2, "b");
    Map<String, Integer> first = firstPicks(List.of(a, b));
    assertThat(share(first, "a")).isCloseTo(0.5, within(0.03));
  }

  @Test
  void everyRecordAppearsOnce() {
    List<SrvRecord> records =
        List.of(
            new SrvRecord(1, 5, 1, "a"),
            new SrvRecord(1, 0, 2, "b"),
            new SrvRecord(2, 7, 3, "c"),
            new SrvRecord(1, 9, 4, "d"));
    assertThat(SrvOrder.order(records, random)).containsExactlyInAnyOrderElementsOf(records);
  }

  private Map<String, Integer> firstPicks(List<SrvRecord> records) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < DRAWS; i++) {
      counts.merge(SrvOrder.order(records, random).get(0).target(), 1, Integer::sum);
    }
    return counts;
  }

  private static double share(Map<String, Integer> counts, String target) {
    return counts.getOrDefault(target, 0) / (double) DRAWS;
  }
}
