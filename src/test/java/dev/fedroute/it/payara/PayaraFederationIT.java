package dev.fedroute.it.payara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.Target;
import dev.fedroute.it.ItDeployments;
import dev.fedroute.it.LoadUnderFaults;
import dev.fedroute.it.payara.probe.ProbeApp;
import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.jakarta.FederationRequest;
import dev.fedroute.jakarta.FedrouteResolver;
import dev.fedroute.testing.CapturedLog;
import dev.fedroute.testing.FaultLoad;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.Unloading;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import javax.naming.InitialContext;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fedroute inside a real Payara Micro 6, configured by {@code server-config/payara} (the post-boot
 * commands, as an operator applies them), deployed as a library in a WAR. Every test runs inside
 * the server and talks to DNS and HTTPS servers on loopback ({@link LoopbackFederation}) through
 * the injected beans, so the JAX-RS client is Payara's own (Jersey).
 */
@ExtendWith(ArquillianExtension.class)
class PayaraFederationIT {
  private static final String PATH = "/_matrix/federation/v1/version";
  private static final String GOOD_PROBE = "/fedroute-it/probe-good.war";
  private static final String BAD_PROBE = "/fedroute-it/probe-bad.war";

  @Inject FedrouteResolver resolver;
  @Inject FederationClients clients;
  @Inject Config config;

  @Deployment
  static WebArchive deployment() {
    WebArchive war =
        PayaraArchives.loopbackWar(
            "fedroute-payara-it.war",
            PayaraFederationIT.class,
            PayaraRuntime.class,
            LoadUnderFaults.class);
    war.addAsResource(new StringAsset(ItDeployments.loadSettings()), FaultLoad.DURATION_RESOURCE);
    war.addAsResource(
        new ByteArrayAsset(PayaraArchives.probeWar("probe.started=true\n")),
        GOOD_PROBE.substring(1));
    war.addAsResource(
        new ByteArrayAsset(
            PayaraArchives.probeWar(
                "fedroute.well-known.timeout=forever\n"
                    + "fedroute.cache.max-size=0\n"
                    + "fedroute.well-known.enable=false\n")),
        BAD_PROBE.substring(1));
    return war;
  }

  @Test
  void federationRequestsKeepSucceedingThroughDnsAndWellKnownOutagesWithoutLeaks()
      throws Exception {
    LoopbackFederation world = LoopbackFederation.get();
    List<String> fresh = new ArrayList<>();
    for (int i = 0; i < LoopbackFederation.LOAD_FRESH; i++) {
      fresh.add("f" + i + ".ld.example.test");
    }

    FaultLoad.Report report =
        LoadUnderFaults.run(
            "Payara",
            clients,
            world.federation,
            List.of(
                "srv.ld.example.test",
                "port.ld.example.test:" + world.port,
                "deleg.ld.example.test"),
            fresh,
            FaultLoad.faults(world::stopDns, world::startDns, world::wellKnownFailing),
            // "hz.": Payara Micro's own Hazelcast instance (its cached executor starts threads as
            // it likes; Fedroute shares nothing here, fedroute.cluster.enabled is off); a
            // clean-clone
            // run failed once on a new "hz.<instance>.cached.thread-5".
            List.of("http-thread-pool", "concurrent/", "payara-executor", "hz."));

    assertThat(report.requests()).isPositive();
  }

  @Test
  void configurationComesFromThePostBootCommandsFile() {
    LoopbackFederation world = LoopbackFederation.get();

    ConfigValue timeout = config.getConfigValue("fedroute.resolve.timeout");
    assertThat(timeout.getValue()).isEqualTo("20s");
    assertThat(timeout.getSourceName()).containsIgnoringCase("domain");
    assertThat(config.getConfigValue("fedroute.dns.servers").getSourceName())
        .isEqualTo(timeout.getSourceName());
    assertThat(resolver.config().resolveTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(resolver.config().dns().queryTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(resolver.clientSettings().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(resolver.config().dns().servers())
        .containsExactly(new InetSocketAddress("127.0.0.1", world.dnsPort));
    assertThat(resolver.config().wellKnown().port()).isEqualTo(world.wellKnown.port());
    assertThat(resolver.config().trustStore())
        .hasValueSatisfying(
            t ->
                assertThat(t.path())
                    .isEqualTo(
                        Path.of(LoopbackFederation.requiredEnv("FEDROUTE_SETUP_TRUST_STORE"))));
  }

  /**
   * No JVM-wide flag: the Host header the step tests check arrives through Jersey's Apache
   * HttpClient 5 connector, which the library chooses, not through HttpURLConnection.
   */
  @Test
  void theServerJvmRunsWithoutAllowRestrictedHeaders() {
    assertThat(System.getProperty("sun.net.http.allowRestrictedHeaders")).isNull();
  }

  @Test
  void resolvesThroughTheTestDnsServerOnLoopback() {
    LoopbackFederation world = LoopbackFederation.get();
    int before = world.dns.totalQueries();

    Resolution r = resolver.resolveBlocking("dns-only.example.test:" + world.port);

    assertThat(r.step().label()).isEqualTo("2");
    assertThat(r.targets())
        .singleElement()
        .satisfies(t -> assertThat(addresses(t)).containsExactly("127.0.0.1"));
    assertThat(world.dns.totalQueries()).isGreaterThan(before);
    assertThat(world.dns.queryLog()).contains("dns-only.example.test A udp");
  }

  @Test
  void wellKnownDelegationThenSrvIsStep33() {
    LoopbackFederation world = LoopbackFederation.get();

    Resolution r = resolver.resolveBlocking("d33.example.test");

    assertThat(r.step().label()).isEqualTo("3.3");
    assertThat(r.hostHeader()).isEqualTo("d33-deleg.example.test");
    assertThat(r.tlsServerName()).isEqualTo("d33-deleg.example.test");
    assertThat(r.targets())
        .extracting(Target::host, Target::port)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("target.example.test", world.port));
    assertThat(world.wellKnown.requests())
        .anySatisfy(
            w -> {
              assertThat(w.sni()).isEqualTo("d33.example.test");
              assertThat(w.path()).isEqualTo("/.well-known/matrix/server");
            });
  }

  @Test
  void srvRecordIsStep4() {
    Resolution r = resolver.resolveBlocking("s4.example.test");

    assertThat(r.step().label()).isEqualTo("4");
    assertThat(r.srvRecords())
        .singleElement()
        .satisfies(s -> assertThat(s.target()).isEqualTo("target.example.test"));
  }

  @Test
  void step2SendsHostWithPortAndSniOfTheName() {
    LoopbackFederation world = LoopbackFederation.get();
    String name = "two.example.test:" + world.port;

    RecordedRequest seen = send(name, world.federation);

    assertThat(seen.host()).isEqualTo(name);
    assertThat(seen.sni()).isEqualTo("two.example.test");
  }

  @Test
  void step33SendsDelegatedHostToTheSrvTarget() {
    LoopbackFederation world = LoopbackFederation.get();

    RecordedRequest seen = send("d33.example.test", world.federation);

    assertThat(seen.host()).isEqualTo("d33-deleg.example.test");
    assertThat(seen.sni()).isEqualTo("d33-deleg.example.test");
  }

  @Test
  void step4SendsTheServerNameToTheSrvTarget() {
    LoopbackFederation world = LoopbackFederation.get();

    RecordedRequest seen = send("s4.example.test", world.federation);

    assertThat(seen.host()).isEqualTo("s4.example.test");
    assertThat(seen.sni()).isEqualTo("s4.example.test");
  }

  @Test
  void step6ConnectsToTheAddressOnPort8448() {
    LoopbackFederation world = LoopbackFederation.get();

    RecordedRequest seen = send("s6.example.test", world.defaultPort);

    assertThat(resolver.resolveBlocking("s6.example.test").step().label()).isEqualTo("6");
    assertThat(seen.host()).isEqualTo("s6.example.test");
    assertThat(seen.sni()).isEqualTo("s6.example.test");
  }

  @Test
  void certificateValidOnlyForTheSrvTargetIsRefused() {
    assertRefusedForTls(ItPki.TARGET_ONLY);
  }

  @Test
  void certificateFromAnUntrustedCaIsRefused() {
    assertRefusedForTls(ItPki.UNTRUSTED);
  }

  @Test
  void failsOverToTheSecondSrvTarget() {
    LoopbackFederation world = LoopbackFederation.get();

    Resolution r = resolver.resolveBlocking("fo.example.test");
    RecordedRequest seen = send("fo.example.test", world.federation);

    assertThat(r.targets())
        .extracting(Target::host, Target::port)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dead.example.test", world.deadPort),
            org.assertj.core.groups.Tuple.tuple("target.example.test", world.port));
    assertThat(seen.host()).isEqualTo("fo.example.test");
    assertThat(seen.sni()).isEqualTo("fo.example.test");
  }

  @Test
  void asyncAndRxCallsFailOverLikeSynchronousOnes() throws Exception {
    LoopbackFederation world = LoopbackFederation.get();
    InetSocketAddress dead = new InetSocketAddress("127.0.0.1", world.deadPort);
    for (String mode : List.of("async", "rx")) {
      world.federation.clearRequests();
      clients.markReachable("fo.example.test", dead);
      FederationRequest request = clients.request("fo.example.test", PATH);

      CompletableFuture<Response> call =
          mode.equals("async") ? request.async().get() : request.rx().get();

      try (Response response = call.get(30, TimeUnit.SECONDS)) {
        assertThat(response.getStatus()).as(mode).isEqualTo(200);
        assertThat(response.readEntity(String.class)).as(mode).isEqualTo(LoopbackFederation.BODY);
      }
      List<RecordedRequest> seen = world.federation.requests();
      assertThat(seen).as(mode).hasSize(1);
      assertThat(seen.get(0).sni()).as(mode).isEqualTo("fo.example.test");
      assertThat(seen.get(0).host()).as(mode).isEqualTo("fo.example.test");
      assertThat(seen.get(0).header("user-agent"))
          .as(mode)
          .isEqualTo(dev.fedroute.FedrouteConfig.DEFAULT_USER_AGENT);
      assertThat(clients.isUnreachable("fo.example.test", dead))
          .as(mode + ": the refused first target was tried, then marked down")
          .isTrue();
    }
  }

  @Test
  void payaraJaxRsClientIsJersey() {
    LoopbackFederation world = LoopbackFederation.get();
    send("two.example.test:" + world.port, world.federation);

    assertThat(ClientBuilder.newBuilder().getClass().getName())
        .isEqualTo("org.glassfish.jersey.client.JerseyClientBuilder");
    assertThat(clients.client("two.example.test").getClass().getName())
        .isEqualTo("org.glassfish.jersey.client.JerseyClient");
  }

  @Test
  void backgroundWorkRunsOnTheManagedExecutor() throws Exception {
    LoopbackFederation world = LoopbackFederation.get();
    Object executor = new InitialContext().lookup("java:comp/DefaultManagedExecutorService");
    assertThat(executor).isInstanceOf(type("jakarta.enterprise.concurrent.ManagedExecutorService"));
    CountDownLatch fetching = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    world.wellKnown.route(
        "wk-exec.example.test",
        "/.well-known/matrix/server",
        r -> {
          fetching.countDown();
          await(release);
          return TestResponse.json("{\"m.server\": \"127.0.0.1:" + world.port + "\"}");
        });

    CompletableFuture<Thread> completedOn =
        resolver
            .resolve(ServerName.parse("wk-exec.example.test"))
            .toCompletableFuture()
            .thenApply(
                resolution -> {
                  assertThat(resolution.step().label()).isEqualTo("3.1");
                  return Thread.currentThread();
                });
    assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
    // The fetch waits for its answer without holding a thread: none is inside Fedroute's
    // .well-known code.
    List<Thread> fetchers = threadsRunning("dev.fedroute.internal.wellknown.");
    release.countDown();

    assertThat(fetchers).isEmpty();
    Thread completer = completedOn.get(10, TimeUnit.SECONDS);
    assertThat(completer).isInstanceOf(type("jakarta.enterprise.concurrent.ManageableThread"));
    System.out.println("the resolution completed on " + completer);
    assertThat(threadNames()).noneMatch(n -> n.matches("fedroute-\\d+"));
  }

  @Test
  void badConfigurationFailsTheDeploymentListingEveryBadKey() {
    PayaraRuntime payara = PayaraRuntime.current();
    List<LogRecord> logged;
    boolean deployed;
    try (CapturedLog log = CapturedLog.of("")) {
      deployed = payara.deploy("fedroute-bad", resource(BAD_PROBE));
      logged = log.records();
    } finally {
      undeployQuietly(payara, "fedroute-bad");
    }

    assertThat(deployed).as("the application runs although its configuration is bad").isFalse();
    assertThat(logged.stream().map(PayaraFederationIT::fullText))
        .anySatisfy(
            text ->
                assertThat(text)
                    .contains(
                        "Invalid Fedroute configuration (3 problems)",
                        "fedroute.well-known.timeout = \"forever\"",
                        "fedroute.cache.max-size = \"0\"",
                        "fedroute.well-known.enable = \"false\": unknown Fedroute key"));
  }

  @Test
  void undeployAndRedeployLeaveNoFedrouteThreadOrClientBehind() throws Exception {
    LoopbackFederation.get();
    PayaraRuntime payara = PayaraRuntime.current();
    Set<Thread> before = fedrouteThreads(null);
    for (int round = 1; round <= 2; round++) {
      WeakReference<ClassLoader> probeLoader = deployUseAndUndeployTheProbe(payara, before, round);

      Unloading.forgetTheLastRecordMethods();
      boolean collected = Unloading.collected(probeLoader);
      System.out.println("round " + round + ": the probe's class loader collected: " + collected);
      assertThat(collected).as("round %d: the probe's class loader was collected", round).isTrue();
    }
  }

  /**
   * Deploys the probe, checks its threads and client, undeploys it and checks that they are gone;
   * returns its class loader weakly, every strong reference to it gone with this frame.
   */
  private static WeakReference<ClassLoader> deployUseAndUndeployTheProbe(
      PayaraRuntime payara, Set<Thread> before, int round) throws InterruptedException {
    Object[] handedOver;
    try (CapturedLog log = CapturedLog.of(ProbeApp.LOGGER)) {
      assertThat(payara.deploy("fedroute-probe", resource(GOOD_PROBE))).isTrue();
      handedOver = log.records().get(0).getParameters();
    }
    assertThat(handedOver[0]).isEqualTo("status 200");
    Client client = (Client) handedOver[1];
    ClassLoader probeLoader = (ClassLoader) handedOver[2];
    Set<Thread> during = fedrouteThreads(probeLoader);
    during.removeAll(before);
    System.out.println("round " + round + ": the probe runs " + during);
    assertThat(during).as("threads the probe started (the check below can fail)").isNotEmpty();

    payara.undeploy("fedroute-probe");

    Set<Thread> left = awaitGone(before, probeLoader);
    for (Thread t : left) {
      System.out.println(
          "left: "
              + t
              + " id "
              + t.getId()
              + " probe's context: "
              + (t.getContextClassLoader() == probeLoader)
              + " seen during: "
              + during.contains(t)
              + " stack: "
              + Arrays.toString(t.getStackTrace()));
    }
    assertThat(left).as("Fedroute threads left after undeploy").isEmpty();
    assertThatThrownBy(() -> client.target("https://127.0.0.1/"))
        .as("the probe's federation client is closed")
        .isInstanceOf(IllegalStateException.class);
    return new WeakReference<>(probeLoader);
  }

  private RecordedRequest send(String serverName, HttpsTestServer server) {
    server.clearRequests();
    Resolution resolution = resolver.resolveBlocking(serverName);
    Client carrier = clients.client(resolution.tlsServerName());
    try (Response response = clients.request(serverName, PATH).get()) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.readEntity(String.class)).isEqualTo(LoopbackFederation.BODY);
    }
    assertThat(server.requests()).hasSize(1);
    RecordedRequest seen = server.requests().get(0);
    System.out.printf(
        "%s -> step %s, carried by %s, User-Agent %s, Host %s, SNI %s%n",
        serverName,
        resolution.step().label(),
        carrier.getClass().getName(),
        seen.header("user-agent"),
        seen.host(),
        seen.sni());
    assertThat(carrier.getClass().getName()).startsWith("org.glassfish.jersey.client.");
    assertThat(seen.header("user-agent"))
        .as("Fedroute's User-Agent, not the client stack's")
        .isEqualTo(dev.fedroute.FedrouteConfig.DEFAULT_USER_AGENT);
    assertThat(seen.path()).isEqualTo(PATH);
    return seen;
  }

  private void assertRefusedForTls(String serverNameHost) {
    LoopbackFederation world = LoopbackFederation.get();
    String name = serverNameHost + ":" + world.port;
    world.federation.clearRequests();

    assertThatThrownBy(() -> clients.request(name, PATH).get())
        .isInstanceOf(ProcessingException.class)
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.TLS_FAILURE));
    assertThat(world.federation.requests()).isEmpty();
  }

  private static ErrorCode codeOf(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof FedrouteException fe) {
        return fe.code();
      }
    }
    return null;
  }

  private static List<String> addresses(Target t) {
    return t.addresses().stream().map(a -> a.getHostAddress()).toList();
  }

  private static Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, false, PayaraFederationIT.class.getClassLoader());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<Thread> threadsRunning(String classPrefix) {
    List<Thread> found = new ArrayList<>();
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              if (Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith(classPrefix))) {
                found.add(thread);
              }
            });
    return found;
  }

  private static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  /** Fedroute's and dnsjava's threads, and any thread whose context is {@code loader}. */
  private static Set<Thread> fedrouteThreads(ClassLoader loader) {
    Set<Thread> found = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName().toLowerCase(java.util.Locale.ROOT);
      if (name.startsWith("fedroute-")
          || name.contains("dnsjava")
          || (loader != null && t.getContextClassLoader() == loader)) {
        found.add(t);
      }
    }
    return found;
  }

  private static Set<Thread> awaitGone(Set<Thread> before, ClassLoader loader)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Set<Thread> left = fedrouteThreads(loader);
      left.removeAll(before);
      left.removeIf(t -> !t.isAlive());
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      Thread.sleep(100);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = PayaraFederationIT.class.getResourceAsStream(name);
    if (in == null) {
      throw new UncheckedIOException(new IOException(name + " is not in the deployment"));
    }
    try (in) {
      return new ByteArrayInputStream(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void undeployQuietly(PayaraRuntime payara, String name) {
    try {
      payara.undeploy(name);
    } catch (RuntimeException ignored) {
      // it never got deployed
    }
  }

  private static String fullText(LogRecord record) {
    StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
      text.append('\n').append(t);
    }
    return text.toString();
  }
}
