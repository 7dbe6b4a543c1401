package dev.fedroute.cli;

import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.jakarta.FederationRequestFilter;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URL;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;
import org.glassfish.jersey.client.JerseyClientBuilder;

/**
 * Supplies the Jersey client builders of {@code --connect} and records, for the request that got a
 * response, where it went and which certificate the peer presented.
 *
 * <p>How the certificate is captured: the clients use Jersey's default connector ({@code
 * HttpURLConnection}) with a connection factory that remembers the last connection it opened; a
 * response filter, which runs only once a response arrived, reads the request's {@link
 * FederationRequestFilter#DESTINATION} and that connection's {@link
 * HttpsURLConnection#getServerCertificates()}. That is the chain of the very connection that
 * carried the request (also a reused keep-alive one, and also for an IP literal, where the JDK
 * never calls the hostname verifier), and it passed the pinned TLS name check, or there would be no
 * response. Nothing in the library changes for it.
 *
 * <p>Meant for one request at a time (the CLI sends one, failover attempts run one after the
 * other); the fields are volatile so that a response filter on another thread sees them.
 */
final class PeerRecorder
    implements HttpUrlConnectorProvider.ConnectionFactory, ClientResponseFilter {
  private volatile HttpURLConnection lastOpened;
  private volatile InetSocketAddress destination;
  private volatile String certificateSubject;

  /**
   * A fresh Jersey builder whose clients report to this recorder.
   *
   * @return the builder
   */
  ClientBuilder clientBuilder() {
    ClientConfig config =
        new ClientConfig()
            .connectorProvider(new HttpUrlConnectorProvider().connectionFactory(this));
    return new JerseyClientBuilder().withConfig(config).register(this, ClientResponseFilter.class);
  }

  @Override
  public HttpURLConnection getConnection(URL url) throws IOException {
    return remember(url.openConnection());
  }

  @Override
  public HttpURLConnection getConnection(URL url, Proxy proxy) throws IOException {
    return remember(proxy == null ? url.openConnection() : url.openConnection(proxy));
  }

  private HttpURLConnection remember(Object connection) throws IOException {
    if (!(connection instanceof HttpURLConnection http)) {
      throw new IOException("not an HTTP connection: " + connection);
    }
    lastOpened = http;
    return http;
  }

  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response) {
    if (request.getProperty(FederationRequestFilter.DESTINATION) instanceof InetSocketAddress d) {
      destination = d;
    }
    certificateSubject = subjectOf(lastOpened);
  }

  private static String subjectOf(HttpURLConnection connection) {
    if (!(connection instanceof HttpsURLConnection https)) {
      return null;
    }
    try {
      Certificate[] chain = https.getServerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf
          ? leaf.getSubjectX500Principal().getName(X500Principal.RFC2253)
          : null;
    } catch (SSLPeerUnverifiedException | IllegalStateException e) {
      return null;
    }
  }

  /**
   * Where the answered request went.
   *
   * @return {@code ip:port}, {@code [v6]:port} for IPv6, or empty before a response
   */
  Optional<String> address() {
    InetSocketAddress d = destination;
    if (d == null) {
      return Optional.empty();
    }
    return Optional.of(IpAddresses.authority(IpAddresses.toText(d.getAddress()), d.getPort()));
  }

  /**
   * The RFC 2253 subject of the answering peer's leaf certificate.
   *
   * @return the subject, or empty
   */
  Optional<String> certificateSubject() {
    return Optional.ofNullable(certificateSubject);
  }
}
