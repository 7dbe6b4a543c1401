package dev.fedroute.cli;

import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.jakarta.FederationRequestFilter;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Records, for the request of {@code --connect} that got a response, where it went and which
 * certificate the peer presented.
 *
 * <p>How: it is the PKIX trust manager under the federation clients' TLS name check, so it sees the
 * chain of every handshake it accepts; a response filter, which runs only once a response arrived,
 * takes the request's {@link FederationRequestFilter#DESTINATION} and the chain of the last
 * handshake. The CLI sends one request and failover tries destinations one after the other, so the
 * last handshake is the answering connection's, and it passed the TLS name check, or there would be
 * no response. Works with any connector; nothing in the library changes for it.
 *
 * <p>Meant for one request at a time; the fields are volatile so that a response filter on another
 * thread sees them.
 */
final class PeerRecorder extends ChainRecorder implements ClientResponseFilter {
  private volatile InetSocketAddress destination;
  private volatile String certificateSubject;

  /**
   * A recorder around the trust manager that does the real check.
   *
   * @param pkix the PKIX trust manager
   */
  PeerRecorder(X509ExtendedTrustManager pkix) {
    super(pkix);
  }

  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response) {
    if (request.getProperty(FederationRequestFilter.DESTINATION) instanceof InetSocketAddress d) {
      destination = d;
    }
    List<X509Certificate> chain = lastChain();
    certificateSubject =
        chain.isEmpty()
            ? null
            : chain.get(0).getSubjectX500Principal().getName(X500Principal.RFC2253);
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
