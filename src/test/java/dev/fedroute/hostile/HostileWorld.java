package dev.fedroute.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Cidr;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.WellKnownResult;
import dev.fedroute.cli.CliRun;
import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hostile peers on loopback, and one way to ask about a server name both through the library
 * ({@link ServerNameResolver#create}) and through the CLI ({@code --json}, in process), with the
 * same configuration.
 *
 * <p>Every case host {@code <label>.hostile.test} (see {@link #host}) has an A record 127.0.0.1,
 * where the {@code .well-known} server listens (its certificate covers {@code *.hostile.test}; a
 * case may present another one by SNI), and a {@code _matrix-fed._tcp} SRV record to {@link
 * #SRV_TARGET}: a case whose {@code .well-known} must not delegate ends at step 4 with that target,
 * which shows that the resolution went on where the rules say. {@link #DELEGATE} ({@code
 * deleg.hostile.test:8448}) is what a body delegates to: step 3.2. Loopback {@code 127.0.0.0/24}
 * and {@code ::1} are allowed; {@code 127.0.1.0/24} stays blocked, and a {@link #trap} server there
 * shows that nothing ever connects to it. The servers, the CA and the trust store are a {@link
 * TestWorld}'s. A test class holds it in a {@code @RegisterExtension} static field, which closes it
 * after the class.
 */
final class HostileWorld implements AutoCloseable, AfterAllCallback {
  static final String DOMAIN = "hostile.test";
  static final String PATH = "/.well-known/matrix/server";
  static final String SRV_TARGET = "srv-target.hostile.test";
  static final String SRV_TARGET_IP = "127.0.0.9";
  static final String DELEGATE = "deleg.hostile.test:8448";
  static final String DELEGATE_IP = "127.0.0.8";
  static final String BLOCKED_IP = "127.0.1.1";
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);
  private static final String PASSWORD = TestWorld.TRUST_STORE_PASSWORD;
  private static final List<String> ALLOW = List.of("127.0.0.0/24", "::1/128");

  private final TestWorld world;
  private final HttpsTestServer trap;

  private HostileWorld(BiConsumer<TestCa, HttpsTestServer.Builder> identities) {
    world =
        TestWorld.start(
            List.of(
                SRV_TARGET + ". 300 IN A " + SRV_TARGET_IP,
                "deleg.hostile.test. 300 IN A " + DELEGATE_IP),
            identities,
            DOMAIN,
            "*." + DOMAIN);
    trap =
        HttpsTestServer.https(world.ca().issue("*." + DOMAIN))
            .bind(BLOCKED_IP, world.https().port())
            .start();
  }

  /**
   * Starts a world, to hold in a test class's {@code @RegisterExtension} static field: it closes
   * after the class.
   *
   * @param identities adds certificates (from the world's CA, or others) that the {@code
   *     .well-known} server presents for some SNI names
   * @return the world
   */
  static HostileWorld start(BiConsumer<TestCa, HttpsTestServer.Builder> identities) {
    return new HostileWorld(identities);
  }

  /** Starts a world whose {@code .well-known} server presents only {@code *.hostile.test}. */
  static HostileWorld start() {
    return start((ca, b) -> {});
  }

  TestCa ca() {
    return world.ca();
  }

  DnsTestServer dns() {
    return world.dns();
  }

  HttpsTestServer wellKnown() {
    return world.https();
  }

  /** The server on a blocked loopback address, on the {@code .well-known} port. */
  HttpsTestServer trap() {
    return trap;
  }

  /**
   * A case host: {@code <label>.hostile.test}, at 127.0.0.1, with its SRV record to {@link
   * #SRV_TARGET}.
   */
  String host(String label) {
    String host = label + "." + DOMAIN;
    dns()
        .addRecords(
            host + ". 300 IN A 127.0.0.1",
            "_matrix-fed._tcp." + host + ". 300 IN SRV 10 5 8448 " + SRV_TARGET + ".");
    return host;
  }

  /** A case host whose {@code .well-known} answers with this response. */
  String serving(String label, TestResponse response) {
    String host = host(label);
    wellKnown().route(host, PATH, r -> response);
    return host;
  }

  /** The configuration both the library and the CLI run with, before a case's own changes. */
  FedrouteConfig.Builder config() {
    return timeouts(
        FedrouteConfig.builder()
            .dnsServers(List.of(dns().address()))
            .wellKnownPort(wellKnown().port())
            .trustStore(Optional.of(new FedrouteConfig.TrustStore(world.trustStore(), PASSWORD)))
            .allow(Cidr.parseAll(ALLOW)));
  }

  /** What neither the CLI's options nor their defaults set: timeouts short enough for tests. */
  private static FedrouteConfig.Builder timeouts(FedrouteConfig.Builder b) {
    return b.dnsQueryTimeout(Duration.ofSeconds(1)).wellKnownTimeout(FETCH_TIMEOUT);
  }

  /** Resolves through the library, with the world's configuration changed by {@code adjust}. */
  Outcome library(String serverName, UnaryOperator<FedrouteConfig.Builder> adjust) {
    long start = System.nanoTime();
    try (ServerNameResolver resolver = ServerNameResolver.create(adjust.apply(config()).build())) {
      Resolution r = resolver.resolveBlocking(serverName);
      return Outcome.of(r, Duration.ofNanos(System.nanoTime() - start));
    } catch (FedrouteException e) {
      return Outcome.of(e, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Resolves through the CLI's own options ({@code --json --dns --trust-store --allow}), with the
   * resolver the CLI builds from them changed by the same timeouts and {@code adjust}.
   */
  Outcome cli(String serverName, UnaryOperator<FedrouteConfig.Builder> adjust) {
    long start = System.nanoTime();
    JsonObject json = cliJson(serverName, adjust);
    return Outcome.of(json, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Runs the CLI as {@link #cli} does, with more options, and returns its JSON.
   *
   * @param serverName the server name
   * @param adjust changes to the configuration the CLI's options give
   * @param options more options, such as {@code --connect}
   * @return the one JSON object the CLI printed; its exit code was checked against its result
   */
  JsonObject cliJson(
      String serverName, UnaryOperator<FedrouteConfig.Builder> adjust, String... options) {
    List<String> args = new ArrayList<>(List.of("--json", "--dns", "127.0.0.1:" + dnsPort()));
    args.addAll(
        List.of(
            "--trust-store", world.trustStore().toString(), "--trust-store-password", PASSWORD));
    for (String cidr : ALLOW) {
      args.addAll(List.of("--allow", cidr));
    }
    args.addAll(List.of(options));
    args.addAll(
        List.of("--well-known-port", Integer.toString(wellKnown().port()), "--", serverName));
    CliRun run =
        CliRun.run(
            config -> ServerNameResolver.create(adjust.apply(timeouts(config.toBuilder())).build()),
            args.toArray(String[]::new));
    assertThat(run.out().strip()).as(run.err()).doesNotContain("\n").isNotEmpty();
    JsonObject json = run.json();
    assertThat(run.exit()).as(run.out()).isEqualTo(json.getString("result").equals("ok") ? 0 : 1);
    return json;
  }

  /**
   * Resolves through the library and through the CLI, and checks both against the expectation.
   *
   * @return the library's and the CLI's outcomes
   */
  List<Outcome> expect(
      String serverName, Expect expected, UnaryOperator<FedrouteConfig.Builder> adjust) {
    Outcome viaLibrary = library(serverName, adjust);
    expected.check("library", viaLibrary);
    Outcome viaCli = cli(serverName, adjust);
    expected.check("CLI", viaCli);
    return List.of(viaLibrary, viaCli);
  }

  /** {@link #expect(String, Expect, UnaryOperator)} with the world's configuration. */
  List<Outcome> expect(String serverName, Expect expected) {
    return expect(serverName, expected, b -> b);
  }

  private int dnsPort() {
    return dns().address().getPort();
  }

  @Override
  public void close() {
    trap.close();
    world.close();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * What one resolution came to, the same from the library and from the CLI's JSON.
   *
   * @param result {@code ok} or {@code error}
   * @param step the spec's step, or null on failure
   * @param errorCode the error code, or null on success
   * @param wellKnown the {@code .well-known} outcome, or null when that step did not run
   * @param wellKnownError why the {@code .well-known} answer did not count, or null
   * @param mServer the delegation, or null
   * @param targets {@code host:port=address,address} in the order to try
   * @param trace the steps taken
   * @param elapsed how long it took
   */
  record Outcome(
      String result,
      String step,
      String errorCode,
      String wellKnown,
      String wellKnownError,
      String mServer,
      List<String> targets,
      List<String> trace,
      Duration elapsed) {

    static Outcome of(Resolution r, Duration elapsed) {
      return new Outcome(
          "ok",
          r.step().label(),
          null,
          r.wellKnown().outcome().label(),
          r.wellKnown().failureCode().map(WellKnownResult.Failure::label).orElse(null),
          r.wellKnown().mServer(),
          r.targets().stream()
              .map(
                  t ->
                      t.host()
                          + ":"
                          + t.port()
                          + "="
                          + String.join(
                              ",",
                              t.addresses().stream().map(InetAddress::getHostAddress).toList()))
              .toList(),
          r.trace(),
          elapsed);
    }

    static Outcome of(FedrouteException e, Duration elapsed) {
      return new Outcome(
          "error",
          null,
          e.code().code(),
          e.wellKnown().map(w -> w.outcome().label()).orElse(null),
          e.wellKnown()
              .flatMap(WellKnownResult::failureCode)
              .map(WellKnownResult.Failure::label)
              .orElse(null),
          e.wellKnown().map(w -> w.mServer()).orElse(null),
          List.of(),
          e.trace(),
          elapsed);
    }

    static Outcome of(JsonObject json, Duration elapsed) {
      JsonValue wk = json.get("well_known");
      JsonObject wellKnown = wk instanceof JsonObject o ? o : null;
      return new Outcome(
          json.getString("result"),
          json.isNull("step") ? null : json.getString("step"),
          json.isNull("error") ? null : json.getJsonObject("error").getString("code"),
          wellKnown == null ? null : wellKnown.getString("outcome"),
          wellKnown == null || wellKnown.isNull("error") ? null : wellKnown.getString("error"),
          wellKnown == null || wellKnown.isNull("m_server")
              ? null
              : wellKnown.getString("m_server"),
          json.getJsonArray("targets").stream()
              .map(JsonValue::asJsonObject)
              .map(
                  t ->
                      t.getString("host")
                          + ":"
                          + t.getInt("port")
                          + "="
                          + String.join(
                              ",",
                              t.getJsonArray("addresses").getValuesAs(JsonString.class).stream()
                                  .map(JsonString::getString)
                                  .toList()))
              .toList(),
          json.getJsonArray("trace").getValuesAs(JsonString.class).stream()
              .map(JsonString::getString)
              .toList(),
          elapsed);
    }
  }

  /**
   * An expected outcome; null fields are not checked.
   *
   * @param result {@code ok} or {@code error}
   * @param step the step, or null
   * @param errorCode the error code, or null
   * @param wellKnown the {@code .well-known} outcome, or null
   * @param wellKnownError why it did not count (checked with the outcome)
   * @param mServer the delegation, or null
   * @param targets the targets exactly, or null
   * @param traceNote a text one line of the trace contains, or null
   */
  record Expect(
      String result,
      String step,
      String errorCode,
      String wellKnown,
      String wellKnownError,
      String mServer,
      List<String> targets,
      String traceNote) {

    /**
     * No delegation, for the given reason (its stable code, and a text in the trace): the
     * resolution goes on with step 4 (the SRV).
     */
    static Expect noDelegation(String error, String why) {
      return new Expect(
          "ok",
          "4",
          null,
          "none",
          error,
          null,
          List.of(SRV_TARGET + ":8448=" + SRV_TARGET_IP),
          "(" + why);
    }

    /** A delegation to {@link #DELEGATE}: step 3.2. */
    static Expect delegated() {
      return new Expect(
          "ok",
          "3.2",
          null,
          "delegated",
          null,
          DELEGATE,
          List.of(DELEGATE + "=" + DELEGATE_IP),
          "m.server " + DELEGATE);
    }

    /** A success at a step, with these targets. */
    static Expect ok(String step, List<String> targets, String traceNote) {
      return new Expect("ok", step, null, null, null, null, targets, traceNote);
    }

    /** A failure with an error code. */
    static Expect failure(String errorCode, String traceNote) {
      return new Expect("error", null, errorCode, null, null, null, null, traceNote);
    }

    void check(String via, Outcome actual) {
      String what = via + ": " + actual;
      assertThat(actual.result()).as(what).isEqualTo(result);
      assertThat(actual.errorCode()).as(what).isEqualTo(errorCode);
      if (step != null) {
        assertThat(actual.step()).as(what).isEqualTo(step);
      }
      if (wellKnown != null) {
        assertThat(actual.wellKnown()).as(what).isEqualTo(wellKnown);
        assertThat(actual.wellKnownError()).as(what).isEqualTo(wellKnownError);
        assertThat(actual.mServer()).as(what).isEqualTo(mServer);
      }
      if (targets != null) {
        assertThat(actual.targets()).as(what).isEqualTo(targets);
      }
      if (traceNote != null) {
        assertThat(actual.trace()).as(what).anyMatch(line -> line.contains(traceNote));
      }
      // What a peer sent reaches the trace (and so the logs and the CLI's report) only with its
      // control characters escaped: no forged log lines, no terminal escapes.
      assertThat(actual.trace())
          .as(what)
          .noneMatch(line -> line.chars().anyMatch(Character::isISOControl));
    }
  }
}
