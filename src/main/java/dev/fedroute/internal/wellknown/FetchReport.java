package dev.fedroute.internal.wellknown;

/**
 * What one {@code .well-known} fetch (redirects included) found, before caching. Immutable.
 *
 * @param mServer the valid delegation, or {@code null}
 * @param status the final HTTP status, or {@code null} when no response was had
 * @param detail why there is no delegation, or {@code null}
 * @param transientFailure whether the failure may pass by itself (5xx, timeout, connect, TLS or DNS
 *     error), as opposed to a permanent answer (200 without a valid delegation, 4xx, a redirect
 *     that cannot be followed)
 * @param headers the caching headers of the final response
 */
record FetchReport(
    String mServer, Integer status, String detail, boolean transientFailure, CacheHeaders headers) {

  static FetchReport delegated(String mServer, CacheHeaders headers) {
    return new FetchReport(mServer, 200, null, false, headers);
  }

  static FetchReport permanent(Integer status, String detail) {
    return new FetchReport(null, status, detail, false, CacheHeaders.NONE);
  }

  static FetchReport transientFailure(Integer status, String detail) {
    return new FetchReport(null, status, detail, true, CacheHeaders.NONE);
  }

  boolean delegates() {
    return mServer != null;
  }
}
