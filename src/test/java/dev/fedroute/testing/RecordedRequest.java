package dev.fedroute.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as an {@link HttpsTestServer} received it. Immutable.
 *
 * @param sequence 1 for the server's first request, counting up
 * @param connectionId the TCP connection it came on (equal ids: the same connection)
 * @param sni the SNI host name the client sent, or {@code null} (none, or plain HTTP)
 * @param tls whether the connection was HTTPS
 * @param method the request method
 * @param target the request target, path and query ({@code /a/b?c=d})
 * @param headers the header fields by lower-case name, values in order
 * @param body the request body (empty when none)
 */
public record RecordedRequest(
    int sequence,
    int connectionId,
    String sni,
    boolean tls,
    String method,
    String target,
    Map<String, List<String>> headers,
    byte[] body) {

  /** Copies the mutable parts. */
  public RecordedRequest {
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  /**
   * The {@code Host} header as sent, or {@code null}.
   *
   * @return the Host header
   */
  public String host() {
    return header("host");
  }

  /**
   * The Host header without a port, lower case, or {@code null}.
   *
   * @return the host name
   */
  public String hostName() {
    String h = host();
    if (h == null) {
      return null;
    }
    int colon = h.lastIndexOf(':');
    int bracket = h.lastIndexOf(']');
    String name = colon > bracket ? h.substring(0, colon) : h;
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * The target's path, without the query.
   *
   * @return the path
   */
  public String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /**
   * The first value of a header.
   *
   * @param name the name, any case
   * @return the value, or {@code null}
   */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The body as UTF-8 text.
   *
   * @return the body
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
