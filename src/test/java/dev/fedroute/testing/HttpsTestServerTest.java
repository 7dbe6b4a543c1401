package dev.fedroute.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpsTestServerTest {
  static TestCa ca;
  static TestCa.Leaf defaultLeaf;
  static TestCa.Leaf wildcardLeaf;
  static TestCa.Leaf otherLeaf;
  static HttpsTestServer server;

  @BeforeAll
  static void start() {
    ca = TestCa.create("Fixture CA");
    defaultLeaf = ca.issue("default.test");
    wildcardLeaf = ca.issue("*.example.test");
    otherLeaf = ca.leaf("other").dns("other.test").ip("127.0.0.1").issue();
    server =
        HttpsTestServer.https(defaultLeaf)
            .identity(wildcardLeaf)
            .identity("other.test", otherLeaf)
            .ipv6()
            .start();
    server.route("a.example.test", "/hello", r -> TestResponse.text(200, "hi " + r.sni()));
    server.route("/json", r -> TestResponse.json("{\"a\":1}"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void recordsSniHostAndConnectionAndChoosesCertificateBySni() throws IOException {
    server.clearRequests();
    try (CloseableHttpClient client =
        TestHttpClients.loopbackClient(ca.sslContextTrustingThisCa())) {
      String first = get(client, "a.example.test", "/hello?x=1");
      String second = get(client, "a.example.test", "/json");
      assertThat(first).isEqualTo("hi a.example.test");
      assertThat(second).isEqualTo("{\"a\":1}");
    }
    List<RecordedRequest> seen = server.requests();
    assertThat(seen).hasSize(2);
    RecordedRequest r = seen.get(0);
    assertThat(r.sni()).isEqualTo("a.example.test");
    assertThat(r.host()).isEqualTo("a.example.test:" + server.port());
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.target()).isEqualTo("/hello?x=1");
    assertThat(r.path()).isEqualTo("/hello");
    assertThat(seen.get(1).connectionId()).isEqualTo(r.connectionId());
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void certificateFollowsSniAndDefaultWithoutSni() throws IOException {
    assertThat(peerCertificate("other.test")).isEqualTo(otherLeaf.certificate());
    assertThat(peerCertificate("b.example.test")).isEqualTo(wildcardLeaf.certificate());
    assertThat(peerCertificate("unknown.test")).isEqualTo(defaultLeaf.certificate());
    assertThat(peerCertificate(null)).isEqualTo(defaultLeaf.certificate());
  }

  @Test
  void hostnameVerificationFailsForNameNotOnTheDefaultCertificate() throws IOException {
    try (CloseableHttpClient client =
        TestHttpClients.loopbackClient(ca.sslContextTrustingThisCa())) {
      assertThatThrownBy(() -> get(client, "unknown.test", "/json"))
          .isInstanceOf(SSLException.class);
    }
  }

  @Test
  void untrustedCaIsRejected() throws IOException {
    TestCa other = TestCa.create("Other CA");
    try (CloseableHttpClient client =
        TestHttpClients.loopbackClient(other.sslContextTrustingThisCa())) {
      assertThatThrownBy(() -> get(client, "a.example.test", "/json"))
          .isInstanceOf(SSLException.class);
    }
  }

  @Test
  void plainHttpRedirectsChunkedBodiesAndNoAnswer() throws IOException {
    try (HttpsTestServer http = HttpsTestServer.http().start();
        CloseableHttpClient client =
            TestHttpClients.loopbackClient(ca.sslContextTrustingThisCa())) {
      http.route("/r", r -> TestResponse.redirect(302, "/elsewhere"));
      http.route(
          "/big", r -> TestResponse.oversizedJson("x.test", 1000, TestResponse.Framing.CHUNKED));
      http.route("/gone", r -> TestResponse.closeConnection());
      int status = client.execute(new HttpGet(http.uri("h.test", "/r")), resp -> resp.getCode());
      String location =
          client.execute(
              new HttpGet(http.uri("h.test", "/r")),
              resp -> resp.getFirstHeader("Location").getValue());
      String big = get(client, http.uri("h.test", "/big").toString());
      assertThat(status).isEqualTo(302);
      assertThat(location).isEqualTo("/elsewhere");
      assertThat(big).hasSize(1000).startsWith("{\"m.server\":\"x.test\"");
      assertThatThrownBy(() -> get(client, http.uri("h.test", "/gone").toString()))
          .isInstanceOf(IOException.class);
      assertThat(http.requests()).extracting(RecordedRequest::sni).containsOnlyNulls();
      assertThat(http.requests().get(0).tls()).isFalse();
    }
  }

  @Test
  void dripSendsPiecesWithPausesAndCloseStopsIt() throws Exception {
    HttpsTestServer http = HttpsTestServer.http().start();
    byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
    http.route(
        "/drip",
        r ->
            TestResponse.drip(
                body, 1, Duration.ofMillis(300), TestResponse.Framing.CONTENT_LENGTH));
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", http.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write("GET /drip HTTP/1.1\r\nHost: d.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      long start = System.nanoTime();
      readHead(http, in);
      int b = in.read();
      assertThat(b).isEqualTo('0');
      http.close();
      long closedAt = System.nanoTime();
      int rest = 0;
      try {
        while (in.read() >= 0) {
          rest++;
        }
      } catch (IOException expected) {
        // reset by the closing server
      }
      assertThat(rest).isLessThan(9);
      assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(2));
      assertThat(Duration.ofNanos(closedAt - start)).isGreaterThan(Duration.ofMillis(250));
    }
  }

  private static void readHead(HttpsTestServer s, InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("EOF in head from " + s.port());
      }
      head.append((char) c);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200").contains("Content-Length: 10");
  }

  private static String get(CloseableHttpClient client, String host, String path)
      throws IOException {
    return get(client, server.uri(host, path).toString());
  }

  private static String get(CloseableHttpClient client, String uri) throws IOException {
    return client.execute(new HttpGet(uri), resp -> EntityUtils.toString(resp.getEntity()));
  }

  private static X509Certificate peerCertificate(String sni) throws IOException {
    try (SSLSocket s =
        (SSLSocket) ca.sslContextTrustingThisCa().getSocketFactory().createSocket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
      s.setSSLParameters(p);
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }
}
