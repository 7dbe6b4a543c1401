package dev.fedroute.internal.wellknown;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.WellKnownResult.Failure;
import dev.fedroute.internal.net.AddressFilter;
import dev.fedroute.internal.net.AddressLookup;
import dev.fedroute.internal.net.RequestedHostVerifier;
import dev.fedroute.internal.net.TlsContexts;
import dev.fedroute.internal.text.Printable;
import dev.fedroute.internal.time.Deadlines;
import dev.fedroute.internal.wellknown.CappedBodyConsumer.Answer;
import dev.fedroute.internal.wellknown.CappedBodyConsumer.BodyTooLarge;
import dev.fedroute.internal.wellknown.HopAddresses.BlockedDestinationException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionReuseStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Performs {@code .well-known/matrix/server} fetches without a thread per fetch: each hop's host is
 * resolved by Fedroute's asynchronous DNS and checked against the blocklist first ({@link
 * HopAddresses}), then HttpClient 5's asynchronous client connects to exactly those addresses in
 * turn (TLS with SNI and certificate verification for the host name). Redirects are followed here
 * (https only, loop and count limits, every hop resolved and checked again), the body is capped,
 * and one deadline for everything cancels the exchange when it passes. Never reuses a connection.
 * All fetches share the client's few threads ({@link #THREADS}), but those through an {@code
 * https://} proxy, which run on the bounded threads of {@link TlsProxyExchanges}. Thread-safe.
 */
final class WellKnownFetcher implements AutoCloseable {
  static final String PATH = "/.well-known/matrix/server";

  /** The HTTP client's I/O threads, however many fetches run at once. */
  static final int IO_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());

  /** All the client's threads: its I/O threads and the one that started them (then idle). */
  static final int THREADS = IO_THREADS + 1;

  /** Connections open at once; more fetches wait for one (within their deadline). */
  static final int MAX_CONNECTIONS = 512;

  /** The most characters of an exception's text kept in a failure's detail. */
  private static final int MAX_DETAIL_LENGTH = 300;

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /** How long {@link #close()} waits for the I/O threads to stop on their own, then after force. */
  private static final TimeValue SHUTDOWN_WAIT = TimeValue.ofSeconds(1);

  private static final System.Logger LOG = System.getLogger(WellKnownFetcher.class.getName());

  /**
   * Connections are never reused, but for the proxy's {@code CONNECT}: its connection carries the
   * tunnel (or, after a {@code 407}, the retry with credentials).
   */
  static final ConnectionReuseStrategy KEEP_ONLY_CONNECT =
      (request, response, context) -> "CONNECT".equals(request.getMethod());

  private final FedrouteConfig config;
  private final HopAddresses addresses;
  private final ProxyRoutes proxy;
  private final CloseableHttpAsyncClient client;
  private final TlsProxyExchanges tlsProxy;

  WellKnownFetcher(FedrouteConfig config, AddressLookup resolver, AddressFilter filter) {
    this.config = config;
    this.addresses = new HopAddresses(resolver, filter);
    this.proxy = new ProxyRoutes(config.proxy());
    Timeout whole = timeout(config.wellKnown().timeout());
    SSLContext tls = TlsContexts.clientContext(config);
    this.tlsProxy = proxy.overTls() ? new TlsProxyExchanges(config, proxy, tls) : null;
    this.client =
        proxy
            .configure(HttpAsyncClients.custom())
            .setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    .setDnsResolver(new PinnedAddressRoutes.NoNameResolution(proxy))
                    // HttpClient's own name check accepts a subject CN without SANs and partial or
                    // multi-label wildcards: Fedroute's rules (RFC 6125, as for federation) must
                    // hold as well.
                    .setTlsStrategy(
                        new DefaultClientTlsStrategy(
                            tls, HostnameVerificationPolicy.BOTH, RequestedHostVerifier.INSTANCE))
                    .setDefaultTlsConfig(tlsConfig(config))
                    .setDefaultConnectionConfig(connectionConfig(config))
                    .setMaxConnPerRoute(MAX_CONNECTIONS)
                    .setMaxConnTotal(MAX_CONNECTIONS)
                    .build())
            .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(IO_THREADS).build())
            .setThreadFactory(new DefaultThreadFactory("fedroute-wellknown", true))
            .setIoReactorExceptionCallback(WellKnownFetcher::ioThreadFailed)
            .setRoutePlanner(new PinnedAddressRoutes(proxy))
            .setConnectionReuseStrategy(KEEP_ONLY_CONNECT)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .setUserAgent(config.userAgent())
            .build();
    client.start();
  }

  /**
   * Fetches a host's {@code .well-known}. Never fails: every problem is a report.
   *
   * @param host the lower-case host
   * @return the outcome, completed on one of the client's I/O threads, on dnsjava's thread or on
   *     the JDK's delay scheduler
   */
  CompletableFuture<FetchReport> fetch(String host) {
    Fetch fetch = new Fetch();
    fetch.hop(URI.create("https://" + host + PATH), 0);
    return fetch.result;
  }

  /** One fetch, redirects included, under one deadline. */
  private final class Fetch {
    final CompletableFuture<FetchReport> result = new CompletableFuture<>();
    final long deadline;
    final Set<URI> seen = new HashSet<>();
    volatile Future<Answer> exchange;
    volatile Integer status;
    volatile int redirectsFollowed;
    volatile boolean viaProxy;

    Fetch() {
      Duration limit = config.wellKnown().timeout();
      deadline = System.nanoTime() + limit.toNanos();
      // The JDK's shared delay scheduler ends the fetch at the deadline: no thread of our own.
      CompletableFuture<Boolean> timer = new CompletableFuture<>();
      Deadlines.completeAfter(timer, Boolean.TRUE, limit)
          .thenAccept(
              expired -> {
                if (expired) {
                  finish(timedOut(status));
                }
              });
      result.whenComplete(
          (report, failure) -> {
            timer.complete(Boolean.FALSE);
            cancelExchange();
          });
    }

    void hop(URI uri, int redirects) {
      redirectsFollowed = redirects;
      seen.add(normal(uri));
      // With connect-by=name the proxy resolves the host: one try, without an address.
      (proxy.byName(uri.getHost())
              ? CompletableFuture.completedFuture(Collections.<InetAddress>singletonList(null))
              : addresses.of(uri.getHost()))
          .thenCompose(list -> exchange(uri, list, 0))
          .whenComplete(
              (answer, failure) -> {
                try {
                  if (failure != null) {
                    finish(failure(failure));
                  } else {
                    follow(uri, answer, redirects);
                  }
                } catch (RuntimeException e) {
                  finish(
                      FetchReport.transientFailure(
                          status, Failure.CONNECT, "internal error: " + e));
                }
              });
    }

    private void finish(FetchReport report) {
      result.complete(report.afterRedirects(redirectsFollowed));
    }

    private void follow(URI uri, Answer answer, int redirects) {
      if (result.isDone()) {
        return;
      }
      int code = answer.status();
      if (!REDIRECTS.contains(code)) {
        finish(outcome(answer));
        return;
      }
      Header location = answer.first("Location");
      if (location == null) {
        finish(FetchReport.permanent(code, Failure.HTTP_STATUS, "redirect without Location"));
        return;
      }
      if (redirects >= config.wellKnown().maxRedirects()) {
        finish(
            FetchReport.permanent(
                code,
                Failure.REDIRECT_LIMIT,
                "too many redirects (more than " + config.wellKnown().maxRedirects() + ")"));
        return;
      }
      URI next = resolve(uri, location.getValue());
      FetchReport refused = checkRedirect(next, code, seen);
      if (refused != null) {
        finish(refused);
        return;
      }
      hop(next, redirects + 1);
    }

    /** Tries the addresses in turn; only a failure to connect moves on to the next one. */
    private CompletableFuture<Answer> exchange(URI uri, List<InetAddress> to, int index) {
      long left = deadline - System.nanoTime();
      if (result.isDone() || left <= 0) {
        return CompletableFuture.failedFuture(new CancellationException("fetch ended"));
      }
      status = null;
      int port = uri.getPort() == -1 ? config.wellKnown().port() : uri.getPort();
      InetAddress address = to.get(index);
      HttpHost target =
          address == null
              ? new HttpHost("https", uri.getHost(), port)
              : new HttpHost("https", address, uri.getHost(), port);
      HttpClientContext context = HttpClientContext.create();
      boolean tunnel = proxy.enabled() && proxy.via(uri.getHost(), address);
      viaProxy = tunnel;
      context.setAttribute(ProxyRoutes.VIA_PROXY, tunnel);
      context.setRequestConfig(
          RequestConfig.custom()
              .setConnectionRequestTimeout(Timeout.ofNanoseconds(left))
              .setResponseTimeout(Timeout.ofNanoseconds(left))
              .build());
      CompletableFuture<Answer> answer = new CompletableFuture<>();
      boolean overTls = tunnel && tlsProxy != null;
      exchange =
          overTls
              ? tlsProxy.execute(target, uri, context, left, code -> status = code, answer)
              : client.execute(
                  target,
                  AsyncRequestBuilder.get(uri).build(),
                  new CappedBodyConsumer(config.wellKnown().maxBodyBytes(), code -> status = code),
                  null,
                  context,
                  completing(answer));
      if (result.isDone()) {
        cancelExchange();
      }
      return answer
          .thenCompose(
              a ->
                  // No TLS session: the answer is the proxy's to CONNECT, not the host's.
                  tunnel && !overTls && context.getSSLSession() == null
                      ? CompletableFuture.<Answer>failedFuture(
                          new ProxyRoutes.NoTunnel(proxy.refused(a.status())))
                      : CompletableFuture.completedFuture(a))
          .exceptionallyCompose(
              failure ->
                  index + 1 < to.size() && notConnected(failure)
                      ? exchange(uri, to, index + 1)
                      : CompletableFuture.failedFuture(failure));
    }

    private void cancelExchange() {
      Future<Answer> current = exchange;
      if (current != null) {
        current.cancel(true);
      }
    }

    private FetchReport failure(Throwable e) {
      FetchReport report = failureOf(e);
      return viaProxy && !(unwrap(e) instanceof ProxyRoutes.NoTunnel)
          ? proxy.failedThrough(report)
          : report;
    }

    private FetchReport failureOf(Throwable e) {
      if (System.nanoTime() - deadline >= 0) {
        return timedOut(status);
      }
      if (unwrap(e) instanceof ProxyRoutes.NoTunnel noTunnel) {
        return noTunnel.report;
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BlockedDestinationException) {
          // Not a passing fault: a refresh that now leads to a blocked address ends the delegation.
          return FetchReport.permanent(status, Failure.BLOCKED, "destination blocked");
        }
        if (t instanceof MessageConstraintException) {
          // A status line or header longer, or more headers, than HttpClient's limits: a lasting
          // property of the answer, like a body over the size limit.
          return FetchReport.permanent(
              status,
              Failure.TOO_LARGE,
              "response header over the limit: " + peerText(t.getMessage()));
        }
        if (t instanceof BodyTooLarge) {
          return FetchReport.permanent(status, Failure.TOO_LARGE, t.getMessage());
        }
        if (t instanceof SSLException) {
          return FetchReport.transientFailure(
              status, Failure.TLS, "TLS: " + peerText(t.getMessage()));
        }
        if (t instanceof UnknownHostException) {
          return FetchReport.transientFailure(status, Failure.DNS, peerText(t.getMessage()));
        }
        if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
          // SocketTimeoutException is one; so is HttpClient's ConnectTimeoutException.
          return timedOut(status);
        }
      }
      return FetchReport.transientFailure(
          status, Failure.CONNECT, "connection failed: " + peerText(unwrap(e).toString()));
    }
  }

  /**
   * An exception's text, which may quote what the peer sent (a malformed chunk header, a
   * certificate's names), made one printable line: it reaches traces, logs and reports.
   */
  private static String peerText(String text) {
    return Printable.escape(text, MAX_DETAIL_LENGTH);
  }

  private static <T> FutureCallback<T> completing(CompletableFuture<T> future) {
    return new FutureCallback<>() {
      @Override
      public void completed(T value) {
        future.complete(value);
      }

      @Override
      public void failed(Exception e) {
        future.completeExceptionally(e);
      }

      @Override
      public void cancelled() {
        future.completeExceptionally(new CancellationException("exchange cancelled"));
      }
    };
  }

  private static boolean notConnected(Throwable failure) {
    Throwable t = unwrap(failure);
    return t instanceof ConnectException
        || t instanceof ConnectTimeoutException
        || t instanceof NoRouteToHostException;
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static URI resolve(URI from, String location) {
    try {
      URI next = from.resolve(new URI(location));
      return next.getHost() == null ? null : next;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static FetchReport checkRedirect(URI next, int status, Set<URI> seen) {
    if (next == null) {
      return FetchReport.permanent(status, Failure.HTTP_STATUS, "invalid redirect Location");
    }
    String scheme = next.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https")) {
      return FetchReport.permanent(status, Failure.REDIRECT_NOT_HTTPS, "redirect to " + scheme);
    }
    if (seen.contains(normal(next))) {
      return FetchReport.permanent(status, Failure.REDIRECT_LOOP, "redirect loop");
    }
    return null;
  }

  private static URI normal(URI uri) {
    try {
      URI n = uri.normalize();
      String scheme = n.getScheme().toLowerCase(Locale.ROOT);
      int defaultPort = scheme.equals("https") ? 443 : 80;
      // https://h/p and https://h:443/p are one URL: loops alternating the two forms stop at once.
      return new URI(
          scheme,
          null,
          n.getHost().toLowerCase(Locale.ROOT),
          n.getPort() == -1 ? defaultPort : n.getPort(),
          n.getPath(),
          n.getQuery(),
          null);
    } catch (URISyntaxException e) {
      return uri;
    }
  }

  private FetchReport outcome(Answer answer) {
    int code = answer.status();
    if (code != 200) {
      String detail = "HTTP " + code;
      return code >= 500
          ? FetchReport.transientFailure(code, Failure.HTTP_STATUS, detail)
          : FetchReport.permanent(code, Failure.HTTP_STATUS, detail);
    }
    if (answer.body() == null) {
      return FetchReport.permanent(200, Failure.INVALID_JSON, "empty body");
    }
    WellKnownParser.Parsed parsed = WellKnownParser.parse(answer.body());
    return parsed.delegates()
        ? FetchReport.delegated(parsed.mServer(), cacheHeaders(answer))
        : FetchReport.permanent(200, parsed.failure(), parsed.problem());
  }

  private static CacheHeaders cacheHeaders(Answer a) {
    return new CacheHeaders(
        a.all("Cache-Control"), value(a, "Expires"), value(a, "Date"), value(a, "Age"));
  }

  private static String value(Answer a, String name) {
    Header h = a.first(name);
    return h == null ? null : h.getValue();
  }

  private FetchReport timedOut(Integer status) {
    Duration d = config.wellKnown().timeout();
    String text = d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    return FetchReport.transientFailure(status, Failure.TIMEOUT, "timed out after " + text);
  }

  /** TLS of every exchange: HTTP/1.1, the handshake within the fetch's whole timeout. */
  static TlsConfig tlsConfig(FedrouteConfig config) {
    return TlsConfig.custom()
        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
        .setHandshakeTimeout(timeout(config.wellKnown().timeout()))
        .build();
  }

  /** Connections of every exchange: the connect timeout, reads within the whole timeout. */
  static ConnectionConfig connectionConfig(FedrouteConfig config) {
    return ConnectionConfig.custom()
        .setConnectTimeout(timeout(config.wellKnown().connectTimeout()))
        .setSocketTimeout(timeout(config.wellKnown().timeout()))
        .build();
  }

  private static Timeout timeout(Duration d) {
    return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
  }

  /**
   * An exception an I/O thread of the client caught outside any exchange (an exchange's own
   * failures complete its fetch). HttpClient would log it as an error through SLF4J; it goes to
   * Fedroute's log instead, where the deployment's logging sees it beside Fedroute's other lines.
   */
  private static void ioThreadFailed(Exception e) {
    LOG.log(
        System.Logger.Level.WARNING,
        () -> "the .well-known client's I/O thread caught " + Printable.escape(e.toString(), 500),
        e);
  }

  /**
   * Stops the I/O threads; fetches under way end as failures. The threads are first asked to stop
   * and given up to {@link #SHUTDOWN_WAIT} to do so on their own: closing the client at once closes
   * each thread's selector under it while the thread still closes its channels, which HttpClient
   * logs as an error ({@code ClosedSelectorException}) at every undeploy.
   */
  @Override
  public void close() {
    if (tlsProxy != null) {
      tlsProxy.close();
    }
    try {
      client.initiateShutdown();
      client.awaitShutdown(SHUTDOWN_WAIT);
      client.close(CloseMode.IMMEDIATE);
      client.awaitShutdown(SHUTDOWN_WAIT);
    } catch (InterruptedException e) {
      client.close(CloseMode.IMMEDIATE);
      Thread.currentThread().interrupt();
    }
  }
}
