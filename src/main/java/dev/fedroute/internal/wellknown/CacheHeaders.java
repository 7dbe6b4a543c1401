package dev.fedroute.internal.wellknown;

import java.util.List;

/**
 * The caching headers of a {@code .well-known} response, as received. Immutable.
 *
 * @param cacheControl every {@code Cache-Control} field value, in order (empty when none)
 * @param expires the {@code Expires} value, or {@code null}
 * @param date the {@code Date} value, or {@code null}
 * @param age the {@code Age} value, or {@code null}
 */
public record CacheHeaders(List<String> cacheControl, String expires, String date, String age) {

  /** No caching headers at all. */
  public static final CacheHeaders NONE = new CacheHeaders(List.of(), null, null, null);

  /** Copies the list. */
  public CacheHeaders {
    cacheControl = List.copyOf(cacheControl);
  }
}
