/**
 * Internal: time. The clock as a Caffeine ticker, cache expiry at an instant, and the deadlines of
 * asynchronous work.
 *
 * <p>May use: the JDK and Caffeine only.
 */
package dev.fedroute.internal.time;
