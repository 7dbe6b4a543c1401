package dev.fedroute.internal.dns;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer to the parallel A and AAAA lookups of one host.
 *
 * @param status FOUND when either type gave addresses; FAILED when none were found and at least one
 *     lookup failed; otherwise NOT_FOUND
 * @param addresses the addresses of both types, IPv6 first, unfiltered
 * @param expiresAt the earlier expiry of the two answers
 * @param stale true when any part was served stale after a failure
 * @param cnameChain the CNAME names followed from the host, in order (empty when none)
 * @param detail why it failed or was not found (for reports), or {@code null}
 */
public record AddressAnswer(
    LookupStatus status,
    List<InetAddress> addresses,
    Instant expiresAt,
    boolean stale,
    List<String> cnameChain,
    String detail) {
  /** Checks and copies the arguments. */
  public AddressAnswer {
    Objects.requireNonNull(status, "status");
    addresses = List.copyOf(addresses);
    Objects.requireNonNull(expiresAt, "expiresAt");
    cnameChain = List.copyOf(cnameChain);
  }
}
