package dev.fedroute.testing;

import dev.fedroute.Cidr;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.SharedCache;
import dev.fedroute.internal.resolve.DefaultServerNameResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A small federation on loopback for resolver tests: a DNS server fed from zone text, one HTTPS
 * server answering {@code .well-known} requests for every host whose A record is 127.0.0.1, a test
 * CA trusted through a trust store file, and a fake clock. Close it after the test class.
 */
public final class TestWorld implements AutoCloseable {
  /** The address where the {@code .well-known} server listens. */
  public static final String WELL_KNOWN_IP = "127.0.0.1";

  /** The password of {@link #trustStore()}. */
  public static final String TRUST_STORE_PASSWORD = "changeit";

  private final TestCa ca = TestCa.create("Fedroute Test CA");
  private final DnsTestServer dns;
  private final HttpsTestServer https;
  private final Path trustStore;
  private final FakeClock clock = new FakeClock();
  private final List<DefaultServerNameResolver> resolvers = new ArrayList<>();

  private TestWorld(
      List<String> zone,
      BiConsumer<TestCa, HttpsTestServer.Builder> server,
      String... certifiedNames) {
    dns = DnsTestServer.start(zone);
    HttpsTestServer.Builder builder = HttpsTestServer.https(ca.issue(certifiedNames));
    server.accept(ca, builder);
    https = builder.start();
    try {
      trustStore = Files.createTempFile("fedroute-trust", ".p12");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ca.writeTrustStore(trustStore, TRUST_STORE_PASSWORD, "PKCS12");
  }

  /**
   * Starts a world.
   *
   * @param zone zone text lines
   * @param certifiedNames the DNS names the {@code .well-known} server's certificate covers
   * @return the world
   */
  public static TestWorld start(List<String> zone, String... certifiedNames) {
    return start(zone, (ca, server) -> {}, certifiedNames);
  }

  /**
   * Starts a world whose {@code .well-known} server is set up further before it starts, for example
   * with more certificates it presents by SNI.
   *
   * @param zone zone text lines
   * @param server changes to the {@code .well-known} server, given the world's CA
   * @param certifiedNames the DNS names the server's default certificate covers
   * @return the world
   */
  public static TestWorld start(
      List<String> zone,
      BiConsumer<TestCa, HttpsTestServer.Builder> server,
      String... certifiedNames) {
    return new TestWorld(zone, server, certifiedNames);
  }

  /**
   * The DNS server.
   *
   * @return the DNS server
   */
  public DnsTestServer dns() {
    return dns;
  }

  /**
   * The {@code .well-known} HTTPS server.
   *
   * @return the server
   */
  public HttpsTestServer https() {
    return https;
  }

  /**
   * The test CA.
   *
   * @return the CA
   */
  public TestCa ca() {
    return ca;
  }

  /**
   * The PKCS12 trust store file holding the CA's certificate (password {@link
   * #TRUST_STORE_PASSWORD}).
   *
   * @return the file
   */
  public Path trustStore() {
    return trustStore;
  }

  /**
   * The fake clock every resolver of this world uses.
   *
   * @return the clock
   */
  public FakeClock clock() {
    return clock;
  }

  /**
   * Serves a {@code .well-known/matrix/server} body for a host.
   *
   * @param host the host
   * @param json the body
   */
  public void wellKnown(String host, String json) {
    https.route(host, "/.well-known/matrix/server", r -> TestResponse.json(json));
  }

  /**
   * The configuration pointing at this world: its DNS server and {@code .well-known} port, its CA,
   * loopback allowed, short timeouts.
   *
   * @return the builder, to adjust further
   */
  public FedrouteConfig.Builder config() {
    return FedrouteConfig.builder()
        .dnsServers(List.of(dns.address()))
        .dnsQueryTimeout(Duration.ofSeconds(2))
        .resolveTimeout(Duration.ofSeconds(10))
        .wellKnownPort(https.port())
        .wellKnownTimeout(Duration.ofSeconds(3))
        .trustStore(Optional.of(new FedrouteConfig.TrustStore(trustStore, TRUST_STORE_PASSWORD)))
        .allow(Cidr.parseAll(List.of("127.0.0.0/8", "::1/128")));
  }

  /**
   * A resolver on this world's configuration, clock and a seeded random source; closed with the
   * world.
   *
   * @param adjust changes to the configuration
   * @return the resolver
   */
  public DefaultServerNameResolver resolver(Consumer<FedrouteConfig.Builder> adjust) {
    return resolver(null, adjust);
  }

  /**
   * A resolver on this world's configuration, clock and a seeded random source, with a second-level
   * cache (a node of a cluster); closed with the world.
   *
   * @param shared the second level, or {@code null} for none
   * @param adjust changes to the configuration
   * @return the resolver
   */
  public DefaultServerNameResolver resolver(
      SharedCache shared, Consumer<FedrouteConfig.Builder> adjust) {
    FedrouteConfig.Builder builder = config();
    adjust.accept(builder);
    DefaultServerNameResolver resolver =
        new DefaultServerNameResolver(
            builder.build(), clock, null, new SplittableRandom(7), shared);
    resolvers.add(resolver);
    return resolver;
  }

  /**
   * A resolver on this world's default configuration.
   *
   * @return the resolver
   */
  public DefaultServerNameResolver resolver() {
    return resolver(b -> {});
  }

  @Override
  public void close() {
    resolvers.forEach(DefaultServerNameResolver::close);
    https.close();
    dns.close();
    try {
      Files.deleteIfExists(trustStore);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
