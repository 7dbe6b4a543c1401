package dev.fedroute.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

/** SNI and name pinning of {@link PinnedTlsContext}, against a real TLS server on loopback. */
class PinnedTlsContextTest {
  private static final TestCa CA = TestCa.create("Pinned CA");

  private static X509ExtendedTrustManager pkix() {
    return (X509ExtendedTrustManager) CA.trustManager();
  }

  @Test
  void socketsAndEnginesCarryTheTlsNameAsSni() throws IOException {
    SSLContext ctx = PinnedTlsContext.create("hs.example.test", pkix());
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
      assertThat(s.getSSLParameters().getServerNames())
          .containsExactly(new SNIHostName("hs.example.test"));
    }
    SSLEngine engine = ctx.createSSLEngine("127.0.0.1", 8448);
    assertThat(engine.getSSLParameters().getServerNames())
        .containsExactly(new SNIHostName("hs.example.test"));
    assertThat(ctx.getSocketFactory()).isSameAs(ctx.getSocketFactory());
  }

  @Test
  void anIpTlsNameSendsNoSni() {
    SSLContext ctx = PinnedTlsContext.create("::1", pkix());
    assertThat(ctx.createSSLEngine("::1", 8448).getSSLParameters().getServerNames()).isEmpty();
  }

  @Test
  void eachTlsNameHasItsOwnSessionCache() {
    SSLContext a = PinnedTlsContext.create("a.example.test", pkix());
    SSLContext b = PinnedTlsContext.create("b.example.test", pkix());
    assertThat(a.getClientSessionContext()).isNotSameAs(b.getClientSessionContext());
  }

  @Test
  void connectingByIpSendsTheNameAndChecksTheCertificateAgainstIt() throws IOException {
    try (HttpsTestServer server =
        HttpsTestServer.https(CA.issue("other.example.test"))
            .identity("hs.example.test", CA.issue("hs.example.test"))
            .start()) {
      server.defaultHandler(r -> TestResponse.text(200, "ok"));
      handshake(PinnedTlsContext.create("hs.example.test", pkix()), server.port());
      assertThat(server.connectionCount()).isEqualTo(1);

      SSLContext wrong = PinnedTlsContext.create("nothere.example.test", pkix());
      try {
        handshake(wrong, server.port());
        throw new AssertionError("a certificate for another name was accepted");
      } catch (SSLHandshakeException expected) {
        assertThat(expected).hasMessageContaining("nothere.example.test");
      }
    }
  }

  private static void handshake(SSLContext ctx, int port) throws IOException {
    try (Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), port);
        SSLSocket s =
            (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
      s.startHandshake();
      assertThat(List.of(s.getSession().getPeerCertificates())).isNotEmpty();
    }
  }
}
