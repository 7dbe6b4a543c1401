package dev.fedroute.cli;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.Target;
import dev.fedroute.internal.net.PinnedTlsContext;
import dev.fedroute.internal.net.ProxyTunnel;
import dev.fedroute.internal.net.TlsNameVerifier;
import dev.fedroute.internal.time.Deadlines;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;

/**
 * Checks one address of one target for {@code --connect}: a TCP connection, a TLS handshake through
 * the library's pinned TLS path ({@link PinnedTlsContext}: SNI and certificate check for the
 * resolution's TLS name, on the configured PKIX trust), then {@code GET
 * /_matrix/federation/v1/version} with the resolution's {@code Host} header (HttpCore 5 on the
 * socket). Each probe ends by its deadline: the socket is closed when it passes. Thread-safe.
 *
 * @param tlsName the resolution's TLS name
 * @param hostHeader the resolution's {@code Host} header
 * @param pkix the PKIX trust manager under the TLS name check
 * @param userAgent the {@code User-Agent} header
 * @param connectTimeout the TCP connect timeout
 * @param deadline how long the whole probe may take
 * @param proxy the outbound proxy: an address it applies to is reached through its {@code CONNECT}
 *     tunnel ({@link ProxyTunnel}), the connect time then including the tunnel's opening
 */
record AddressProbe(
    String tlsName,
    String hostHeader,
    X509ExtendedTrustManager pkix,
    String userAgent,
    Duration connectTimeout,
    Duration deadline,
    FedrouteConfig.Proxy proxy) {

  /**
   * Probes one address; never throws for a network failure.
   *
   * @param target the target
   * @param address one of its addresses
   * @return what was found
   */
  AddressCheck probe(Target target, InetAddress address) {
    Found found = new Found(target, address);
    ChainRecorder chain = new ChainRecorder(pkix);
    Socket raw = new Socket();
    CompletableFuture<Boolean> expired = new CompletableFuture<>();
    Deadlines.completeAfter(expired, Boolean.TRUE, deadline)
        .thenAccept(
            late -> {
              if (late) {
                closeQuietly(raw);
              }
            });
    long start = System.nanoTime();
    try (raw) {
      InetSocketAddress destination = new InetSocketAddress(address, target.port());
      Optional<InetSocketAddress> proxied = ProxyTunnel.via(proxy, target.host(), destination);
      raw.connect(
          proxied.orElse(destination),
          (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
      raw.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, deadline.toMillis())));
      Socket transport =
          proxied.isPresent()
              ? ProxyTunnel.open(raw, proxy, pkix, target.host(), destination)
              : raw;
      found.connectTime = Duration.ofNanos(System.nanoTime() - start);
      SSLSocket tls =
          (SSLSocket)
              PinnedTlsContext.create(tlsName, chain)
                  .getSocketFactory()
                  .createSocket(transport, tlsName, target.port(), true);
      try (tls) {
        tls.startHandshake();
        SSLSession session = tls.getSession();
        found.tlsVersion = session.getProtocol();
        found.cipherSuite = session.getCipherSuite();
        found.certificates(chain.lastChain(), tlsName);
        return found.version(request(tls));
      }
    } catch (SSLException e) {
      found.certificates(chain.lastChain(), tlsName);
      return Boolean.FALSE.equals(found.tlsNameOk)
          ? found.failed("certificate_name", "the certificate does not prove " + tlsName)
          : found.failed(lateOr(expired, "tls"), "TLS handshake failed: " + describe(e, expired));
    } catch (SocketTimeoutException e) {
      return found.failed("timeout", "timed out: " + e.getMessage());
    } catch (IOException | HttpException e) {
      String code =
          found.tlsVersion != null ? "http" : found.connectTime != null ? "tls" : "connect";
      return found.failed(lateOr(expired, code), describe(e, expired));
    } finally {
      expired.complete(Boolean.FALSE);
    }
  }

  private String lateOr(CompletableFuture<Boolean> expired, String code) {
    return Boolean.TRUE.equals(expired.getNow(Boolean.FALSE)) ? "timeout" : code;
  }

  private String describe(Exception e, CompletableFuture<Boolean> expired) {
    if (Boolean.TRUE.equals(expired.getNow(Boolean.FALSE))) {
      return "no answer within " + deadline.toMillis() + " ms";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private Reply request(SSLSocket tls) throws IOException, HttpException {
    DefaultBHttpClientConnection connection = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
    connection.bind(tls);
    BasicClassicHttpRequest get = new BasicClassicHttpRequest(Method.GET, FederationCheck.PATH);
    get.setHeader(HttpHeaders.HOST, hostHeader);
    get.setHeader(HttpHeaders.USER_AGENT, userAgent);
    get.setHeader(HttpHeaders.ACCEPT, "application/json");
    get.setHeader(HttpHeaders.CONNECTION, "close");
    try (ClassicHttpResponse response =
        new HttpRequestExecutor().execute(get, connection, HttpCoreContext.create())) {
      HttpEntity entity = response.getEntity();
      String body = "";
      if (entity != null) {
        try (InputStream in = entity.getContent()) {
          body = new String(in.readNBytes(FederationCheck.MAX_BODY), StandardCharsets.UTF_8);
        }
      }
      return new Reply(response.getCode(), body);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing to end a probe that overran its deadline
    }
  }

  /** An HTTP answer. */
  private record Reply(int status, String body) {}

  /** What a probe found so far. */
  private static final class Found {
    private final Target target;
    private final InetAddress address;
    private Duration connectTime;
    private String tlsVersion;
    private String cipherSuite;
    private List<CertificateInfo> chain = List.of();
    private Boolean tlsNameOk;
    private Boolean leafMatchesHost;

    Found(Target target, InetAddress address) {
      this.target = target;
      this.address = address;
    }

    void certificates(List<X509Certificate> certs, String tlsName) {
      chain = certs.stream().map(CertificateInfo::of).toList();
      if (!certs.isEmpty()) {
        tlsNameOk = new TlsNameVerifier(tlsName).matches(certs.get(0));
        leafMatchesHost = new TlsNameVerifier(target.host()).matches(certs.get(0));
      }
    }

    AddressCheck version(Reply reply) {
      String name = null;
      String version = null;
      JsonValue body = JsonReport.body(reply.body());
      if (body instanceof JsonObject json && json.get("server") instanceof JsonObject server) {
        name = server.get("name") instanceof JsonString s ? s.getString() : null;
        version = server.get("version") instanceof JsonString s ? s.getString() : null;
      }
      return check(reply.status(), name, version, null, null);
    }

    AddressCheck failed(String code, String message) {
      return check(null, null, null, code, message);
    }

    private AddressCheck check(
        Integer status, String name, String version, String code, String message) {
      return new AddressCheck(
          target.host(),
          target.port(),
          address,
          connectTime,
          tlsVersion,
          cipherSuite,
          chain,
          tlsNameOk,
          leafMatchesHost,
          status,
          name,
          version,
          code,
          message);
    }
  }
}
