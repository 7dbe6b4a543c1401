package dev.fedroute.jakarta;

import dev.fedroute.ServerName;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A federation request with failover, made by {@link FederationClients#request(String, String)}.
 * Set headers and properties, then invoke it synchronously ({@link #get()}, {@link #post(Entity)},
 * {@link #method(String, Entity)} ...), through JAX-RS {@code async()} ({@link #async()}) or {@code
 * rx()} ({@link #rx()}). Every variant takes the same path: resolve the server name, then try its
 * destinations in order (RFC 2782 targets, RFC 8305 addresses, those that failed recently last),
 * each attempt a JAX-RS request through the client of the TLS name and the {@link
 * FederationRequestFilter}.
 *
 * <p>A connection or TLS failure marks the address down in {@link FederationClients#isUnreachable}.
 * An idempotent request (GET, HEAD, OPTIONS, PUT, DELETE, or {@link #idempotent(boolean) marked})
 * then goes on to the next address with the same headers and entity (which is written again, so do
 * not mark requests with a one-shot stream entity); after a TLS failure the rest of that target's
 * addresses are skipped (fail closed for that target). Any HTTP status is a success.
 *
 * <p>Failures: a {@link jakarta.ws.rs.ProcessingException} (thrown, or completing the stage) whose
 * cause is a {@link dev.fedroute.FedrouteException}: the resolution's code when resolution fails;
 * {@code tls_failure} when no attempt connected and any failed its TLS check, else {@code
 * connect_failure} (each attempt's failure is attached as suppressed). A failure of another kind (a
 * read timeout, a reset after the request was sent) is thrown as the client stack reported it,
 * without retry.
 *
 * <p>Not thread-safe: build and invoke it on one thread. The returned {@link Response} must be
 * closed by the caller.
 */
public final class FederationRequest {
  private static final Set<String> IDEMPOTENT =
      Set.of(
          HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE);

  private final FederationClients clients;
  private final ServerName serverName;
  private final URI uri;
  private final MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private boolean idempotent;

  /** A request to {@code uri}, the validated {@code matrix-federation} URI with path and query. */
  FederationRequest(FederationClients clients, ServerName serverName, URI uri) {
    this.clients = clients;
    this.serverName = serverName;
    this.uri = uri;
  }

  /**
   * Adds a header value (sent on every attempt).
   *
   * @param name the header name
   * @param value the value
   * @return this request
   */
  public FederationRequest header(String name, Object value) {
    headers.add(Objects.requireNonNull(name, "name"), value);
    return this;
  }

  /**
   * Sets the {@code Accept} header.
   *
   * @param mediaTypes the accepted media types
   * @return this request
   */
  public FederationRequest accept(String... mediaTypes) {
    headers.put("Accept", List.<Object>of((Object[]) mediaTypes));
    return this;
  }

  /**
   * Sets a request property, visible to the filters of every attempt.
   *
   * @param name the property name
   * @param value the value
   * @return this request
   */
  public FederationRequest property(String name, Object value) {
    properties.put(Objects.requireNonNull(name, "name"), value);
    return this;
  }

  /**
   * Marks the request as safe to send again after a connection or TLS failure, whatever its method.
   *
   * @param value true to allow retries on the next destination
   * @return this request
   */
  public FederationRequest idempotent(boolean value) {
    idempotent = value;
    return this;
  }

  /**
   * Sends a GET.
   *
   * @return the response, any status
   */
  public Response get() {
    return method(HttpMethod.GET, null);
  }

  /**
   * Sends a DELETE.
   *
   * @return the response, any status
   */
  public Response delete() {
    return method(HttpMethod.DELETE, null);
  }

  /**
   * Sends a POST.
   *
   * @param entity the body
   * @return the response, any status
   */
  public Response post(Entity<?> entity) {
    return method(HttpMethod.POST, entity);
  }

  /**
   * Sends a PUT.
   *
   * @param entity the body
   * @return the response, any status
   */
  public Response put(Entity<?> entity) {
    return method(HttpMethod.PUT, entity);
  }

  /**
   * Sends a request without body.
   *
   * @param method the method
   * @return the response, any status
   */
  public Response method(String method) {
    return method(method, null);
  }

  /**
   * Sends a request.
   *
   * @param method the method
   * @param entity the body, or {@code null}
   * @return the response, any status
   * @throws jakarta.ws.rs.ProcessingException see the class description
   */
  public Response method(String method, Entity<?> entity) {
    return new Failover(clients, call(method, entity)).invoke();
  }

  /**
   * The asynchronous variant, through the JAX-RS {@code async()} invoker.
   *
   * @return the invoker
   */
  public Async async() {
    return new Async(false);
  }

  /**
   * The reactive variant, through the JAX-RS {@code rx()} invoker.
   *
   * @return the invoker
   */
  public Async rx() {
    return new Async(true);
  }

  private Failover.Call call(String method, Entity<?> entity) {
    Objects.requireNonNull(method, "method");
    boolean retry = idempotent || IDEMPOTENT.contains(method);
    return new Failover.Call(
        serverName,
        uri,
        method,
        entity,
        new MultivaluedHashMap<>(headers),
        Map.copyOf(properties),
        retry);
  }

  /**
   * Invokes a {@link FederationRequest} without blocking; the stage completes on a thread of the
   * client stack or the resolver. Not thread-safe.
   */
  public final class Async {
    private final boolean rx;

    private Async(boolean rx) {
      this.rx = rx;
    }

    /**
     * Sends a GET.
     *
     * @return the response's future
     */
    public CompletableFuture<Response> get() {
      return method(HttpMethod.GET, null);
    }

    /**
     * Sends a POST.
     *
     * @param entity the body
     * @return the response's future
     */
    public CompletableFuture<Response> post(Entity<?> entity) {
      return method(HttpMethod.POST, entity);
    }

    /**
     * Sends a PUT.
     *
     * @param entity the body
     * @return the response's future
     */
    public CompletableFuture<Response> put(Entity<?> entity) {
      return method(HttpMethod.PUT, entity);
    }

    /**
     * Sends a request.
     *
     * @param method the method
     * @param entity the body, or {@code null}
     * @return a future (also a {@link CompletionStage}) completed with the response or failed as
     *     described by {@link FederationRequest}
     */
    public CompletableFuture<Response> method(String method, Entity<?> entity) {
      return new Failover(clients, call(method, entity)).invokeAsync(rx);
    }
  }
}
