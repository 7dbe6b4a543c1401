package dev.fedroute.jakarta;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The loopback world of the Weld federation tests: an HTTPS server for {@code hs.example.test}
 * (answering every path with a small JSON body) behind its {@code _matrix-fed._tcp} SRV record, a
 * DNS server, a trust store of the test CA, and the MicroProfile configuration that points Fedroute
 * at them ({@code .well-known} off, loopback allowed). {@link #close()} undoes all of it.
 */
final class WeldFederationWorld implements AutoCloseable {
  private final HttpsTestServer server;
  private final DnsTestServer dns;
  private final Path trustStore;

  private WeldFederationWorld(String caName, String... moreConfig) throws IOException {
    TestCa ca = TestCa.create(caName);
    server = HttpsTestServer.https(ca.issue("hs.example.test")).start();
    server.defaultHandler(r -> TestResponse.json("{\"server\":{}}"));
    dns =
        DnsTestServer.start(
            "_matrix-fed._tcp.hs.example.test. 300 IN SRV 10 5 "
                + server.port()
                + " fed.example.test.",
            "fed.example.test. 300 IN A 127.0.0.1");
    trustStore = ca.writeTrustStore(Files.createTempFile("weld-trust", ".p12"), "pw", "PKCS12");
    List<String> config =
        new ArrayList<>(
            List.of(
                "fedroute.dns.servers=127.0.0.1:" + dns.address().getPort(),
                "fedroute.well-known.enabled=false",
                "fedroute.allowlist=127.0.0.0/8",
                "fedroute.trust-store.path=" + trustStore,
                "fedroute.trust-store.password=pw"));
    config.addAll(List.of(moreConfig));
    TestConfig.register(TestConfig.of(config.toArray(String[]::new)));
  }

  /**
   * Starts the world and registers its configuration.
   *
   * @param caName the test CA's name
   * @param moreConfig further {@code key=value} settings
   * @return the world
   */
  static WeldFederationWorld start(String caName, String... moreConfig) throws IOException {
    return new WeldFederationWorld(caName, moreConfig);
  }

  /** The HTTPS server that {@code hs.example.test} resolves to. */
  HttpsTestServer server() {
    return server;
  }

  @Override
  public void close() throws IOException {
    TestConfig.release();
    server.close();
    dns.close();
    Files.deleteIfExists(trustStore);
  }
}
