package dev.fedroute.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.ProxyExemption;
import dev.fedroute.testing.ProxyTestServer;
import dev.fedroute.testing.TestCa;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ProxyTunnel} (the CLI's per-address checks) against the loopback {@code CONNECT} proxy:
 * the tunnel leads to the checked address (or the name), over an {@code https://} proxy only after
 * the proxy proved its host, and a refusal is a {@link ConnectException} naming the proxy. The
 * destination is a plain TCP server on 127.0.0.1 that greets each connection.
 */
class ProxyTunnelTest {
  private static final TestCa CA = TestCa.create("Proxy tunnel CA");
  private static final byte[] GREETING =
      "hello through the tunnel\n".getBytes(StandardCharsets.UTF_8);

  private ServerSocket destination;
  private ProxyTestServer proxy;

  @BeforeEach
  void startDestination() throws IOException {
    destination = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    CompletableFuture.runAsync(
        () -> {
          while (!destination.isClosed()) {
            try (Socket s = destination.accept()) {
              s.getOutputStream().write(GREETING);
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  @AfterEach
  void stop() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    destination.close();
  }

  /** An https:// proxy on 127.0.0.2 whose certificate proves the given address. */
  private static ProxyTestServer httpsProxyProving(String ip) {
    return ProxyTestServer.on("127.0.0.2").tls(CA.leaf("proxy").ip(ip).issue().serverContext());
  }

  private static X509ExtendedTrustManager pkix() {
    return (X509ExtendedTrustManager) CA.trustManager();
  }

  private FedrouteConfig.Proxy config(UnaryOperator<FedrouteConfig.Builder> tweak) {
    return tweak
        .apply(FedrouteConfig.builder().proxyUrl(Optional.of(URI.create(proxy.url()))))
        .build()
        .proxy();
  }

  private InetSocketAddress checked() {
    return new InetSocketAddress(destination.getInetAddress(), destination.getLocalPort());
  }

  /** Connects to the proxy as {@code via} says, opens the tunnel and reads the greeting. */
  private String through(FedrouteConfig.Proxy config, String host) throws IOException {
    InetSocketAddress to = checked();
    InetSocketAddress first = ProxyTunnel.via(config, host, to).orElseThrow();
    try (Socket raw = new Socket()) {
      raw.connect(first, 5_000);
      raw.setSoTimeout(5_000);
      Socket tunnel = ProxyTunnel.open(raw, config, pkix(), host, to);
      return new String(
          tunnel.getInputStream().readNBytes(GREETING.length), StandardCharsets.UTF_8);
    }
  }

  @Test
  void anHttpsProxyProvesItsHostThenTunnelsToTheCheckedAddressWithTheCredentials()
      throws IOException {
    proxy = httpsProxyProving("127.0.0.2").credentials("cli", "pw").start();

    String read = through(config(b -> b.proxyUsername("cli").proxyPassword("pw")), "d.test");

    assertThat(read).isEqualTo(new String(GREETING, StandardCharsets.UTF_8));
    assertThat(proxy.connects())
        .containsExactly(
            new ProxyTestServer.Connect(
                "127.0.0.1:" + destination.getLocalPort(),
                "Basic "
                    + Base64.getEncoder().encodeToString("cli:pw".getBytes(StandardCharsets.UTF_8)),
                200));
  }

  @Test
  void anHttpsProxyWhoseCertificateDoesNotProveItsHostGetsNoConnect() throws IOException {
    proxy = httpsProxyProving("127.0.0.3").start();

    assertThatThrownBy(() -> through(config(b -> b), "d.test")).isInstanceOf(IOException.class);
    assertThat(proxy.connects()).isEmpty();
  }

  @Test
  void connectByNameTunnelsToTheHostName() throws IOException {
    proxy = ProxyTestServer.on("127.0.0.2").start();
    proxy.resolve("d.test", InetAddress.getByName("127.0.0.1"));

    String read =
        through(config(b -> b.proxyConnectBy(FedrouteConfig.Proxy.ConnectBy.NAME)), "d.test");

    assertThat(read).isEqualTo(new String(GREETING, StandardCharsets.UTF_8));
    assertThat(proxy.tunnels()).containsExactly("d.test:" + destination.getLocalPort());
  }

  @Test
  void aRefusedTunnelIsAConnectExceptionNamingTheProxy() throws IOException {
    proxy = ProxyTestServer.on("127.0.0.2").credentials("cli", "pw").start();

    assertThatThrownBy(
            () -> through(config(b -> b.proxyUsername("cli").proxyPassword("wrong")), "d.test"))
        .isInstanceOf(ConnectException.class)
        .hasMessage(
            "the proxy "
                + proxy.url()
                + " refused the tunnel to 127.0.0.1:"
                + destination.getLocalPort()
                + ": HTTP 407")
        .hasMessageNotContaining("wrong");
  }

  @Test
  void aNoProxyEntryMeansNoTunnel() throws IOException {
    proxy = ProxyTestServer.on("127.0.0.2").start();
    FedrouteConfig.Proxy config =
        config(b -> b.proxyNoProxy(List.of(ProxyExemption.parse("d.test"))));

    assertThat(ProxyTunnel.via(config, "d.test", checked())).isEmpty();
    assertThat(ProxyTunnel.via(config, "e.test", checked()))
        .contains(new InetSocketAddress("127.0.0.2", proxy.port()));
    assertThat(proxy.connects()).isEmpty();
  }

  @Test
  void theTunnelSocketOfAnHttpsProxyIsItsTls() throws IOException {
    proxy = httpsProxyProving("127.0.0.2").start();
    FedrouteConfig.Proxy config = config(b -> b);
    try (Socket raw = new Socket()) {
      raw.connect(ProxyTunnel.via(config, "d.test", checked()).orElseThrow(), 5_000);
      raw.setSoTimeout(5_000);
      assertThat(ProxyTunnel.open(raw, config, pkix(), "d.test", checked()))
          .isInstanceOf(SSLSocket.class);
    }
  }
}
