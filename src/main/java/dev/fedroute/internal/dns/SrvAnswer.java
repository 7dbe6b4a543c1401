package dev.fedroute.internal.dns;

import dev.fedroute.Resolution.SrvRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer to an SRV lookup.
 *
 * @param status how the lookup ended; FOUND means {@code records} is not empty
 * @param records the SRV records as received (a lone {@code .} target included)
 * @param expiresAt when this answer stops being fresh (for FAILED: now)
 * @param stale true when a FAILED lookup was answered from an expired cached answer (serve-stale)
 * @param detail why it failed or was not found (for reports), or {@code null}
 */
public record SrvAnswer(
    LookupStatus status, List<SrvRecord> records, Instant expiresAt, boolean stale, String detail) {
  /** Checks and copies the arguments. */
  public SrvAnswer {
    Objects.requireNonNull(status, "status");
    records = List.copyOf(records);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
