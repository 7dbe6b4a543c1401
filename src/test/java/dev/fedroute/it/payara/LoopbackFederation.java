package dev.fedroute.it.payara;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The federation the in-container tests talk to, all on loopback inside the server's JVM: the DNS
 * server on the address the server configuration names, the {@code .well-known} server on the
 * configured port, a federation server on a free port (SRV records point at it), a second one on
 * {@code 127.0.0.86:8448} for the steps that use the default port, and a port nobody listens on.
 * Started once per server JVM, on first use; its threads are daemons.
 */
final class LoopbackFederation {
  static final String BODY = "{\"server\":{\"name\":\"loopback\"}}";
  static final String DEFAULT_PORT_IP = "127.0.0.86";

  private static LoopbackFederation instance;

  /** How many fresh names the load test has: {@code f<n>.ld.example.test}. */
  static final int LOAD_FRESH = 400;

  private static final String WELL_KNOWN = "/.well-known/matrix/server";

  volatile DnsTestServer dns;
  private final List<String> zone;
  private volatile boolean wellKnownFailing;
  final HttpsTestServer wellKnown;
  final HttpsTestServer federation;
  final HttpsTestServer defaultPort;
  final int dnsPort;
  final int port;
  final int deadPort;

  private LoopbackFederation() {
    Map<String, TestCa.Leaf> leaves = ItPki.load();
    dnsPort = portOf(requiredEnv("FEDROUTE_SETUP_DNS_SERVERS"));
    int wellKnownPort = Integer.parseInt(requiredEnv("FEDROUTE_SETUP_WELL_KNOWN_PORT"));

    HttpsTestServer.Builder fed = HttpsTestServer.https(leaves.get(ItPki.FALLBACK));
    for (String name : ItPki.NAMED) {
      fed.identity(name, leaves.get(name));
    }
    fed.identity(ItPki.TARGET_ONLY, leaves.get(ItPki.TARGET_ONLY));
    fed.identity(ItPki.UNTRUSTED, leaves.get(ItPki.UNTRUSTED));
    federation = fed.start().defaultHandler(r -> TestResponse.json(BODY));
    port = federation.port();

    defaultPort =
        HttpsTestServer.https(leaves.get(ItPki.FALLBACK))
            .identity("s6.example.test", leaves.get("s6.example.test"))
            .bind(DEFAULT_PORT_IP, 8448)
            .start()
            .defaultHandler(r -> TestResponse.json(BODY));

    wellKnown =
        HttpsTestServer.https(leaves.get(ItPki.FALLBACK))
            .identity("d33.example.test", leaves.get("d33.example.test"))
            .identity("wk-exec.example.test", leaves.get("wk-exec.example.test"))
            .identity(leaves.get(ItPki.LOAD_WILDCARD))
            .bind("127.0.0.1", wellKnownPort)
            .start();
    wellKnown.route(
        "srv.ld.example.test",
        WELL_KNOWN,
        r -> wellKnownFailing ? TestResponse.status(500) : TestResponse.status(404));
    wellKnown.route("deleg.ld.example.test", WELL_KNOWN, r -> loadDelegation());
    for (int i = 0; i < LOAD_FRESH; i++) {
      wellKnown.route("f" + i + ".ld.example.test", WELL_KNOWN, r -> loadDelegation());
    }
    wellKnown.route(
        "d33.example.test",
        "/.well-known/matrix/server",
        r -> TestResponse.json("{\"m.server\": \"d33-deleg.example.test\"}"));

    deadPort = freePort();
    zone = zone();
    dns = DnsTestServer.start(dnsPort, zone);
  }

  private TestResponse loadDelegation() {
    return wellKnownFailing
        ? TestResponse.status(500)
        : TestResponse.json("{\"m.server\": \"srv.ld.example.test\"}");
  }

  /** Stops the DNS server (the load test's fault). */
  void stopDns() {
    dns.close();
  }

  /** Starts the DNS server again on its port, with the same zone. */
  void startDns() {
    dns = DnsTestServer.restart(dnsPort, zone);
  }

  /** Makes the load test's {@code .well-known} answers 500, or normal again. */
  void wellKnownFailing(boolean failing) {
    wellKnownFailing = failing;
  }

  static synchronized LoopbackFederation get() {
    if (instance == null) {
      instance = new LoopbackFederation();
    }
    return instance;
  }

  private List<String> zone() {
    List<String> zone = new ArrayList<>();
    for (String host :
        List.of("two", "dns-only", "target", "d33", "wrong", "untrusted", "dead", "wk-exec")) {
      zone.add(host + ".example.test. 60 IN A 127.0.0.1");
    }
    zone.add("s6.example.test. 60 IN A " + DEFAULT_PORT_IP);
    zone.add(srv("d33-deleg", 10, port, "target"));
    zone.add(srv("s4", 10, port, "target"));
    zone.add(srv("probe", 10, port, "target"));
    zone.add(srv("fo", 10, deadPort, "dead"));
    zone.add(srv("fo", 20, port, "target"));
    for (String host : List.of("target", "port", "deleg")) {
      zone.add(host + ".ld.example.test. 2 IN A 127.0.0.1");
    }
    zone.add(
        "_matrix-fed._tcp.srv.ld.example.test. 2 IN SRV 10 5 " + port + " target.ld.example.test.");
    for (int i = 0; i < LOAD_FRESH; i++) {
      zone.add("f" + i + ".ld.example.test. 2 IN A 127.0.0.1");
    }
    return zone;
  }

  private static String srv(String name, int priority, int port, String target) {
    return "_matrix-fed._tcp."
        + name
        + ".example.test. 60 IN SRV "
        + priority
        + " 5 "
        + port
        + " "
        + target
        + ".example.test.";
  }

  /** A port on 127.0.0.1 that nobody listens on (just now). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String requiredEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the suite through mvn verify");
    }
    return value;
  }

  private static int portOf(String hostAndPort) {
    return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
  }
}
