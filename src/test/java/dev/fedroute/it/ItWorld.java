package dev.fedroute.it;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The federation on loopback that the in-container tests talk to, started inside the server when a
 * test first injects it and stopped when its deployment goes away.
 *
 * <ul>
 *   <li>a DNS server on 127.0.0.1 at the port the server configuration gives Fedroute ({@code
 *       fedroute.dns.servers}), serving the zone of {@link #zone(int, int, int)};
 *   <li>a {@code .well-known} HTTPS server on 127.0.0.1 at the configured {@code
 *       fedroute.well-known.port}, certificate {@code *.it.test};
 *   <li>a federation HTTPS server presenting, by SNI, a certificate for exactly each TLS name of
 *       the tests (and an unrelated one otherwise);
 *   <li>a server whose only certificate names the SRV target {@code badtarget.it.test};
 *   <li>a server on {@value #STEP6_ADDRESS}:8448 for step 6;
 *   <li>a port on 127.0.0.1 where nothing listens, the dead first SRV target of failover.
 * </ul>
 *
 * <p>The ports and the trust store were chosen by the build and written into the server's
 * configuration; the client side put the same ports into the WAR ({@value #EXPECTED}), and the CA
 * whose certificate is in that trust store ({@link ItDeployments#CA_RESOURCE}). Thread-safe.
 */
@ApplicationScoped
public class ItWorld {
  /** What the build chose, as the client side saw it. */
  public static final String EXPECTED = "fedroute-it/expected.properties";

  /** The loopback address of the step-6 server (port 8448). */
  public static final String STEP6_ADDRESS = "127.0.39.6";

  /** The TLS names the federation server has a certificate for. */
  public static final List<String> FEDERATION_NAMES =
      List.of(
          "s2.it.test",
          "s33-deleg.it.test",
          "s4.it.test",
          "fo.it.test",
          "life.it.test",
          "ld-srv.it.test",
          "ld-port.it.test");

  /**
   * The names of the load test, all with 2-second DNS answers: {@code ld-srv.it.test} (an SRV
   * record, step 4), {@code ld-port.it.test} (asked with the federation server's port, step 2),
   * {@code ld-deleg.it.test} ({@code .well-known} delegates to {@code ld-srv.it.test}, step 3.3),
   * and {@value #LOAD_FRESH} fresh names {@code ld-f<n>.it.test}, delegated like {@code ld-deleg}.
   */
  public static final int LOAD_FRESH = 400;

  private static final String WELL_KNOWN = "/.well-known/matrix/server";

  private Properties expected;
  private TestCa ca;
  private volatile DnsTestServer dns;
  private List<String> zone;
  private volatile boolean wellKnownFailing;
  private HttpsTestServer wellKnown;
  private HttpsTestServer federation;
  private HttpsTestServer wrongCertificate;
  private HttpsTestServer step6;
  private int deadPort;

  /** Starts the servers. */
  @PostConstruct
  void start() {
    expected = load(EXPECTED);
    ca = TestCa.fromPkcs12(bytes(ItDeployments.CA_RESOURCE), ItDeployments.PASSWORD);
    wellKnown =
        HttpsTestServer.https(ca.issue("*.it.test"))
            .bind("127.0.0.1", expectedPort("fedroute.it.well-known.port"))
            .start();
    HttpsTestServer.Builder fed = HttpsTestServer.https(ca.issue("unrelated.invalid"));
    FEDERATION_NAMES.forEach(name -> fed.identity(name, ca.issue(name)));
    federation = fed.start();
    federation.defaultHandler(r -> TestResponse.json("{\"server\":\"federation\"}"));
    wrongCertificate = HttpsTestServer.https(ca.issue("badtarget.it.test")).start();
    wrongCertificate.defaultHandler(r -> TestResponse.json("{\"server\":\"wrong\"}"));
    step6 = HttpsTestServer.https(ca.issue("s6.it.test")).bind(STEP6_ADDRESS, 8448).start();
    step6.defaultHandler(r -> TestResponse.json("{\"server\":\"step6\"}"));
    deadPort = freePort();
    zone = zone(federation.port(), wrongCertificate.port(), deadPort);
    dns = DnsTestServer.start(expectedPort("fedroute.it.dns.port"), zone);
    wellKnown.route("s33.it.test", WELL_KNOWN, r -> wellKnownJson("s33-deleg.it.test"));
    wellKnown.route(
        "ld-srv.it.test",
        WELL_KNOWN,
        r -> wellKnownFailing ? TestResponse.status(500) : TestResponse.status(404));
    wellKnown.route("ld-deleg.it.test", WELL_KNOWN, r -> loadDelegation());
    for (int i = 0; i < LOAD_FRESH; i++) {
      wellKnown.route("ld-f" + i + ".it.test", WELL_KNOWN, r -> loadDelegation());
    }
  }

  private TestResponse loadDelegation() {
    return wellKnownFailing ? TestResponse.status(500) : wellKnownJson("ld-srv.it.test");
  }

  /**
   * The zone: one name per test.
   *
   * @param fed the federation server's port
   * @param wrong the port of the server with the SRV target's certificate
   * @param dead a port where nothing listens
   * @return zone lines
   */
  static List<String> zone(int fed, int wrong, int dead) {
    List<String> z = new ArrayList<>();
    for (String host :
        List.of("s2", "s33", "s4", "bad", "fo", "life", "slow", "target", "dead", "badtarget")) {
      z.add(host + ".it.test. 300 IN A 127.0.0.1");
    }
    z.add("s6.it.test. 300 IN A " + STEP6_ADDRESS);
    z.add("_matrix-fed._tcp.s33-deleg.it.test. 300 IN SRV 10 5 " + fed + " target.it.test.");
    z.add("_matrix-fed._tcp.s4.it.test. 300 IN SRV 10 5 " + fed + " target.it.test.");
    z.add("_matrix-fed._tcp.life.it.test. 300 IN SRV 10 5 " + fed + " target.it.test.");
    z.add("_matrix-fed._tcp.bad.it.test. 300 IN SRV 10 5 " + wrong + " badtarget.it.test.");
    z.add("_matrix-fed._tcp.fo.it.test. 300 IN SRV 10 5 " + dead + " dead.it.test.");
    z.add("_matrix-fed._tcp.fo.it.test. 300 IN SRV 20 5 " + fed + " target.it.test.");
    for (String host : List.of("ld-target", "ld-port", "ld-deleg")) {
      z.add(host + ".it.test. 2 IN A 127.0.0.1");
    }
    z.add("_matrix-fed._tcp.ld-srv.it.test. 2 IN SRV 10 5 " + fed + " ld-target.it.test.");
    for (int i = 0; i < LOAD_FRESH; i++) {
      z.add("ld-f" + i + ".it.test. 2 IN A 127.0.0.1");
    }
    return z;
  }

  /** Stops the servers; the container calls it when the deployment goes away. */
  @PreDestroy
  void stop() {
    for (AutoCloseable server :
        new AutoCloseable[] {dns, wellKnown, federation, wrongCertificate, step6}) {
      if (server != null) {
        try {
          server.close();
        } catch (Exception e) {
          // keep closing the others
        }
      }
    }
  }

  /**
   * A {@code .well-known/matrix/server} answer.
   *
   * @param mServer the delegated server name
   * @return the response
   */
  public static TestResponse wellKnownJson(String mServer) {
    return TestResponse.json("{\"m.server\":\"" + mServer + "\"}");
  }

  /**
   * The DNS server.
   *
   * @return the server
   */
  public DnsTestServer dns() {
    return dns;
  }

  /** Stops the DNS server (the load test's fault). */
  public void stopDns() {
    dns.close();
  }

  /** Starts the DNS server again on its port, with the same zone. */
  public void startDns() {
    dns = DnsTestServer.restart(expectedPort("fedroute.it.dns.port"), zone);
  }

  /**
   * Makes the {@code .well-known} answers of the load test's names 500, or normal again.
   *
   * @param failing true for 500
   */
  public void wellKnownFailing(boolean failing) {
    wellKnownFailing = failing;
  }

  /**
   * The {@code .well-known} server.
   *
   * @return the server
   */
  public HttpsTestServer wellKnown() {
    return wellKnown;
  }

  /**
   * The federation server (certificates for {@link #FEDERATION_NAMES}).
   *
   * @return the server
   */
  public HttpsTestServer federation() {
    return federation;
  }

  /**
   * The server with a certificate for the SRV target {@code badtarget.it.test} only.
   *
   * @return the server
   */
  public HttpsTestServer wrongCertificate() {
    return wrongCertificate;
  }

  /**
   * The step-6 server on {@value #STEP6_ADDRESS}:8448.
   *
   * @return the server
   */
  public HttpsTestServer step6() {
    return step6;
  }

  /**
   * A port of 127.0.0.1 where nothing listens.
   *
   * @return the port
   */
  public int deadPort() {
    return deadPort;
  }

  /**
   * A value the client side wrote into the WAR.
   *
   * @param name the property name
   * @return the value
   */
  public String expected(String name) {
    String value = expected.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(name + " missing from " + EXPECTED);
    }
    return value;
  }

  /**
   * A port the client side wrote into the WAR.
   *
   * @param name the property name
   * @return the port
   */
  public int expectedPort(String name) {
    return Integer.parseInt(expected(name));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Properties load(String resource) {
    Properties p = new Properties();
    try (InputStream in = new java.io.ByteArrayInputStream(bytes(resource))) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static byte[] bytes(String resource) {
    try (InputStream in = ItWorld.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not in the deployment");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
