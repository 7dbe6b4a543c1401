package dev.fedroute.internal.net;

import dev.fedroute.internal.text.IpAddresses;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;

/**
 * A {@link HostnameVerifier} that checks the peer's leaf certificate against the host the client
 * asked for (a DNS name, or an IP literal, IPv6 with or without brackets), with the rules of {@link
 * PinnedNameTrustManager}: subject alternative names only, never the subject CN; a wildcard only as
 * the whole left-most label, never for the bare parent, two labels, or a one-label suffix; an IP
 * literal only as an IP SAN; names compared case-insensitively. For clients, such as the {@code
 * .well-known} fetch, whose TLS name is the host of each request URL. Stateless and thread-safe.
 */
public final class RequestedHostVerifier implements HostnameVerifier {
  /** The verifier. */
  public static final RequestedHostVerifier INSTANCE = new RequestedHostVerifier();

  private RequestedHostVerifier() {}

  /**
   * Whether the session's peer certificate proves the host.
   *
   * @param host the host the client asked for
   * @param session the TLS session
   * @return true when the leaf certificate matches the host
   */
  @Override
  public boolean verify(String host, SSLSession session) {
    String bare = IpAddresses.unbracketed(host);
    return bare != null && !bare.isEmpty() && new TlsNameVerifier(bare).verify(bare, session);
  }

  @Override
  public String toString() {
    return "RequestedHostVerifier";
  }
}
