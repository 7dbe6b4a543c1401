/**
 * Internal: the resolution algorithm. The steps of {@code docs/resolution.md}, RFC 2782 SRV order,
 * the trace of a resolution, the cache of whole resolutions and the resolver that {@link
 * dev.fedroute.ServerNameResolver#create} returns.
 *
 * <p>May use: the API and the other {@code internal} packages, and Caffeine.
 */
package dev.fedroute.internal.resolve;
