package dev.fedroute.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.FedrouteConfig.TrustStore;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestHttpClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsContextsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"PKCS12", "JKS"})
  void trustsTheStoreWhateverItsTypeAndNothingElse(String type) throws IOException {
    TestCa ca = TestCa.create("Store CA");
    TestCa other = TestCa.create("Other CA");
    Path file = ca.writeTrustStore(dir.resolve("trust." + type), "pw", type);
    SSLContext ctx = TlsContexts.clientContext(Optional.of(new TrustStore(file, "pw")));
    try (HttpsTestServer good = HttpsTestServer.https(ca.issue("good.test")).start();
        HttpsTestServer bad = HttpsTestServer.https(other.issue("bad.test")).start();
        CloseableHttpClient client = TestHttpClients.loopbackClient(ctx)) {
      assertThat(status(client, good.uri("good.test", "/"))).isEqualTo(404);
      assertThatThrownBy(() -> status(client, bad.uri("bad.test", "/")))
          .isInstanceOf(SSLException.class);
    }
  }

  @Test
  void emptyMeansTheJvmDefaultTrust() {
    assertThat(TlsContexts.trustManager(Optional.empty()).getAcceptedIssuers()).isNotEmpty();
  }

  @Test
  void failuresNameTheFile() throws IOException {
    Path missing = dir.resolve("missing.p12");
    Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a key store");
    Path stored = TestCa.create("x").writeTrustStore(dir.resolve("t.p12"), "right", "PKCS12");
    for (TrustStore bad :
        new TrustStore[] {
          new TrustStore(missing, "pw"),
          new TrustStore(garbage, "pw"),
          new TrustStore(stored, "wrong")
        }) {
      assertThatThrownBy(() -> TlsContexts.clientContext(Optional.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.path().toString());
    }
  }

  private static int status(CloseableHttpClient client, java.net.URI uri) throws IOException {
    return client.execute(new HttpGet(uri), r -> r.getCode());
  }
}
