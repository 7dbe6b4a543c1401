package dev.fedroute.internal.dns;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The common fixture of the DNS client tests: a client of one DNS server on loopback, driven by a
 * fake clock, both closed after each test.
 */
abstract class DnsClientTestBase {
  final FakeClock clock = new FakeClock();
  DnsTestServer server;
  DnsClient client;

  /** Starts the server with the zone and a client with a 2 s query timeout. */
  void serve(String... zone) {
    serve(Duration.ofSeconds(2), zone);
  }

  /** Starts the server with the zone and a client with the given query timeout. */
  void serve(Duration queryTimeout, String... zone) {
    server = DnsTestServer.start(zone);
    client = DnsTests.client(server, clock, queryTimeout);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
