/**
 * Fedroute's public API: what every user holds.
 *
 * <p>{@link dev.fedroute.ServerName} (a parsed server name), {@link
 * dev.fedroute.ServerNameResolver} (the resolver, made by {@link
 * dev.fedroute.ServerNameResolver#create}), {@link dev.fedroute.Resolution} with its {@link
 * dev.fedroute.Target}s, {@link dev.fedroute.Step} and {@link dev.fedroute.WellKnownResult}, the
 * configuration {@link dev.fedroute.FedrouteConfig} with its address ranges ({@link
 * dev.fedroute.Cidr}), and the failures {@link dev.fedroute.FedrouteException} (with its stable
 * {@link dev.fedroute.ErrorCode}) and {@link dev.fedroute.InvalidServerNameException}, and the
 * {@link dev.fedroute.FedrouteListener} that hears what a resolver does (metrics, tracing). The
 * rules these types implement are written down in {@code docs/resolution.md} of the repository.
 *
 * <p>May use: the JDK and {@code dev.fedroute.internal.text}; {@code ServerNameResolver.create}
 * alone reaches the implementation in {@code dev.fedroute.internal.resolve}. Everything under
 * {@code dev.fedroute.internal} may change between releases without notice.
 */
package dev.fedroute;
