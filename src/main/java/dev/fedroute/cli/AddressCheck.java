package dev.fedroute.cli;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@code --connect} for one address of one target: what the TCP connection, the TLS
 * handshake and {@code GET /_matrix/federation/v1/version} gave, up to where it failed. Immutable.
 *
 * @param host the target's host
 * @param port the target's port
 * @param address the address tried
 * @param connectTime how long the TCP connection took, or {@code null} when none was made
 * @param tlsVersion the negotiated protocol, for example {@code TLSv1.3}, or {@code null}
 * @param cipherSuite the negotiated cipher suite, or {@code null}
 * @param chain the certificates the server presented, leaf first (empty when none were seen)
 * @param tlsNameOk whether the leaf proves the TLS name, or {@code null} when no leaf was seen
 * @param leafMatchesHost whether the leaf is valid for the target's host, or {@code null} when no
 *     leaf was seen
 * @param status the HTTP status of {@code /version}, or {@code null}
 * @param serverName the {@code server.name} of the {@code /version} answer, or {@code null}
 * @param serverVersion the {@code server.version} of the {@code /version} answer, or {@code null}
 * @param errorCode why it failed ({@code connect}, {@code timeout}, {@code tls}, {@code
 *     certificate_name}, {@code http}), or {@code null} when {@code /version} answered
 * @param errorMessage the failure in words, or {@code null}
 */
record AddressCheck(
    String host,
    int port,
    InetAddress address,
    Duration connectTime,
    String tlsVersion,
    String cipherSuite,
    List<CertificateInfo> chain,
    Boolean tlsNameOk,
    Boolean leafMatchesHost,
    Integer status,
    String serverName,
    String serverVersion,
    String errorCode,
    String errorMessage) {

  /** Checks that exactly one of a status and an error is given. */
  AddressCheck {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(address, "address");
    chain = List.copyOf(chain);
    if ((status == null) == (errorCode == null)) {
      throw new IllegalArgumentException("an address check has either a status or an error");
    }
  }

  /**
   * Whether {@code /version} answered (any HTTP status) over a certificate proving the TLS name.
   *
   * @return true when it did
   */
  boolean answered() {
    return status != null;
  }

  /**
   * Whether the address is IPv6.
   *
   * @return true for IPv6
   */
  boolean ipv6() {
    return address instanceof java.net.Inet6Address;
  }
}
