package dev.fedroute;

import java.util.Locale;

/**
 * Stable, lower-case error codes shared by the API, the CLI and the logs (docs/resolution.md
 * section 7).
 */
public enum ErrorCode {
  /** The server name does not follow the grammar. A caller error: no network call was made. */
  INVALID_SERVER_NAME,
  /** No DNS answer could be had at a step that needed one (SERVFAIL, timeout). */
  DNS_FAILURE,
  /** The final host has no A or AAAA record. */
  NO_ADDRESS,
  /** The only SRV record has target {@code .}: the service is decidedly not available. */
  SERVICE_UNAVAILABLE,
  /** Every address the resolution produced is on the outbound blocklist. */
  DESTINATION_BLOCKED,
  /**
   * The server name is outside the destination policy (not allowed, or denied): no network call was
   * made.
   */
  DESTINATION_DENIED,
  /** The peer's certificate does not prove the TLS name, or the handshake failed. */
  TLS_FAILURE,
  /** No target accepted a connection. */
  CONNECT_FAILURE,
  /** The overall deadline of a resolution ran out. */
  TIMEOUT;

  /**
   * The wire form of this code, for example {@code invalid_server_name}.
   *
   * @return the lower-case code
   */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return code();
  }
}
