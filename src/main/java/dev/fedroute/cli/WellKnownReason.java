package dev.fedroute.cli;

import dev.fedroute.WellKnownResult;
import dev.fedroute.WellKnownResult.Failure;
import java.util.Optional;

/**
 * Why a {@code .well-known} answer did not count, as one sentence for people: what the stable code
 * means, then what the fetch saw. Stateless and thread-safe.
 */
final class WellKnownReason {
  private WellKnownReason() {}

  /**
   * The sentence for an outcome that did not count.
   *
   * @param w the outcome
   * @return the sentence, or empty when the answer counted or was not fetched
   */
  static Optional<String> sentence(WellKnownResult w) {
    return w.failureCode().map(code -> meaning(code, w) + seen(w));
  }

  private static String seen(WellKnownResult w) {
    return w.detail() == null ? "" : " (" + w.detail() + ")";
  }

  private static String meaning(Failure code, WellKnownResult w) {
    return switch (code) {
      case HTTP_STATUS ->
          "The .well-known request answered "
              + (w.status() == null ? "no status" : "HTTP " + w.status())
              + "; only 200 with a JSON object counts";
      case INVALID_JSON -> "The .well-known body is not a JSON object";
      case INVALID_M_SERVER -> "The .well-known m.server is missing, not a string or not valid";
      case TOO_LARGE -> "The .well-known body (or a header) is larger than the limit";
      case TIMEOUT -> "The .well-known request did not finish in time";
      case TLS ->
          "The .well-known TLS handshake failed: the certificate must be trusted and valid for"
              + " the host";
      case CONNECT -> "No connection to the .well-known host could be made";
      case DNS -> "The .well-known host has no address";
      case BLOCKED -> "The .well-known host (or a redirect's host) is on the address blocklist";
      case REDIRECT_LIMIT -> "The .well-known request was redirected too many times";
      case REDIRECT_LOOP -> "The .well-known redirects go round in a loop";
      case REDIRECT_NOT_HTTPS -> "A .well-known redirect leaves https";
    };
  }
}
