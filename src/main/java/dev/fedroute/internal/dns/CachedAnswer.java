package dev.fedroute.internal.dns;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Record;

/**
 * The outcome of one lookup of a name and type, as kept in the cache.
 *
 * @param status how the lookup ended
 * @param records the records of the asked type at the end of the CNAME chain (empty unless FOUND)
 * @param cnameChain the CNAME targets followed, lower-case without trailing dot
 * @param expiresAt when the answer stops being fresh (FAILED: when it was made)
 * @param keepUntil when the cache drops it: past {@code expiresAt} by the serve-stale window for
 *     FOUND, {@code expiresAt} otherwise
 * @param stale true when this FOUND answer was kept because a later lookup failed
 * @param detail why it failed or was not found, or {@code null}
 */
record CachedAnswer(
    LookupStatus status,
    List<Record> records,
    List<String> cnameChain,
    Instant expiresAt,
    Instant keepUntil,
    boolean stale,
    String detail) {

  CachedAnswer {
    Objects.requireNonNull(status, "status");
    records = List.copyOf(records);
    cnameChain = List.copyOf(cnameChain);
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(keepUntil, "keepUntil");
  }

  /** A failure made at {@code now}; it is never kept. */
  static CachedAnswer failed(List<String> cnameChain, Instant now, String detail) {
    return new CachedAnswer(LookupStatus.FAILED, List.of(), cnameChain, now, now, false, detail);
  }

  /** Whether the answer may be used without asking again. */
  boolean freshAt(Instant now) {
    return status != LookupStatus.FAILED && !stale && now.isBefore(expiresAt);
  }

  /** Whether this is a FOUND answer that may still stand in for a failed lookup. */
  boolean servableStaleAt(Instant now) {
    return status == LookupStatus.FOUND && now.isBefore(keepUntil);
  }

  /** This FOUND answer, kept in place of a failed lookup. */
  CachedAnswer asStale(String failure) {
    return new CachedAnswer(
        status, records, cnameChain, expiresAt, keepUntil, true, "served stale: " + failure);
  }

  /** The expiry reported to callers: the absolute expiry, or now when stale or failed. */
  Instant reportedExpiry(Instant now) {
    return status == LookupStatus.FAILED || stale ? now : expiresAt;
  }
}
