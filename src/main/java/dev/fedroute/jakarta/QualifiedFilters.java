package dev.fedroute.jakarta;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ObjIntConsumer;

/**
 * The homeserver's own filters on the federation clients ({@link FederationFilter} beans, {@link
 * FederationClients.Builder#register}), registered on each client as at most three blocks.
 *
 * <p>Why blocks: RESTEasy and Jersey ignore a second registration of a component class, so a plain
 * delegate class (needed because Jersey's HK2 rejects an instance whose class carries a CDI scope)
 * can be registered only once per client. Each block is a class of its own holding its filters in
 * priority order: request filters below {@link FederationRequestFilter#PRIORITY}, registered at the
 * priority of the first; request filters at or above it, registered at the priority of the first
 * but at least {@code PRIORITY + 1}; response filters, run in descending order and registered at
 * the priority of the highest. Among themselves and relative to the federation filter they run in
 * exact priority order; filters registered on the {@link ClientBuilder} by other means see each
 * block as one filter. A request filter that aborts the request stops the rest of its block, as it
 * would stop the chain. Immutable.
 */
final class QualifiedFilters {
  private final Before before;
  private final int beforePriority;
  private final After after;
  private final int afterPriority;
  private final Responses responses;
  private final int responsesPriority;

  /** A filter and its priority. */
  record Ranked<T>(T filter, int priority) {
    Ranked {
      Objects.requireNonNull(filter, "filter");
    }
  }

  QualifiedFilters(
      List<Ranked<ClientRequestFilter>> requestFilters,
      List<Ranked<ClientResponseFilter>> responseFilters) {
    List<Ranked<ClientRequestFilter>> requests = sorted(requestFilters);
    List<Ranked<ClientRequestFilter>> early =
        requests.stream().filter(r -> r.priority() < FederationRequestFilter.PRIORITY).toList();
    List<Ranked<ClientRequestFilter>> late =
        requests.stream().filter(r -> r.priority() >= FederationRequestFilter.PRIORITY).toList();
    List<Ranked<ClientResponseFilter>> answers = sorted(responseFilters);
    Collections.reverse(answers);
    before = early.isEmpty() ? null : new Before(filters(early));
    beforePriority = early.isEmpty() ? 0 : early.get(0).priority();
    after = late.isEmpty() ? null : new After(filters(late));
    afterPriority =
        late.isEmpty() ? 0 : Math.max(late.get(0).priority(), FederationRequestFilter.PRIORITY + 1);
    responses = answers.isEmpty() ? null : new Responses(filters(answers));
    responsesPriority = answers.isEmpty() ? 0 : answers.get(0).priority();
  }

  /**
   * Adds the {@link FederationFilter} beans to a factory builder.
   *
   * @param b the builder
   * @param requestFilters the request filter beans
   * @param responseFilters the response filter beans
   * @return the builder
   */
  static FederationClients.Builder withBeans(
      FederationClients.Builder b,
      Instance<ClientRequestFilter> requestFilters,
      Instance<ClientResponseFilter> responseFilters) {
    fromBeans(requestFilters, ClientRequestFilter.class, b::register);
    fromBeans(responseFilters, ClientResponseFilter.class, b::register);
    return b;
  }

  /**
   * Adds every bean of an {@code Instance} with the priority of its class.
   *
   * @param beans the beans
   * @param type the filter type
   * @param add receives each bean's (contextual) instance and priority
   */
  private static <T> void fromBeans(Instance<T> beans, Class<T> type, ObjIntConsumer<T> add) {
    for (Instance.Handle<T> handle : beans.handles()) {
      Class<?> beanClass = handle.getBean().getBeanClass();
      T filter = handle.get();
      Class<?> annotated = type.isAssignableFrom(beanClass) ? beanClass : filter.getClass();
      add.accept(filter, priorityOf(annotated));
    }
  }

  /**
   * The {@code @Priority} of a class, {@link Priorities#USER} without one.
   *
   * @param type the class
   * @return the priority
   */
  static int priorityOf(Class<?> type) {
    Priority priority = type.getAnnotation(Priority.class);
    return priority == null ? Priorities.USER : priority.value();
  }

  /**
   * Registers the blocks on a client builder.
   *
   * @param builder the builder of a federation client
   */
  void registerOn(ClientBuilder builder) {
    if (before != null) {
      builder.register(before, Map.of(ClientRequestFilter.class, beforePriority));
    }
    if (after != null) {
      builder.register(after, Map.of(ClientRequestFilter.class, afterPriority));
    }
    if (responses != null) {
      builder.register(responses, Map.of(ClientResponseFilter.class, responsesPriority));
    }
  }

  private static <T> List<Ranked<T>> sorted(List<Ranked<T>> ranked) {
    List<Ranked<T>> copy = new ArrayList<>(ranked);
    copy.sort(Comparator.comparingInt(Ranked::priority));
    return copy;
  }

  private static <T> List<T> filters(List<Ranked<T>> ranked) {
    return ranked.stream().map(Ranked::filter).toList();
  }

  private static void run(List<ClientRequestFilter> filters, ClientRequestContext request)
      throws IOException {
    if (filters.size() == 1) {
      filters.get(0).filter(request);
      return;
    }
    boolean[] aborted = {false};
    ClientRequestContext watched =
        (ClientRequestContext)
            Proxy.newProxyInstance(
                ClientRequestContext.class.getClassLoader(),
                new Class<?>[] {ClientRequestContext.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("abortWith")) {
                    aborted[0] = true;
                  }
                  try {
                    return method.invoke(request, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    for (ClientRequestFilter filter : filters) {
      filter.filter(watched);
      if (aborted[0]) {
        return;
      }
    }
  }

  /** Request filters run in order, stopping at an abort. */
  private abstract static class Chain implements ClientRequestFilter {
    private final List<ClientRequestFilter> filters;

    Chain(List<ClientRequestFilter> filters) {
      this.filters = filters;
    }

    @Override
    public void filter(ClientRequestContext request) throws IOException {
      run(filters, request);
    }
  }

  /**
   * The request filters that run before the federation filter. A class of its own (not a second
   * {@link Chain} instance): JAX-RS stacks register a filter class once per client.
   */
  private static final class Before extends Chain {
    Before(List<ClientRequestFilter> filters) {
      super(filters);
    }
  }

  /** The request filters that run after the federation filter; see {@link Before}. */
  private static final class After extends Chain {
    After(List<ClientRequestFilter> filters) {
      super(filters);
    }
  }

  /** The response filters, highest priority first. */
  private static final class Responses implements ClientResponseFilter {
    private final List<ClientResponseFilter> filters;

    Responses(List<ClientResponseFilter> filters) {
      this.filters = filters;
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response)
        throws IOException {
      for (ClientResponseFilter filter : filters) {
        filter.filter(request, response);
      }
    }
  }
}
