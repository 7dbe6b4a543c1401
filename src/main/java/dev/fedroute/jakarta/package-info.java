/**
 * Fedroute in a Jakarta EE application server (public): the {@code @ApplicationScoped} resolver
 * bean {@link dev.fedroute.jakarta.FedrouteResolver} configured through MicroProfile Config, the
 * federation clients {@link dev.fedroute.jakarta.FederationClients} and their {@link
 * dev.fedroute.jakarta.FederationRequest}, the JAX-RS client filter {@link
 * dev.fedroute.jakarta.FederationRequestFilter}, the qualifier {@link
 * dev.fedroute.jakarta.FederationFilter} for a homeserver's own filters, the CDI event {@link
 * dev.fedroute.jakarta.ResolutionEvent}, the client settings and the deployment-time validation
 * with its {@link dev.fedroute.jakarta.FedrouteConfigurationException}. Telemetry through
 * OpenTelemetry lives in the non-public {@code dev.fedroute.jakarta.telemetry}, which nothing here
 * refers to.
 *
 * <p>May use: the API, {@code dev.fedroute.internal} (but not the resolver implementation, which it
 * creates through {@code ServerNameResolver.create}), and the Jakarta CDI, JAX-RS and MicroProfile
 * Config APIs, which the server provides.
 */
package dev.fedroute.jakarta;
