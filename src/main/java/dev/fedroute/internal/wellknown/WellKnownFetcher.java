package dev.fedroute.internal.wellknown;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.WellKnownResult.Failure;
import dev.fedroute.internal.net.AddressFilter;
import dev.fedroute.internal.net.AddressLookup;
import dev.fedroute.internal.net.RequestedHostVerifier;
import dev.fedroute.internal.net.TlsContexts;
import dev.fedroute.internal.text.Printable;
import dev.fedroute.internal.time.Deadlines;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.util.Timeout;

/**
 * Performs one {@code .well-known/matrix/server} fetch: HTTPS GET to the host (its addresses from
 * Fedroute's DNS, blocked ones removed), redirects followed here (https only, loop and count
 * limits, every hop resolved and checked again), body size limit, and one deadline for everything
 * that cancels the request when it passes. Never reuses a connection. Thread-safe; blocking.
 */
final class WellKnownFetcher implements AutoCloseable {
  static final String PATH = "/.well-known/matrix/server";

  /** The most characters of an exception's text kept in a failure's detail. */
  private static final int MAX_DETAIL_LENGTH = 300;

  private final FedrouteConfig config;
  private final CloseableHttpClient client;

  WellKnownFetcher(FedrouteConfig config, AddressLookup resolver, AddressFilter filter) {
    this.config = config;
    int port = config.wellKnown().port();
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(new HttpClientDns(resolver, filter))
                    // HttpClient's own name check accepts a subject CN without SANs and partial or
                    // multi-label wildcards: Fedroute's rules (RFC 6125, as for federation) must
                    // hold as well.
                    .setTlsSocketStrategy(
                        new DefaultClientTlsStrategy(
                            TlsContexts.clientContext(config),
                            HostnameVerificationPolicy.BOTH,
                            RequestedHostVerifier.INSTANCE))
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(timeout(config.wellKnown().connectTimeout()))
                            .setSocketTimeout(timeout(config.wellKnown().timeout()))
                            .build())
                    .setMaxConnPerRoute(64)
                    .setMaxConnTotal(256)
                    .build())
            // The route planner asks only for a missing port; the connection manager keeps the
            // default resolver, which honours an explicit port (a redirect to https://h:8443/).
            .setSchemePortResolver(host -> port)
            .setConnectionReuseStrategy((request, response, context) -> false)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .setUserAgent(config.userAgent())
            .build();
  }

  /**
   * Fetches a host's {@code .well-known}. Never throws.
   *
   * @param host the lower-case host
   * @return the outcome
   */
  FetchReport fetch(String host) {
    long deadline = System.nanoTime() + config.wellKnown().timeout().toNanos();
    URI uri = URI.create("https://" + host + PATH);
    Set<URI> seen = new HashSet<>();
    for (int redirects = 0; ; redirects++) {
      seen.add(normal(uri));
      Hop hop = request(uri, deadline);
      if (hop.outcome() != null) {
        return hop.outcome().afterRedirects(redirects);
      }
      if (redirects >= config.wellKnown().maxRedirects()) {
        return FetchReport.permanent(
                hop.status(),
                Failure.REDIRECT_LIMIT,
                "too many redirects (more than " + config.wellKnown().maxRedirects() + ")")
            .afterRedirects(redirects);
      }
      URI next = resolve(uri, hop.location());
      FetchReport refused = checkRedirect(next, hop.status(), seen);
      if (refused != null) {
        return refused.afterRedirects(redirects);
      }
      uri = next;
    }
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

  /** One response: a redirect to follow (status and location) or a final outcome. */
  private record Hop(int status, String location, FetchReport outcome) {}

  private Hop request(URI uri, long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return new Hop(0, null, timedOut(null));
    }
    HttpGet get = new HttpGet(uri);
    get.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofNanoseconds(left)).build());
    // The JDK's shared delay scheduler cancels the request at the deadline: no thread of our own
    // (none to leak in an application server).
    CompletableFuture<Boolean> timedOut = new CompletableFuture<>();
    Deadlines.completeAfter(timedOut, Boolean.TRUE, Duration.ofNanos(left))
        .thenAccept(
            expired -> {
              if (expired) {
                get.cancel();
              }
            });
    HttpClientDns.deadline(deadline);
    ClassicHttpResponse response = null;
    try {
      response = client.executeOpen(null, get, null);
      return answer(response, deadline);
    } catch (IOException | RuntimeException e) {
      return new Hop(0, null, failure(e, response == null ? null : response.getCode(), deadline));
    } finally {
      // Aborting first keeps close() from draining the rest of a large or dripping body.
      get.cancel();
      closeQuietly(response);
      HttpClientDns.clearDeadline();
      timedOut.complete(Boolean.FALSE);
    }
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    if (response != null) {
      try {
        response.close();
      } catch (IOException e) {
        // the connection was aborted on purpose
      }
    }
  }

  private Hop answer(ClassicHttpResponse response, long deadline) throws IOException {
    int status = response.getCode();
    if (List.of(301, 302, 303, 307, 308).contains(status)) {
      Header location = response.getFirstHeader("Location");
      return location == null
          ? new Hop(
              status,
              null,
              FetchReport.permanent(status, Failure.HTTP_STATUS, "redirect without Location"))
          : new Hop(status, location.getValue(), null);
    }
    if (status != 200) {
      String detail = "HTTP " + status;
      return new Hop(
          status,
          null,
          status >= 500
              ? FetchReport.transientFailure(status, Failure.HTTP_STATUS, detail)
              : FetchReport.permanent(status, Failure.HTTP_STATUS, detail));
    }
    return new Hop(status, null, body(response, deadline));
  }

  private FetchReport body(ClassicHttpResponse response, long deadline) throws IOException {
    int limit = config.wellKnown().maxBodyBytes();
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      return FetchReport.permanent(200, Failure.INVALID_JSON, "empty body");
    }
    if (entity.getContentLength() > limit) {
      return tooLarge(limit);
    }
    byte[] buf = new byte[limit + 1];
    int n = 0;
    InputStream in = entity.getContent();
    while (n < buf.length) {
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
      if (System.nanoTime() - deadline >= 0) {
        return timedOut(200);
      }
    }
    if (n > limit) {
      return tooLarge(limit);
    }
    byte[] body = Arrays.copyOf(buf, n);
    WellKnownParser.Parsed parsed = WellKnownParser.parse(body);
    return parsed.delegates()
        ? FetchReport.delegated(parsed.mServer(), cacheHeaders(response))
        : FetchReport.permanent(200, parsed.failure(), parsed.problem());
  }

  private static FetchReport tooLarge(int limit) {
    return FetchReport.permanent(200, Failure.TOO_LARGE, "body over " + limit + " bytes");
  }

  private static CacheHeaders cacheHeaders(ClassicHttpResponse r) {
    List<String> cc = Arrays.stream(r.getHeaders("Cache-Control")).map(Header::getValue).toList();
    return new CacheHeaders(cc, value(r, "Expires"), value(r, "Date"), value(r, "Age"));
  }

  private static String value(ClassicHttpResponse r, String name) {
    Header h = r.getFirstHeader(name);
    return h == null ? null : h.getValue();
  }

  private FetchReport failure(Exception e, Integer status, long deadline) {
    if (System.nanoTime() - deadline >= 0) {
      return timedOut(status);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpClientDns.BlockedDestinationException) {
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
        status, Failure.CONNECT, "connection failed: " + peerText(e.toString()));
  }

  /**
   * An exception's text, which may quote what the peer sent (a malformed chunk header, a
   * certificate's names), made one printable line: it reaches traces, logs and reports.
   */
  private static String peerText(String text) {
    return Printable.escape(text, MAX_DETAIL_LENGTH);
  }

  private FetchReport timedOut(Integer status) {
    Duration d = config.wellKnown().timeout();
    String text = d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    return FetchReport.transientFailure(status, Failure.TIMEOUT, "timed out after " + text);
  }

  private static Timeout timeout(Duration d) {
    return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
