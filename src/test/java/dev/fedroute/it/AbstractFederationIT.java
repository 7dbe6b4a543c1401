package dev.fedroute.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.jakarta.FederationRequest;
import dev.fedroute.jakarta.FedrouteResolver;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * What every application server must show, run inside the server against the loopback federation of
 * {@link ItWorld}: Fedroute deployed as a library of the test WAR, configured only by the server's
 * configuration, resolving through the test's DNS server, sending federation requests through the
 * server's own JAX-RS client. A subclass per server adds the {@code @Deployment} and what differs
 * between servers.
 */
public abstract class AbstractFederationIT {
  private static final String VERSION_PATH = "/_matrix/federation/v1/version";

  @Inject FedrouteResolver resolver;
  @Inject FederationClients clients;
  @Inject ItWorld world;

  /** The JAX-RS client classes that carried requests, recorded by {@link #send(String)}. */
  private static final List<String> CARRIERS = new ArrayList<>();

  /**
   * The package prefix of the server's JAX-RS client implementation.
   *
   * @return for example {@code org.jboss.resteasy.}
   */
  protected abstract String jaxRsClientPackage();

  /**
   * The name prefix of the threads of the server's default managed executor.
   *
   * @return for example {@code EE-ManagedExecutorService-default-Thread-}
   */
  protected abstract String managedThreadPrefix();

  /**
   * Text that the name of the server's config source holding Fedroute's keys contains.
   *
   * @return for example {@code fedroute}
   */
  protected abstract String serverConfigSource();

  @Test
  void configurationComesFromTheServersOwnConfiguration() {
    ConfigValue dnsServers = ConfigProvider.getConfig().getConfigValue("fedroute.dns.servers");
    assertThat(dnsServers.getValue())
        .isEqualTo("127.0.0.1:" + world.expected("fedroute.it.dns.port"));
    assertThat(dnsServers.getSourceName()).contains(serverConfigSource());
    assertThat(resolver.config().dns().servers())
        .extracting(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
        .containsExactly("127.0.0.1:" + world.expected("fedroute.it.dns.port"));
    assertThat(resolver.config().wellKnown().port())
        .isEqualTo(world.expectedPort("fedroute.it.well-known.port"));
    assertThat(resolver.config().trustStore())
        .hasValueSatisfying(
            t ->
                assertThat(t.path()).isEqualTo(Path.of(world.expected("fedroute.it.trust-store"))));
    assertThat(
            Thread.currentThread()
                .getContextClassLoader()
                .getResource("META-INF/microprofile-config.properties"))
        .as("the test WAR carries no Fedroute configuration of its own")
        .isNull();
  }

  @Test
  void resolvesThroughTheTestDnsServerOnLoopback() {
    int fed = world.federation().port();
    world.dns().resetCounts();

    Resolution r = resolver.resolveBlocking("s2.it.test:" + fed);

    assertThat(r.step().label()).isEqualTo("2");
    assertThat(r.targets().get(0).addresses())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("127.0.0.1");
    assertThat(world.dns().queryCount("s2.it.test", org.xbill.DNS.Type.A)).isPositive();
  }

  @Test
  void followsWellKnownDelegationCheckedAgainstTheServerConfiguredTrustStore() {
    resolver.invalidate(ServerName.parse("s33.it.test"));
    world.wellKnown().clearRequests();

    Resolution r = resolver.resolveBlocking("s33.it.test");

    assertThat(r.step().label()).isEqualTo("3.3");
    assertThat(r.hostHeader()).isEqualTo("s33-deleg.it.test");
    RecordedRequest fetch = world.wellKnown().requests().get(0);
    assertThat(fetch.sni()).isEqualTo("s33.it.test");
    assertThat(fetch.path()).isEqualTo("/.well-known/matrix/server");
  }

  @Test
  void resolvesSrvRecords() {
    Resolution r = resolver.resolveBlocking("fo.it.test");

    assertThat(r.step().label()).isEqualTo("4");
    assertThat(r.targets())
        .extracting(t -> t.host() + ":" + t.port())
        .containsExactly(
            "dead.it.test:" + world.deadPort(), "target.it.test:" + world.federation().port());
  }

  @Test
  void step2SendsHostWithPortAndSniAndCertificateOfTheHost() {
    int fed = world.federation().port();
    RecordedRequest seen = send("s2.it.test:" + fed, world.federation());
    assertThat(seen.host()).isEqualTo("s2.it.test:" + fed);
    assertThat(seen.sni()).isEqualTo("s2.it.test");
  }

  @Test
  void step33SendsTheDelegatedHostAsHostAndSni() {
    RecordedRequest seen = send("s33.it.test", world.federation());
    assertThat(seen.host()).isEqualTo("s33-deleg.it.test");
    assertThat(seen.sni()).isEqualTo("s33-deleg.it.test");
  }

  @Test
  void step4SendsTheServerNameNotTheSrvTarget() {
    RecordedRequest seen = send("s4.it.test", world.federation());
    assertThat(resolver.resolveBlocking("s4.it.test").step().label()).isEqualTo("4");
    assertThat(seen.host()).isEqualTo("s4.it.test");
    assertThat(seen.sni()).isEqualTo("s4.it.test");
  }

  @Test
  void step6ConnectsToPort8448OfTheHostsAddress() {
    RecordedRequest seen = send("s6.it.test", world.step6());
    Resolution r = resolver.resolveBlocking("s6.it.test");
    assertThat(r.step().label()).isEqualTo("6");
    assertThat(r.targets().get(0).port()).isEqualTo(8448);
    assertThat(seen.host()).isEqualTo("s6.it.test");
    assertThat(seen.sni()).isEqualTo("s6.it.test");
  }

  @Test
  void refusesACertificateValidOnlyForTheSrvTarget() {
    world.wrongCertificate().clearRequests();

    Throwable failure = catchThrowable(() -> clients.request("bad.it.test", VERSION_PATH).get());

    assertThat(failure).isInstanceOf(ProcessingException.class);
    assertThat(failure.getCause())
        .isInstanceOfSatisfying(
            FedrouteException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TLS_FAILURE));
    assertThat(world.wrongCertificate().requests()).as("no request after the handshake").isEmpty();
  }

  @Test
  void failsOverToTheSecondSrvTarget() {
    world.federation().clearRequests();

    try (Response response = clients.request("fo.it.test", VERSION_PATH).get()) {
      record(response);
      assertThat(response.getStatus()).isEqualTo(200);
    }

    RecordedRequest seen = world.federation().requests().get(0);
    assertThat(seen.sni()).isEqualTo("fo.it.test");
    assertThat(seen.host()).isEqualTo("fo.it.test");
    assertThat(
            clients.isUnreachable(
                "fo.it.test", new InetSocketAddress("127.0.0.1", world.deadPort())))
        .as("the dead first target is marked down")
        .isTrue();
  }

  @Test
  void asyncAndRxCallsFailOverLikeSynchronousOnes() throws Exception {
    InetSocketAddress dead = new InetSocketAddress("127.0.0.1", world.deadPort());
    for (String mode : List.of("async", "rx")) {
      world.federation().clearRequests();
      clients.markReachable("fo.it.test", dead);
      FederationRequest request = clients.request("fo.it.test", VERSION_PATH);

      CompletableFuture<Response> call =
          mode.equals("async") ? request.async().get() : request.rx().get();

      try (Response response = call.get(30, TimeUnit.SECONDS)) {
        record(response);
        assertThat(response.getStatus()).as(mode).isEqualTo(200);
        assertThat(response.readEntity(String.class)).as(mode).isNotEmpty();
      }
      List<RecordedRequest> seen = world.federation().requests();
      assertThat(seen).as(mode).hasSize(1);
      assertThat(seen.get(0).sni()).as(mode).isEqualTo("fo.it.test");
      assertThat(seen.get(0).host()).as(mode).isEqualTo("fo.it.test");
      assertThat(clients.isUnreachable("fo.it.test", dead))
          .as(mode + ": the refused first target was tried, then marked down")
          .isTrue();
    }
  }

  @Test
  void requestsTravelThroughTheServersJaxRsClient() {
    send("s4.it.test", world.federation());

    assertThat(ClientBuilder.newBuilder().getClass().getName()).startsWith(jaxRsClientPackage());
    assertThat(clients.client("s4.it.test").getClass().getName()).startsWith(jaxRsClientPackage());
    synchronized (CARRIERS) {
      assertThat(CARRIERS)
          .isNotEmpty()
          .allSatisfy(c -> assertThat(c).startsWith(jaxRsClientPackage()));
    }
  }

  @Test
  void wellKnownFetchesHoldNoThreadAndResultsCompleteOnTheManagedExecutor() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    world
        .wellKnown()
        .route(
            "slow.it.test",
            "/.well-known/matrix/server",
            r -> {
              arrived.countDown();
              await(release);
              return ItWorld.wellKnownJson("s4.it.test");
            });
    resolver.invalidate(ServerName.parse("slow.it.test"));

    CompletableFuture<String> completedOn =
        resolver
            .resolve(ServerName.parse("slow.it.test"))
            .toCompletableFuture()
            .thenApply(
                r -> {
                  assertThat(r.step().label()).isEqualTo("3.3");
                  return Thread.currentThread().getName();
                });
    List<String> fetching;
    try {
      assertThat(arrived.await(20, TimeUnit.SECONDS)).as(".well-known fetch arrived").isTrue();
      fetching = threadsRunning("dev.fedroute.internal.wellknown.");
    } finally {
      release.countDown();
    }
    String completer = completedOn.get(20, TimeUnit.SECONDS);

    assertThat(fetching).as("threads waiting inside the fetch").isEmpty();
    assertThat(completer).startsWith(managedThreadPrefix());
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .filteredOn(n -> n.startsWith("fedroute-"))
        .as("Fedroute's own threads: only the .well-known client's few I/O threads")
        .allMatch(n -> n.startsWith("fedroute-wellknown-"));
  }

  /** Sends a GET through the injected client factory; the request the server saw. */
  private RecordedRequest send(String serverName, HttpsTestServer expectedServer) {
    expectedServer.clearRequests();
    try (Response response = clients.request(serverName, VERSION_PATH).get()) {
      record(response);
      assertThat(response.getStatus()).isEqualTo(200);
    }
    List<RecordedRequest> seen = expectedServer.requests();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).path()).isEqualTo(VERSION_PATH);
    return seen.get(0);
  }

  private static void record(Response response) {
    synchronized (CARRIERS) {
      CARRIERS.add(response.getClass().getName());
    }
  }

  private static List<String> threadsRunning(String packagePrefix) {
    List<String> names = new ArrayList<>();
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              if (Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith(packagePrefix))) {
                names.add(thread.getName());
              }
            });
    return names;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
