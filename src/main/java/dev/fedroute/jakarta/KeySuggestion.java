package dev.fedroute.jakarta;

import java.util.Optional;

/** Finds the known key an unknown one was probably meant to be (a typo). Stateless. */
final class KeySuggestion {
  private static final int MAX_EDITS = 3;

  private KeySuggestion() {}

  /** The known key within a few edits of the name, the nearest first. */
  static Optional<String> closest(String name) {
    String best = null;
    int bestDistance = MAX_EDITS + 1;
    for (ConfigKey key : ConfigKey.values()) {
      int d = distance(name, key.key());
      if (d < bestDistance) {
        best = key.key();
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
