/**
 * Internal: how the resolver reports to a {@link dev.fedroute.FedrouteListener} without a faulty
 * listener ever changing a resolution.
 *
 * <p>May use: the API and the JDK.
 */
package dev.fedroute.internal.observe;
