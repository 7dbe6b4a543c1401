package dev.fedroute.internal.wellknown;

import dev.fedroute.WellKnownResult.Failure;

/**
 * What one {@code .well-known} fetch (redirects included) found, before caching. Immutable.
 *
 * @param mServer the valid delegation, or {@code null}
 * @param status the final HTTP status, or {@code null} when no response was had
 * @param detail why there is no delegation, or {@code null}
 * @param failure the stable code of why there is no delegation, or {@code null} with one
 * @param transientFailure whether the failure may pass by itself (5xx, timeout, connect, TLS or DNS
 *     error), as opposed to a permanent answer (200 without a valid delegation, 4xx, a redirect
 *     that cannot be followed)
 * @param headers the caching headers of the final response
 * @param redirects how many redirects were followed
 */
record FetchReport(
    String mServer,
    Integer status,
    String detail,
    Failure failure,
    boolean transientFailure,
    CacheHeaders headers,
    int redirects) {

  static FetchReport delegated(String mServer, CacheHeaders headers) {
    return new FetchReport(mServer, 200, null, null, false, headers, 0);
  }

  static FetchReport permanent(Integer status, Failure failure, String detail) {
    return new FetchReport(null, status, detail, failure, false, CacheHeaders.NONE, 0);
  }

  static FetchReport transientFailure(Integer status, Failure failure, String detail) {
    return new FetchReport(null, status, detail, failure, true, CacheHeaders.NONE, 0);
  }

  /** This report, reached after the given number of redirects. */
  FetchReport afterRedirects(int count) {
    return new FetchReport(mServer, status, detail, failure, transientFailure, headers, count);
  }

  boolean delegates() {
    return mServer != null;
  }
}
