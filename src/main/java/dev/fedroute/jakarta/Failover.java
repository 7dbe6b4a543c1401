package dev.fedroute.jakarta;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.Target;
import dev.fedroute.internal.net.UnreachableAddresses;
import dev.fedroute.internal.net.UnreachableAddresses.Candidate;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One federation call with failover: resolves, then tries the candidates of {@link
 * UnreachableAddresses#order(Resolution)} until one connects. Used by one thread at a time (the
 * asynchronous path moves from one completion to the next, never in parallel).
 */
final class Failover {
  private static final System.Logger LOG = System.getLogger(Failover.class.getName());

  /** What to send; {@code uri} is the {@code matrix-federation} URI the filter routes. */
  record Call(
      ServerName serverName,
      URI uri,
      String method,
      Entity<?> entity,
      MultivaluedMap<String, Object> headers,
      Map<String, Object> properties,
      boolean idempotent) {}

  private final FederationClients clients;
  private final Call call;
  private final List<Throwable> failures = new ArrayList<>();
  private final Set<Target> failedTls = new HashSet<>();
  private Resolution resolution;

  /** The clients this call took, by route (true: through the proxy), given back by {@link #end}. */
  private final Map<Boolean, Client> taken = new HashMap<>();

  /**
   * The caller's context class loader: an asynchronous call goes on where its resolution or its
   * previous attempt completed (a pool or I/O thread, whose context class loader may be the
   * server's), and Jersey finds its Apache HttpClient 5 connector there, when it builds a client
   * and at its first request; without it, it falls back to a connector that drops {@code Host}.
   */
  private final ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();

  private boolean noneReached;
  private List<Candidate> candidates;
  private boolean throughProxy;
  private int next;

  Failover(FederationClients clients, Call call) {
    this.clients = clients;
    this.call = call;
  }

  Response invoke() {
    Resolution r;
    try {
      r = clients.resolver().resolve(call.serverName()).toCompletableFuture().join();
    } catch (RuntimeException e) {
      throw Failures.asProcessing(e, call.serverName().text());
    }
    start(r);
    try {
      for (Candidate c = nextCandidate(); c != null; c = nextCandidate()) {
        try {
          Response response = prepare(c).method(call.method(), call.entity());
          connected(c);
          return response;
        } catch (ProcessingException e) {
          failed(c, e);
        }
      }
      throw exhausted();
    } finally {
      end();
    }
  }

  CompletableFuture<Response> invokeAsync(boolean rx) {
    return clients
        .resolver()
        .resolve(call.serverName())
        .toCompletableFuture()
        .handle(
            (r, err) -> {
              if (err != null) {
                return CompletableFuture.<Response>failedFuture(
                    Failures.asProcessing(err, call.serverName().text()));
              }
              start(r);
              return asCaller(() -> attemptAsync(rx)).whenComplete((response, error) -> end());
            })
        .thenCompose(f -> f);
  }

  private CompletableFuture<Response> attemptAsync(boolean rx) {
    Candidate c = nextCandidate();
    if (c == null) {
      return CompletableFuture.failedFuture(exhausted());
    }
    CompletionStage<Response> sent;
    try {
      sent = rx ? sendRx(c) : sendAsync(c);
    } catch (ProcessingException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle(
            (response, err) -> {
              if (err == null) {
                connected(c);
                return CompletableFuture.completedFuture(response);
              }
              try {
                failed(c, FedrouteException.unwrap(err));
              } catch (RuntimeException stop) {
                return CompletableFuture.<Response>failedFuture(stop);
              }
              return asCaller(() -> attemptAsync(rx));
            })
        .toCompletableFuture()
        .thenCompose(f -> f);
  }

  /** Runs the next attempt with the caller's context class loader ({@link #callerLoader}). */
  private CompletableFuture<Response> asCaller(Supplier<CompletableFuture<Response>> attempt) {
    Thread thread = Thread.currentThread();
    ClassLoader own = thread.getContextClassLoader();
    if (own == callerLoader) {
      return attempt.get();
    }
    thread.setContextClassLoader(callerLoader);
    try {
      return attempt.get();
    } finally {
      thread.setContextClassLoader(own);
    }
  }

  private CompletionStage<Response> sendRx(Candidate c) {
    Invocation.Builder b = prepare(c);
    return call.entity() == null
        ? b.rx().method(call.method())
        : b.rx().method(call.method(), call.entity());
  }

  /**
   * Sends through JAX-RS {@code async()}. Its future is used as a stage when it is one (RESTEasy
   * and Jersey return a {@code CompletableFuture}); otherwise it is awaited on a pool thread. No
   * callback is used: RESTEasy closes a {@code Response} handed to an {@code InvocationCallback}
   * once the callback returns.
   */
  @SuppressWarnings("unchecked")
  private CompletionStage<Response> sendAsync(Candidate c) {
    Invocation.Builder b = prepare(c);
    Future<Response> future =
        call.entity() == null
            ? b.async().method(call.method())
            : b.async().method(call.method(), call.entity());
    if (future instanceof CompletionStage<?> stage) {
      return (CompletionStage<Response>) stage;
    }
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return future.get();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
          } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
          }
        });
  }

  private void start(Resolution r) {
    resolution = r;
    candidates = clients.unreachableAddresses().order(r);
  }

  private Candidate nextCandidate() {
    while (next < candidates.size()) {
      Candidate c = candidates.get(next++);
      if (!failedTls.contains(c.target())) {
        LOG.log(
            Level.DEBUG,
            () ->
                "trying " + c.address() + " (" + c.target().host() + ") for " + call.serverName());
        return c;
      }
    }
    return null;
  }

  private Invocation.Builder prepare(Candidate c) {
    Client client =
        taken.computeIfAbsent(
            clients.viaProxy(c), via -> clients.startCall(resolution.tlsServerName(), via));
    Invocation.Builder b = client.target(call.uri()).request();
    b.headers(call.headers());
    call.properties().forEach(b::property);
    return b.property(FederationRequestFilter.RESOLUTION, resolution)
        .property(FederationRequestFilter.FAILOVER_RESOLUTION, resolution)
        .property(FederationRequestFilter.DESTINATION, c.address());
  }

  private void connected(Candidate c) {
    clients.unreachableAddresses().markUp(resolution.tlsServerName(), c.address());
  }

  /** Records a failed attempt; throws when the call must stop here. */
  private void failed(Candidate c, Throwable error) {
    Failures.Kind kind = Failures.classify(error);
    if (kind == Failures.Kind.OTHER) {
      throw Failures.asProcessing(error, call.serverName().text());
    }
    clients.unreachableAddresses().markDown(resolution.tlsServerName(), c.address());
    failures.add(error);
    boolean viaProxy = clients.viaProxy(c);
    throughProxy |= viaProxy;
    if (kind == Failures.Kind.TLS) {
      failedTls.add(c.target());
    }
    boolean retry = call.idempotent() && hasNext();
    clients
        .listener()
        .connectionFailed(
            kind == Failures.Kind.TLS ? ErrorCode.TLS_FAILURE : ErrorCode.CONNECT_FAILURE);
    if (retry) {
      clients.listener().failedOver();
    }
    LOG.log(
        retry ? Level.INFO : Level.WARNING,
        () ->
            (kind == Failures.Kind.TLS ? "TLS failure" : "connection failure")
                + " at "
                + c.address()
                + throughTheProxy(viaProxy)
                + " ("
                + c.target().host()
                + ") for "
                + call.serverName()
                + " (TLS name "
                + resolution.tlsServerName()
                + "): "
                + error
                + (retry ? "; trying the next destination" : ""));
    if (!call.idempotent()) {
      throw exhausted();
    }
  }

  private boolean hasNext() {
    for (int i = next; i < candidates.size(); i++) {
      if (!failedTls.contains(candidates.get(i).target())) {
        return true;
      }
    }
    return false;
  }

  /** {@code " through the proxy <proxy>"} for a route through it, else nothing. */
  private String throughTheProxy(boolean viaProxy) {
    return viaProxy ? clients.proxyName().map(p -> " through the proxy " + p).orElse("") : "";
  }

  /**
   * Gives the clients back when the call ends (each path calls it once); a client that reached no
   * destination is closed at once ({@link FederationClients#endCall}).
   */
  private void end() {
    taken.forEach(
        (viaProxy, client) ->
            clients.endCall(resolution.tlsServerName(), viaProxy, client, !noneReached));
  }

  private ProcessingException exhausted() {
    noneReached = true;
    ErrorCode code = failedTls.isEmpty() ? ErrorCode.CONNECT_FAILURE : ErrorCode.TLS_FAILURE;
    String message =
        "no destination of "
            + call.serverName()
            + " could be reached"
            + throughTheProxy(throughProxy)
            + " ("
            + failures.size()
            + (failures.size() == 1 ? " attempt" : " attempts")
            + ", "
            + code
            + ")";
    Throwable last = failures.isEmpty() ? null : failures.get(failures.size() - 1);
    FedrouteException fe = new FedrouteException(code, message, last);
    failures.stream().filter(f -> f != last).forEach(fe::addSuppressed);
    return new ProcessingException(message, fe);
  }
}
