package dev.fedroute.internal.wellknown;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.internal.net.RequestedHostVerifier;
import dev.fedroute.internal.wellknown.CappedBodyConsumer.Answer;
import dev.fedroute.internal.wellknown.CappedBodyConsumer.BodyTooLarge;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * {@code .well-known} exchanges through an {@code https://} proxy, which HttpClient 5's
 * asynchronous client cannot carry (it cannot run the host's TLS inside the proxy's TLS). Its
 * classic client can: it connects to the proxy with TLS (the proxy's certificate must prove the
 * proxy's host, as every certificate Fedroute checks), sends {@code CONNECT} (answering a {@code
 * 407} with the proxy's credentials), then layers the host's TLS on the proxy's TLS socket, with
 * the URL's host as SNI and name to check. Each exchange holds a thread while it waits: at most
 * {@link #THREADS}, which exist only while exchanges run (they end after {@link #IDLE_SECONDS}
 * idle); at most {@link #QUEUED} more wait for one, further exchanges fail at once. The fetch's
 * deadline cancels an exchange (its connection is closed), waiting or not; the body is capped as on
 * the asynchronous path. The route, the checked address and the proxy's name resolution are the
 * asynchronous client's ({@link PinnedAddressRoutes}). Thread-safe.
 */
final class TlsProxyExchanges implements AutoCloseable {
  /** The most exchanges through the proxy at once, each on a thread of its own. */
  static final int THREADS = 8;

  /** The most exchanges waiting for a thread; more fail as connection failures. */
  static final int QUEUED = 256;

  /** How long an idle thread is kept. */
  static final int IDLE_SECONDS = 10;

  /** Context attribute: the request went through the tunnel (the answer is not the proxy's). */
  private static final String PASSED = "dev.fedroute.wellKnown.tunnelPassed";

  private final int maxBody;
  private final ProxyRoutes proxy;
  private final CloseableHttpClient client;
  private final ThreadPoolExecutor threads;

  TlsProxyExchanges(FedrouteConfig config, ProxyRoutes proxy, SSLContext tls) {
    String proxyHost = config.proxy().host();
    int proxyPort = config.proxy().port();
    this.maxBody = config.wellKnown().maxBodyBytes();
    this.proxy = proxy;
    this.client =
        proxy
            .configure(HttpClientBuilder.create())
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(new PinnedAddressRoutes.NoNameResolution(proxy))
                    .setTlsSocketStrategy(proxyThenHost(proxyHost, proxyPort, tls))
                    .setDefaultTlsConfig(WellKnownFetcher.tlsConfig(config))
                    .setDefaultConnectionConfig(WellKnownFetcher.connectionConfig(config))
                    .setMaxConnPerRoute(THREADS)
                    .setMaxConnTotal(THREADS)
                    .build())
            .setRoutePlanner(new PinnedAddressRoutes(proxy))
            .setConnectionReuseStrategy(WellKnownFetcher.KEEP_ONLY_CONNECT)
            .addExecInterceptorAfter(
                ChainElement.CONNECT.name(),
                "fedroute-tunnel-passed",
                (request, scope, chain) -> {
                  scope.clientContext.setAttribute(PASSED, Boolean.TRUE);
                  return chain.proceed(request, scope);
                })
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .setUserAgent(config.userAgent())
            .build();
    this.threads =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUED),
            new DefaultThreadFactory("fedroute-wellknown-tls-proxy", true));
    threads.allowCoreThreadTimeOut(true);
  }

  /**
   * Starts one exchange through the proxy.
   *
   * @param target the hop's target: the URL's host, with the checked address unless by name
   * @param uri the URL
   * @param context the context, saying that the route goes through the proxy
   * @param nanosLeft the time left before the fetch's deadline
   * @param onStatus told the host's status as soon as its answer's head arrives
   * @param answer completed with the host's answer, or failed: {@link ProxyRoutes.NoTunnel} when
   *     the proxy refused the tunnel, the I/O failure otherwise
   * @return the exchange; cancelling it closes its connection
   */
  Future<Answer> execute(
      HttpHost target,
      URI uri,
      HttpClientContext context,
      long nanosLeft,
      IntConsumer onStatus,
      CompletableFuture<Answer> answer) {
    HttpGet get = new HttpGet(uri);
    get.setConfig(
        RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.ofNanoseconds(nanosLeft))
            .setResponseTimeout(Timeout.ofNanoseconds(nanosLeft))
            .build());
    FutureTask<Answer> task =
        new FutureTask<>(
            () -> client.execute(target, get, context, r -> read(r, context, onStatus))) {
          @Override
          public boolean cancel(boolean mayInterrupt) {
            get.cancel(); // closes the connection: a blocked read or handshake ends now
            return super.cancel(mayInterrupt);
          }

          @Override
          protected void done() {
            complete(this, context, answer);
          }
        };
    try {
      threads.execute(task);
    } catch (RejectedExecutionException e) {
      answer.completeExceptionally(
          new IOException(
              "too many .well-known fetches through the proxy at once (more than "
                  + (THREADS + QUEUED)
                  + ")",
              e));
    }
    return task;
  }

  private Answer read(ClassicHttpResponse response, HttpClientContext context, IntConsumer onStatus)
      throws IOException {
    boolean passed = Boolean.TRUE.equals(context.getAttribute(PASSED));
    if (passed) {
      onStatus.accept(response.getCode());
    }
    HttpEntity entity = response.getEntity();
    byte[] body = null;
    if (entity != null && passed && entity.getContentLength() != 0) {
      if (entity.getContentLength() > maxBody) {
        throw new BodyTooLarge(maxBody);
      }
      try (InputStream in = entity.getContent()) {
        body = in.readNBytes(maxBody + 1);
      }
      if (body.length > maxBody) {
        throw new BodyTooLarge(maxBody);
      }
    }
    return new Answer(response.getCode(), List.of(response.getHeaders()), body);
  }

  private void complete(
      FutureTask<Answer> task, HttpClientContext context, CompletableFuture<Answer> answer) {
    if (task.isCancelled()) {
      answer.completeExceptionally(new CancellationException("exchange cancelled"));
      return;
    }
    try {
      Answer a = task.get();
      if (Boolean.TRUE.equals(context.getAttribute(PASSED))) {
        answer.complete(a);
      } else {
        // the proxy's answer to CONNECT, not the host's
        answer.completeExceptionally(new ProxyRoutes.NoTunnel(proxy.refused(a.status())));
      }
    } catch (ExecutionException e) {
      answer.completeExceptionally(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.completeExceptionally(e);
    }
  }

  /**
   * HttpClient's TLS with Fedroute's name rules, first to the proxy, then to the host. The classic
   * client names the TLS to the first hop after the route's target name even when that hop is the
   * proxy; every connection of this client goes through the proxy, so the TLS layered on a plain
   * socket is the proxy's (its host's name to send and check) and the TLS layered on the proxy's
   * TLS socket is the host's (the name the client gives).
   */
  private static TlsSocketStrategy proxyThenHost(String proxyHost, int proxyPort, SSLContext tls) {
    TlsSocketStrategy strategy =
        new DefaultClientTlsStrategy(
            tls, HostnameVerificationPolicy.BOTH, RequestedHostVerifier.INSTANCE);
    return (socket, target, port, attachment, context) ->
        socket instanceof SSLSocket
            ? strategy.upgrade(socket, target, port, attachment, context)
            : strategy.upgrade(socket, proxyHost, proxyPort, attachment, context);
  }

  private static Timeout timeout(long millis) {
    return Timeout.ofMilliseconds(Math.max(1, millis));
  }

  /** Ends the threads and closes every connection; exchanges under way fail. */
  @Override
  public void close() {
    threads.shutdownNow();
    client.close(CloseMode.IMMEDIATE);
  }
}
