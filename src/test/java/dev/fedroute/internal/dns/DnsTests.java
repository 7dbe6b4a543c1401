package dev.fedroute.internal.dns;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.FakeClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Shared setup of the DNS client tests: a client of one fixture server, driven by a fake clock. */
final class DnsTests {
  /** An SOA whose negative TTL is min(3600, 120) = 120 s. */
  static final String SOA =
      "example.test. 3600 IN SOA ns.example.test. admin.example.test. 1 3600 600 86400 120";

  private DnsTests() {}

  static DnsClient client(DnsTestServer server, FakeClock clock, Duration queryTimeout) {
    return new DnsClient(settings(server, queryTimeout), clock);
  }

  /** The production defaults of the DNS settings, with the fixture as the only server. */
  static DnsSettings settings(DnsTestServer server, Duration queryTimeout) {
    return settings(List.of(server.address()), queryTimeout);
  }

  /** The production defaults of the DNS settings, with the given servers. */
  static DnsSettings settings(List<InetSocketAddress> servers, Duration queryTimeout) {
    return new DnsSettings(
        servers,
        queryTimeout,
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        Duration.ofDays(1),
        Duration.ofMinutes(1),
        10_000);
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("lookup did not complete", e);
    }
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
