package dev.fedroute.jakarta;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies a CDI bean of type {@link jakarta.ws.rs.client.ClientRequestFilter} or {@link
 * jakarta.ws.rs.client.ClientResponseFilter} that {@link FederationClients} registers on every
 * federation client it creates, and on no other client: the place for a homeserver's X-Matrix
 * request-signing filter.
 *
 * <p>The priority is the {@link jakarta.annotation.Priority @Priority} of the bean class (for a
 * producer method, of the produced object's class), {@link jakarta.ws.rs.Priorities#USER} without
 * one. Below {@link FederationRequestFilter#PRIORITY} the filter sees the {@code
 * matrix-federation://<server name>} URI; at or above it, the final {@code https://<ip>:<port>}
 * URI, the {@code Host} header and the request property {@link FederationRequestFilter#SERVER_NAME}
 * (the name before delegation, the one to sign for). With failover, request filters run again for
 * every attempt.
 *
 * <pre>{@code
 * @FederationFilter
 * @ApplicationScoped
 * @Priority(Priorities.USER)
 * public class XMatrixSigner implements ClientRequestFilter {
 *   public void filter(ClientRequestContext request) {
 *     String destination = (String) request.getProperty(FederationRequestFilter.SERVER_NAME);
 *     request.getHeaders().putSingle("Authorization", sign(request, destination));
 *   }
 * }
 * }</pre>
 *
 * <p>Do not also annotate the class with {@code @Provider}: that would register it on every client
 * and resource of the deployment. Outside a container, use {@link
 * FederationClients.Builder#register(jakarta.ws.rs.client.ClientRequestFilter, int)}.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({TYPE, FIELD, METHOD, PARAMETER})
public @interface FederationFilter {}
