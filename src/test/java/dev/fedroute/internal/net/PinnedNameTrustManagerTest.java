package dev.fedroute.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PinnedNameTrustManagerTest {
  static TestCa ca;
  static X509ExtendedTrustManager pkix;

  @BeforeAll
  static void setUp(@TempDir Path dir) {
    ca = TestCa.create("Pin CA");
    Path file = ca.writeTrustStore(dir.resolve("trust.p12"), "secret", "PKCS12");
    pkix = TlsContexts.trustManager(Optional.of(new FedrouteConfig.TrustStore(file, "secret")));
  }

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of(List.of("example.test"), List.of(), "example.test", true),
        Arguments.of(List.of("Example.TEST"), List.of(), "example.test", true),
        Arguments.of(List.of("example.test"), List.of(), "EXAMPLE.test", true),
        Arguments.of(List.of("example.test"), List.of(), "other.test", false),
        Arguments.of(List.of("*.example.test"), List.of(), "a.example.test", true),
        Arguments.of(List.of("*.example.test"), List.of(), "example.test", false),
        Arguments.of(List.of("*.example.test"), List.of(), "a.b.example.test", false),
        Arguments.of(List.of("f*.example.test"), List.of(), "foo.example.test", false),
        Arguments.of(List.of("a.*.test"), List.of(), "a.b.test", false),
        Arguments.of(List.of("*.test"), List.of(), "a.test", false),
        Arguments.of(List.of("x.test", "*.example.test"), List.of(), "b.example.test", true),
        Arguments.of(List.of(), List.of("127.0.0.1"), "127.0.0.1", true),
        Arguments.of(List.of(), List.of("127.0.0.1"), "127.0.0.2", false),
        Arguments.of(List.of("127.0.0.1"), List.of(), "127.0.0.1", false),
        Arguments.of(List.of(), List.of("127.0.0.1"), "localhost", false),
        Arguments.of(List.of(), List.of("::1"), "::1", true),
        Arguments.of(List.of(), List.of("2001:db8::1"), "2001:db8:0:0:0:0:0:1", true),
        Arguments.of(List.of(), List.of("2001:db8::1"), "2001:db8::2", false));
  }

  @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
  @MethodSource("names")
  void matchesRfc6125(List<String> dns, List<String> ips, String tlsName, boolean expected) {
    TestCa.Leaf leaf =
        ca.leaf(tlsName).dns(dns.toArray(String[]::new)).ip(ips.toArray(String[]::new)).issue();
    PinnedNameTrustManager tm = PinnedNameTrustManager.of(pkix, tlsName);
    assertThat(tm.matches(leaf.certificate())).isEqualTo(expected);
    if (expected) {
      assertThatCode(() -> tm.checkServerTrusted(leaf.chain(), "ECDHE_ECDSA"))
          .doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> tm.checkServerTrusted(leaf.chain(), "ECDHE_ECDSA"))
          .isInstanceOf(CertificateException.class)
          .hasMessageContaining("TLS name");
    }
  }

  @Test
  void anIpv6TlsNameIsPrintedCompressed() {
    X509Certificate[] other = ca.leaf("o").ip("2001:db8::2").issue().chain();
    PinnedNameTrustManager tm = PinnedNameTrustManager.of(pkix, "2001:db8:0:0:0:0:0:1");
    assertThatThrownBy(() -> tm.checkServerTrusted(other, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessage("certificate does not match the TLS name 2001:db8::1");
  }

  @Test
  void commonNameIsNeverUsed() {
    TestCa.Leaf cnOnly = ca.leaf("cn.example.test").issue();
    assertThat(
            PinnedNameTrustManager.forHost(pkix, "cn.example.test").matches(cnOnly.certificate()))
        .isFalse();
  }

  @Test
  void pkixFailuresComeFirst() {
    TestCa other = TestCa.create("Other CA");
    X509Certificate[] foreign = other.issue("example.test").chain();
    X509Certificate[] expired = ca.leaf("e").dns("example.test").expired().issue().chain();
    PinnedNameTrustManager tm = PinnedNameTrustManager.forHost(pkix, "example.test");
    assertThat(tm.matches(foreign[0])).isTrue();
    assertThatThrownBy(() -> tm.checkServerTrusted(foreign, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> tm.checkServerTrusted(expired, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void handshakeToAnIpChecksThePinnedNameNotTheAddress() throws Exception {
    TestCa.Leaf good = ca.issue("pinned.test");
    try (HttpsTestServer server = HttpsTestServer.https(good).start()) {
      assertThat(handshake(server, "pinned.test")).isEqualTo(good.certificate());
      assertThatThrownBy(() -> handshake(server, "other.test"))
          .isInstanceOf(SSLHandshakeException.class);
      assertThat(server.connectionCount()).isEqualTo(2);
    }
  }

  private static X509Certificate handshake(HttpsTestServer server, String tlsName)
      throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {PinnedNameTrustManager.of(pkix, tlsName)}, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName(tlsName)));
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }
}
