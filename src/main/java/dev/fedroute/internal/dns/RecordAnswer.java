package dev.fedroute.internal.dns;

import dev.fedroute.Resolution.SrvRecord;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one lookup of a name and record type, as handed to the lookup's callers; the cache
 * keeps the FOUND and NOT_FOUND ones in a {@link HostAnswers}.
 *
 * @param status how the lookup ended
 * @param items what the records of the asked type at the end of the CNAME chain say: {@link
 *     InetAddress}es for A and AAAA, {@link SrvRecord}s for SRV (empty unless FOUND; immutable, so
 *     that callers can share it)
 * @param cnameChain the CNAME targets followed, lower-case without trailing dot
 * @param expiresAt when the answer stops being fresh, in nanoseconds since the epoch (FAILED: when
 *     it was made)
 * @param nxdomain true for a NOT_FOUND answer that said NXDOMAIN (false: NODATA)
 * @param stale true when this FOUND answer was kept because a later lookup failed
 * @param detail why it failed or was not found, or {@code null}
 */
record RecordAnswer(
    LookupStatus status,
    List<?> items,
    List<String> cnameChain,
    long expiresAt,
    boolean nxdomain,
    boolean stale,
    String detail) {

  RecordAnswer {
    Objects.requireNonNull(status, "status");
    items = List.copyOf(items);
    cnameChain = List.copyOf(cnameChain);
  }

  /** A failure made at {@code now} (nanoseconds since the epoch); it is never kept. */
  static RecordAnswer failed(List<String> cnameChain, long now, String detail) {
    return new RecordAnswer(LookupStatus.FAILED, List.of(), cnameChain, now, false, false, detail);
  }

  /** This FOUND answer, kept in place of a failed lookup. */
  RecordAnswer asStale(String failure) {
    return new RecordAnswer(
        status, items, cnameChain, expiresAt, false, true, "served stale: " + failure);
  }

  /** The expiry reported to callers: the absolute expiry, or now when stale or failed. */
  long reportedExpiry(long now) {
    return status == LookupStatus.FAILED || stale ? now : expiresAt;
  }

  /** The addresses of an A or AAAA answer. */
  @SuppressWarnings("unchecked") // only A and AAAA answers, whose items are addresses
  List<InetAddress> addresses() {
    return (List<InetAddress>) items;
  }

  /** The records of an SRV answer. */
  @SuppressWarnings("unchecked") // only SRV answers, whose items are SRV records
  List<SrvRecord> srvRecords() {
    return (List<SrvRecord>) items;
  }
}
