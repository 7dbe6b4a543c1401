/**
 * Internal: DNS. SRV and A/AAAA queries through dnsjava, their cache (TTL, negative answers per RFC
 * 2308, serve-stale), and the lookup status of each answer. The only package that touches dnsjava.
 *
 * <p>May use: the API, {@code internal.text}, {@code internal.time}, dnsjava and Caffeine.
 */
package dev.fedroute.internal.dns;
