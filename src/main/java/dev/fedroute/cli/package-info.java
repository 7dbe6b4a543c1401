/**
 * The command-line tool, a federation tester: {@link dev.fedroute.cli.FedrouteCli} is its main
 * class and the only public type; the rest (options, reports, the connection check) is
 * package-private.
 *
 * <p>May use: everything in Fedroute but the resolver implementation, picocli, JSON-P, and Jersey
 * as the JAX-RS client of {@code --connect}. Nothing else uses this package.
 */
package dev.fedroute.cli;
