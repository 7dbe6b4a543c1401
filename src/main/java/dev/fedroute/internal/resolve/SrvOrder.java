package dev.fedroute.internal.resolve;

import dev.fedroute.Resolution.SrvRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * RFC 2782 ordering of SRV records: ascending priority; within a priority, a weighted random draw
 * in which weight-0 records stay eligible with a small chance. Stateless.
 */
final class SrvOrder {
  private SrvOrder() {}

  /**
   * Orders records for connection attempts.
   *
   * @param records the records (none with target {@code .})
   * @param random the source of the weighted draws
   * @return the records in the order to try them
   */
  static List<SrvRecord> order(List<SrvRecord> records, RandomGenerator random) {
    Map<Integer, List<SrvRecord>> byPriority = new TreeMap<>();
    for (SrvRecord r : records) {
      byPriority.computeIfAbsent(r.priority(), p -> new ArrayList<>()).add(r);
    }
    List<SrvRecord> ordered = new ArrayList<>(records.size());
    // The resolver's generator is shared between threads and need not be thread-safe.
    synchronized (random) {
      for (List<SrvRecord> group : byPriority.values()) {
        ordered.addAll(weighted(group, random));
      }
    }
    return ordered;
  }

  private static List<SrvRecord> weighted(List<SrvRecord> group, RandomGenerator random) {
    // RFC 2782: records in any order but weight-0 ones first (shuffled, so that equal weights are
    // drawn fairly), then draw a number in [0, sum] and take the first record whose running sum
    // reaches it; repeat without the chosen record.
    List<SrvRecord> shuffled = new ArrayList<>(group);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      Collections.swap(shuffled, i, random.nextInt(i + 1));
    }
    LinkedList<SrvRecord> remaining = new LinkedList<>(shuffled);
    remaining.sort(Comparator.comparingInt(r -> r.weight() == 0 ? 0 : 1));
    List<SrvRecord> result = new ArrayList<>(group.size());
    while (!remaining.isEmpty()) {
      long sum = 0;
      for (SrvRecord r : remaining) {
        sum += r.weight();
      }
      long draw = random.nextLong(sum + 1);
      long running = 0;
      var it = remaining.iterator();
      while (it.hasNext()) {
        SrvRecord r = it.next();
        running += r.weight();
        if (running >= draw) {
          result.add(r);
          it.remove();
          break;
        }
      }
    }
    return result;
  }
}
