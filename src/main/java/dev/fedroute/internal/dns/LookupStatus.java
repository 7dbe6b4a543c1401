package dev.fedroute.internal.dns;

/** How a DNS lookup ended. */
public enum LookupStatus {
  /** Records were found. */
  FOUND,
  /** The name does not exist or has no record of the type (NXDOMAIN or NODATA). */
  NOT_FOUND,
  /** No usable answer: SERVFAIL, REFUSED, a timeout or a network error. */
  FAILED
}
