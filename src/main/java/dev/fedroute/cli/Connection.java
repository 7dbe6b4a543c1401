package dev.fedroute.cli;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@code --connect}: the {@code GET /_matrix/federation/v1/version} sent through the
 * federation client path after a successful resolution. Either a response (any HTTP status) from
 * one destination, or the failure to reach any. Immutable.
 *
 * @param address the destination that answered, {@code ip:port} ({@code [v6]:port} for IPv6), or
 *     {@code null} on failure
 * @param status the HTTP status, or {@code null} on failure
 * @param certificateSubject the RFC 2253 subject of the peer's leaf certificate, or {@code null}
 *     when it could not be read or on failure
 * @param body the response body as text (UTF-8 unless the response names a charset), or {@code
 *     null} on failure
 * @param error why no destination answered ({@code tls_failure} or {@code connect_failure}), or
 *     {@code null} when one did
 */
record Connection(
    String address,
    Integer status,
    String certificateSubject,
    String body,
    FedrouteException error) {

  /** Checks that exactly one of a response (address, status, body) and an error is given. */
  public Connection {
    boolean answered = address != null && status != null && body != null;
    boolean empty = address == null && status == null && body == null && certificateSubject == null;
    if (error == null ? !answered : !empty) {
      throw new IllegalArgumentException(
          "a connection needs either an address, status and body, or an error");
    }
  }

  /**
   * A destination answered.
   *
   * @param address the destination, {@code ip:port} or {@code [v6]:port}
   * @param status the HTTP status
   * @param certificateSubject the peer certificate's RFC 2253 subject, or {@code null}
   * @param body the body text
   * @return the outcome
   */
  public static Connection answered(
      String address, int status, String certificateSubject, String body) {
    return new Connection(
        Objects.requireNonNull(address, "address"),
        status,
        certificateSubject,
        Objects.requireNonNull(body, "body"),
        null);
  }

  /**
   * No destination answered.
   *
   * @param error the failure
   * @return the outcome
   */
  public static Connection failed(FedrouteException error) {
    return new Connection(null, null, null, null, Objects.requireNonNull(error, "error"));
  }

  /**
   * The failure, when no destination answered.
   *
   * @return the failure
   */
  public Optional<FedrouteException> failure() {
    return Optional.ofNullable(error);
  }

  /**
   * Whether TLS succeeded: {@code true} when a destination answered (its handshake and certificate
   * check passed), {@code false} after a {@code tls_failure}, and {@code null} when no TLS
   * handshake completed for another reason (for example every connection was refused).
   *
   * @return the TLS outcome, or {@code null} when unknown
   */
  public Boolean tlsOk() {
    if (error == null) {
      return Boolean.TRUE;
    }
    return error.code() == ErrorCode.TLS_FAILURE ? Boolean.FALSE : null;
  }
}
