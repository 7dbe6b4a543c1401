/**
 * Internal: network policy. The outbound address blocklist and allowlist, RFC 8305 address order,
 * the registry of unreachable addresses, and TLS pinned to a TLS name (SNI, certificate name check,
 * trust stores).
 *
 * <p>May use: the API, {@code internal.text} and the JDK only.
 */
package dev.fedroute.internal.net;
