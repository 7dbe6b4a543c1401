package dev.fedroute.cli;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.jakarta.FederationClientSettings;
import dev.fedroute.jakarta.FederationClients;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import javax.net.ssl.X509ExtendedTrustManager;
import org.glassfish.jersey.client.JerseyClientBuilder;

/**
 * The CLI's {@code --connect}: sends {@code GET /_matrix/federation/v1/version} to a resolved
 * server name through the library's own federation path, {@link FederationClients#request(String,
 * String)} (failover across targets and addresses, the {@code FederationRequestFilter},
 * per-TLS-name clients with pinned SNI and certificate check), wired without a container on Jersey
 * (with the Apache HttpClient 5 connector the library chooses for it). The peer certificate is read
 * by {@link PeerRecorder}. Stateless.
 */
final class FederationCheck {
  /** The request path. */
  static final String PATH = "/_matrix/federation/v1/version";

  /** Bodies are read up to this many bytes; a longer one is cut (and then shown as text). */
  static final int MAX_BODY = 64 * 1024;

  private FederationCheck() {}

  /**
   * Sends the request and waits for the response (the resolver's cached resolution is reused).
   *
   * @param resolver the resolver that resolved the name; not closed here
   * @param name the server name
   * @param config the configuration (its {@code unreachableFor} is used)
   * @param pkix the PKIX trust manager of the configuration's trust store
   * @param connectTimeout the connect timeout of each attempt
   * @param readTimeout the read timeout
   * @return the outcome: any HTTP status is an answer; {@code tls_failure} or {@code
   *     connect_failure} when no destination answered
   */
  static Connection connect(
      ServerNameResolver resolver,
      ServerName name,
      FedrouteConfig config,
      X509ExtendedTrustManager pkix,
      Duration connectTimeout,
      Duration readTimeout) {
    return get(resolver, name, config, pkix, PATH, connectTimeout, readTimeout);
  }

  /**
   * Sends {@code GET path} the same way as {@link #connect}.
   *
   * @param resolver the resolver that resolved the name; not closed here
   * @param name the server name
   * @param config the configuration
   * @param pkix the PKIX trust manager of the configuration's trust store
   * @param path the request path
   * @param connectTimeout the connect timeout of each attempt
   * @param readTimeout the read timeout
   * @return the outcome
   */
  static Connection get(
      ServerNameResolver resolver,
      ServerName name,
      FedrouteConfig config,
      X509ExtendedTrustManager pkix,
      String path,
      Duration connectTimeout,
      Duration readTimeout) {
    PeerRecorder peer = new PeerRecorder(pkix);
    try (FederationClients clients =
        FederationClients.builder(resolver)
            .config(config)
            .timeouts(
                connectTimeout, readTimeout, FederationClientSettings.defaults().idleTimeout(), 1)
            .clientBuilder(JerseyClientBuilder::new)
            .trustManager(peer)
            .register(peer, Priorities.USER)
            .build()) {
      try (Response response =
          clients.request(name.text(), path).accept(MediaType.APPLICATION_JSON).get()) {
        String body = body(response);
        return Connection.answered(
            peer.address().orElseThrow(() -> new IllegalStateException("no destination seen")),
            response.getStatus(),
            peer.certificateSubject().orElse(null),
            body);
      } catch (ProcessingException | UncheckedIOException e) {
        return Connection.failed(requestFailure(e, name, path));
      }
    }
  }

  /**
   * The failure of the request as a {@link FedrouteException}: the failover path's own ({@code
   * tls_failure}, {@code connect_failure}, or a resolution error), else a {@code connect_failure}
   * describing what went wrong after connecting (for example a read timeout).
   */
  static FedrouteException requestFailure(RuntimeException e, ServerName name, String path) {
    if (e.getCause() instanceof FedrouteException fe) {
      return fe.getCause() == null
          ? fe
          : new FedrouteException(fe.code(), fe.getMessage() + "; last: " + root(fe), fe);
    }
    return new FedrouteException(
        ErrorCode.CONNECT_FAILURE, "GET " + path + " on " + name + " failed: " + root(e), e);
  }

  private static Throwable root(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && depth < 16; depth++) {
      root = root.getCause();
    }
    return root;
  }

  private static String body(Response response) {
    if (!response.hasEntity()) {
      return "";
    }
    try (InputStream in = response.readEntity(InputStream.class)) {
      return new String(in.readNBytes(MAX_BODY), charset(response.getMediaType()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Charset charset(MediaType type) {
    String name = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
