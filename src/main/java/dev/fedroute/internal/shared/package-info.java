/**
 * Internal: the second level of the caches, shared by a cluster's nodes ({@link
 * dev.fedroute.SharedCache}): the calls to it, bounded by its timeout and never failing a
 * resolution, and the versioned text format of the values stored in it.
 *
 * <p>May use: the API, {@code .text}, {@code .time} and the JDK.
 */
package dev.fedroute.internal.shared;
