package dev.fedroute.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.ProxyTestServer;
import dev.fedroute.testing.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The outbound proxy of the in-container proxy suites: its configuration, written by the client
 * side into the test WAR's {@code META-INF/microprofile-config.properties} (the server's own
 * configuration sets no proxy), and the checks every server must pass. The proxy itself is a {@link
 * ProxyTestServer} started inside the server on the port the configuration names.
 */
public final class ItProxy {
  /** The Basic user name the proxy requires. */
  public static final String USER = "it-proxy-user";

  /** The password the proxy requires: in no log line. */
  public static final String PASSWORD = "it-Pr0xy-s3cret-9417";

  /** Where the configuration goes in the WAR. */
  public static final String CONFIG_RESOURCE = "META-INF/microprofile-config.properties";

  private ItProxy() {}

  /**
   * The WAR's MicroProfile Config: the proxy on 127.0.0.1 at a port free on this machine now.
   *
   * @return the properties file's text
   */
  public static String microprofileConfig() {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return String.join(
        "\n",
        "fedroute.proxy.url=http://127.0.0.1:" + port,
        "fedroute.proxy.username=" + USER,
        "fedroute.proxy.password=" + PASSWORD,
        "");
  }

  /**
   * The proxy, requiring the credentials, on the configured port.
   *
   * @param port the port of {@code fedroute.proxy.url}
   * @return the started proxy
   * @throws IOException when it cannot bind
   */
  public static ProxyTestServer start(int port) throws IOException {
    return ProxyTestServer.on("127.0.0.1").port(port).credentials(USER, PASSWORD).start();
  }

  /**
   * The credentials as the proxy receives them, Base64: as secret as the password.
   *
   * @return {@code user:password} in Base64
   */
  public static String encodedCredentials() {
    return Base64.getEncoder()
        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Every connection the destination servers accepted came through a tunnel of the proxy (one
   * tunnel each, so none went around it), each tunnel was opened with the credentials, after the
   * proxy's {@code 407} challenge, and no destination saw them.
   *
   * @param proxy the proxy
   * @param accepted the connections the destination servers accepted since they started
   * @param seen the requests they recorded
   */
  public static void everyConnectionCameThroughTheProxy(
      ProxyTestServer proxy, int accepted, List<RecordedRequest> seen) {
    assertThat(seen).isNotEmpty();
    assertThat(accepted)
        .as("connections the destinations accepted, one per tunnel")
        .isEqualTo(proxy.tunnels().size());
    assertThat(proxy.connects())
        .filteredOn(ProxyTestServer.Connect::tunnelled)
        .allSatisfy(
            c -> assertThat(c.proxyAuthorization()).isEqualTo("Basic " + encodedCredentials()));
    assertThat(seen).allSatisfy(r -> assertThat(r.header("Proxy-Authorization")).isNull());
  }

  /**
   * The server's log names the proxy (so it is the right log, and it logged the proxy's refusal)
   * and never shows its credentials.
   *
   * @param log the server's log text
   * @param proxyUrl the proxy's URL, as Fedroute names it
   */
  public static void logNamesTheProxyButNotItsCredentials(String log, String proxyUrl) {
    assertThat(log).contains("through the proxy " + proxyUrl);
    assertThat(log).doesNotContain(PASSWORD).doesNotContain(encodedCredentials());
  }
}
