package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.fedroute.Cidr;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.ServerName;
import dev.fedroute.ServerPattern;
import dev.fedroute.jakarta.FedrouteConfigurationException.Problem;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The mapping of MicroProfile Config onto the core configuration, without a container. */
class FedrouteConfigMapperTest {

  private static FedrouteConfigMapper.Mapped map(String... pairs) {
    return FedrouteConfigMapper.map(TestConfig.of(pairs));
  }

  private static FedrouteConfigurationException failure(String... pairs) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> map(pairs));
    assertThat(thrown).isInstanceOf(FedrouteConfigurationException.class);
    return (FedrouteConfigurationException) thrown;
  }

  @Test
  void noKeysGiveTheCoreDefaults() {
    FedrouteConfigMapper.Mapped mapped = map();

    assertThat(mapped.resolver()).isEqualTo(FedrouteConfig.defaults());
    assertThat(mapped.client()).isEqualTo(FederationClientSettings.defaults());
    assertThat(mapped.cluster()).isEqualTo(ClusterSettings.DEFAULTS);
  }

  @Test
  void theClusterKeys() {
    assertThat(
            map(
                    "fedroute.cluster.enabled=true",
                    "fedroute.cluster.cache= homeserver-routes ",
                    "fedroute.cluster.container=homeserver",
                    "fedroute.cluster.timeout=50ms")
                .cluster())
        .isEqualTo(
            new ClusterSettings(true, "homeserver-routes", "homeserver", Duration.ofMillis(50)));
    assertThat(failure("fedroute.cluster.timeout=0s", "fedroute.cluster.enabled=maybe").problems())
        .extracting(Problem::key)
        .containsExactlyInAnyOrder("fedroute.cluster.timeout", "fedroute.cluster.enabled");
    assertThatThrownBy(
            () -> new ClusterSettings(true, "fedroute", " ", ClusterSettings.DEFAULTS.timeout()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster.container");
  }

  @Test
  void everyDocumentedDefaultWrittenOutGivesTheDefaults() {
    String[] pairs =
        Arrays.stream(ConfigKey.values())
            .filter(k -> !k.defaultText().isEmpty())
            .map(k -> k.key() + "=" + k.defaultText())
            .toArray(String[]::new);
    assertThat(pairs).hasSizeGreaterThan(25);

    FedrouteConfigMapper.Mapped mapped = map(pairs);

    assertThat(mapped.resolver()).isEqualTo(FedrouteConfig.defaults());
    assertThat(mapped.client()).isEqualTo(FederationClientSettings.defaults());
  }

  @Test
  void overridesOfEveryKind() throws Exception {
    FedrouteConfigMapper.Mapped mapped =
        map(
            "fedroute.dns.servers=192.0.2.53, 192.0.2.54:5353,[2001:db8::53]:53,2001:db8::54",
            "fedroute.dns.query-timeout=500ms",
            "fedroute.resolve.timeout=PT45S",
            "fedroute.well-known.enabled=false",
            "fedroute.legacy-srv.enabled=off",
            "fedroute.well-known.port=8443",
            "fedroute.well-known.max-redirects=0",
            "fedroute.well-known.min-ttl=10m",
            "fedroute.well-known.max-ttl=2d",
            "fedroute.well-known.jitter=0",
            "fedroute.refresh-ahead.fraction=0.5",
            "fedroute.dns.serve-stale=0s",
            "fedroute.blocklist=default,192.0.3.0/24",
            "fedroute.allowlist=127.0.0.0/8, fd00::/8",
            "fedroute.cache.max-size=5",
            "fedroute.client.read-timeout=2m",
            "fedroute.client.max-connections-per-name=3");

    FedrouteConfig c = mapped.resolver();
    assertThat(c.dns().servers())
        .containsExactly(
            new InetSocketAddress(InetAddress.getByName("192.0.2.53"), 53),
            new InetSocketAddress(InetAddress.getByName("192.0.2.54"), 5353),
            new InetSocketAddress(InetAddress.getByName("2001:db8::53"), 53),
            new InetSocketAddress(InetAddress.getByName("2001:db8::54"), 53));
    assertThat(c.dns().queryTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.resolveTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.steps().wellKnown()).isFalse();
    assertThat(c.steps().legacySrv()).isFalse();
    assertThat(c.wellKnown().port()).isEqualTo(8443);
    assertThat(c.wellKnown().maxRedirects()).isZero();
    assertThat(c.caching().wellKnownMinTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.caching().wellKnownMaxTtl()).isEqualTo(Duration.ofDays(2));
    assertThat(c.caching().wellKnownJitter()).isZero();
    assertThat(c.caching().refreshAheadFraction()).isEqualTo(0.5);
    assertThat(c.caching().dnsServeStale()).isZero();
    assertThat(c.addresses().blocklist())
        .hasSize(FedrouteConfig.DEFAULT_BLOCKLIST.size() + 1)
        .containsAll(FedrouteConfig.DEFAULT_BLOCKLIST)
        .contains(Cidr.parse("192.0.3.0/24"));
    assertThat(c.addresses().allowlist())
        .containsExactly(Cidr.parse("127.0.0.0/8"), Cidr.parse("fd00::/8"));
    assertThat(c.caching().maxSize()).isEqualTo(5);
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.wellKnown().timeout()).isEqualTo(FedrouteConfig.defaults().wellKnown().timeout());
    assertThat(mapped.client())
        .isEqualTo(
            new FederationClientSettings(
                Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMinutes(5), 3));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("durations")
  void durationFormats(String text, Duration expected) {
    assertThat(map("fedroute.unreachable-for=" + text).resolver().addresses().unreachableFor())
        .isEqualTo(expected);
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("250ms", Duration.ofMillis(250)),
        Arguments.of("7s", Duration.ofSeconds(7)),
        Arguments.of("3m", Duration.ofMinutes(3)),
        Arguments.of(" 2h ", Duration.ofHours(2)),
        Arguments.of("1d", Duration.ofDays(1)),
        Arguments.of("PT1M30S", Duration.ofSeconds(90)),
        Arguments.of("pt10s", Duration.ofSeconds(10)),
        Arguments.of("P1D", Duration.ofDays(1)),
        Arguments.of("0s", Duration.ZERO));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void eachBadValueIsNamedWithItsReason(String key, String value, String reason) {
    FedrouteConfigurationException e = failure(key + "=" + value);

    assertThat(e.problems()).containsExactly(new Problem(key, value, e.problems().get(0).reason()));
    assertThat(e.problems().get(0).reason()).contains(reason);
    assertThat(e.getMessage().lines())
        .element(1)
        .isEqualTo("  " + key + " = \"" + value + "\": " + e.problems().get(0).reason());
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("fedroute.dns.query-timeout", "5 seconds", "not a duration"),
        Arguments.of("fedroute.dns.query-timeout", "10", "not a duration"),
        Arguments.of("fedroute.resolve.timeout", "0s", "must be positive"),
        Arguments.of("fedroute.resolve.timeout", "-PT5S", "must be positive"),
        Arguments.of("fedroute.dns.serve-stale", "-1d", "must not be negative"),
        Arguments.of("fedroute.well-known.enabled", "maybe", "not a boolean"),
        Arguments.of("fedroute.well-known.port", "70000", "must be from 1 to 65535"),
        Arguments.of("fedroute.well-known.port", "https", "not a whole number"),
        Arguments.of("fedroute.well-known.max-body-bytes", "0", "must be at least 1"),
        Arguments.of("fedroute.well-known.max-redirects", "-1", "must be at least 0"),
        Arguments.of("fedroute.well-known.jitter", "0.9", "must be from 0.0 to 0.5"),
        Arguments.of("fedroute.refresh-ahead.fraction", "NaN", "not a number"),
        Arguments.of("fedroute.blocklist", "10.0.0.0/8,10.0.0.0/33", "10.0.0.0/33"),
        Arguments.of("fedroute.allowlist", "localhost", "\"localhost\""),
        Arguments.of("fedroute.allowlist", "default", "\"default\""),
        Arguments.of("fedroute.dns.servers", "dns.example", "\"dns.example\" is not an IP"),
        Arguments.of("fedroute.dns.servers", "192.0.2.1:0", "\"192.0.2.1:0\" is not an IP"),
        Arguments.of("fedroute.dns.servers", "[2001:db8::1", "is not an IP"),
        Arguments.of("fedroute.dns.servers", "system,192.0.2.1", "\"system\" is not an IP"),
        Arguments.of("fedroute.cache.max-size", "0", "must be at least 1"),
        Arguments.of("fedroute.client.idle-timeout", "0ms", "must be positive"),
        Arguments.of("fedroute.client.max-connections-per-name", "0", "must be at least 1"));
  }

  @Test
  void everyProblemIsReportedAtOnceOnePerLine() {
    FedrouteConfigurationException e =
        failure(
            "fedroute.dns.query-timeout=soon",
            "fedroute.well-known.port=0",
            "fedroute.blocklist=10.0.0.0/99",
            "fedroute.client.read-timeout=-5s",
            "fedroute.well-known.min-ttl=3d",
            "fedroute.dns.servers=resolver.example");

    assertThat(e.problems())
        .extracting(Problem::key)
        .containsExactlyInAnyOrder(
            "fedroute.dns.query-timeout",
            "fedroute.well-known.port",
            "fedroute.blocklist",
            "fedroute.client.read-timeout",
            "fedroute.well-known.max-ttl",
            "fedroute.dns.servers");
    List<String> lines = e.getMessage().lines().toList();
    assertThat(lines.get(0)).isEqualTo("Invalid Fedroute configuration (6 problems):");
    assertThat(lines).hasSize(7);
    assertThat(e.getMessage())
        .contains(
            "fedroute.well-known.max-ttl = \"48h\": is below fedroute.well-known.min-ttl (3d)");
  }

  @Test
  void minimumAboveMaximumIsReported() {
    FedrouteConfigurationException e =
        failure(
            "fedroute.well-known.error-backoff.initial=2h",
            "fedroute.well-known.error-backoff.max=30m",
            "fedroute.dns.error-backoff.max=10s");

    assertThat(e.problems())
        .containsExactly(
            new Problem(
                "fedroute.well-known.error-backoff.max",
                "30m",
                "is below fedroute.well-known.error-backoff.initial (2h)"),
            new Problem(
                "fedroute.dns.error-backoff.max",
                "10s",
                "is below fedroute.dns.error-backoff.initial (1m)"));
  }

  @Test
  void eachBackoffGovernsItsOwnFailures() {
    FedrouteConfig c =
        map(
                "fedroute.well-known.error-backoff.initial=2m",
                "fedroute.well-known.error-backoff.max=2h",
                "fedroute.dns.error-backoff.initial=10s",
                "fedroute.dns.error-backoff.max=5m")
            .resolver();

    assertThat(c.caching().wellKnownErrors())
        .isEqualTo(new FedrouteConfig.Backoff(Duration.ofMinutes(2), Duration.ofHours(2)));
    assertThat(c.caching().dnsErrors())
        .isEqualTo(new FedrouteConfig.Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5)));
  }

  @Test
  void serverPatternsAreReadAndBadOnesReported() {
    FedrouteConfig c =
        map(
                "fedroute.servers.allow=*.friends.test, partner.test",
                "fedroute.servers.deny=x.friends.test")
            .resolver();
    FedrouteConfigurationException e = failure("fedroute.servers.deny=*.friends.test:8448");

    assertThat(c.servers().allow())
        .containsExactly(
            ServerPattern.parse("*.friends.test"), ServerPattern.parse("partner.test"));
    assertThat(c.servers().deny()).containsExactly(ServerPattern.parse("x.friends.test"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.key()).isEqualTo("fedroute.servers.deny"))
        .satisfies(p -> assertThat(p.reason()).contains("is not a server name pattern"));
  }

  @Test
  void overridesAreReadAndBadOnesReported() {
    FedrouteConfig c =
        map("fedroute.overrides=example.org=matrix.example.net:8448, other.test=[2001:db8::1]")
            .resolver();

    assertThat(c.servers().overrides())
        .containsOnly(
            org.assertj.core.api.Assertions.entry(
                ServerName.parse("example.org"), ServerName.parse("matrix.example.net:8448")),
            org.assertj.core.api.Assertions.entry(
                ServerName.parse("other.test"), ServerName.parse("[2001:db8::1]")));
    assertThat(failure("fedroute.overrides=example.org").problems())
        .singleElement()
        .satisfies(
            p -> assertThat(p.reason()).isEqualTo("\"example.org\" is not server.name=m.server"));
    assertThat(failure("fedroute.overrides=example.org:8448=m.test").problems())
        .singleElement()
        .satisfies(p -> assertThat(p.key()).isEqualTo("fedroute.overrides"))
        .satisfies(p -> assertThat(p.reason()).contains("a DNS name without a port"));
    assertThat(failure("fedroute.overrides=a.test=b.test,a.test=c.test").problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).isEqualTo("a.test is overridden twice"));
  }

  @Test
  void proxyKeysAreReadAndTheirCredentialsNeverShown() {
    FedrouteConfig c =
        map(
                "fedroute.proxy.url=http://proxy.corp.example:3128",
                "fedroute.proxy.username=fedroute",
                "fedroute.proxy.password=hunter2-proxy",
                "fedroute.proxy.no-proxy=partner.example.org, .corp.example, 10.0.0.0/8",
                "fedroute.proxy.connect-by=name")
            .resolver();

    assertThat(c.proxy().display()).isEqualTo("http://proxy.corp.example:3128");
    assertThat(c.proxy().username()).isEqualTo("fedroute");
    assertThat(c.proxy().password()).isEqualTo("hunter2-proxy");
    assertThat(c.proxy().noProxy())
        .extracting(Object::toString)
        .containsExactly("partner.example.org", ".corp.example", "10.0.0.0/8");
    assertThat(c.proxy().connectBy()).isEqualTo(FedrouteConfig.Proxy.ConnectBy.NAME);
    assertThat(c.toString()).doesNotContain("hunter2-proxy").doesNotContain("fedroute,");

    FedrouteConfigurationException e =
        failure(
            "fedroute.proxy.url=http://someone:hunter2-proxy@proxy.corp.example:3128",
            "fedroute.proxy.password=hunter2-proxy",
            "fedroute.proxy.no-proxy=*.corp.example",
            "fedroute.proxy.connect-by=tunnel");
    assertThat(e.getMessage()).doesNotContain("hunter2-proxy").doesNotContain("someone");
    assertThat(e.problems())
        .extracting(Problem::key)
        .containsExactlyInAnyOrder(
            "fedroute.proxy.url",
            "fedroute.proxy.password",
            "fedroute.proxy.no-proxy",
            "fedroute.proxy.connect-by");
    assertThat(e.problems())
        .filteredOn(p -> p.key().equals("fedroute.proxy.url"))
        .singleElement()
        .satisfies(p -> assertThat(p.value()).isEqualTo("http://***@proxy.corp.example:3128"))
        .satisfies(p -> assertThat(p.reason()).contains("must not carry credentials"));
    assertThat(failure("fedroute.proxy.url=socks5://127.0.0.1:1080").problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("must be http://host:port"));
  }

  @Test
  void theFormerSharedBackoffKeyNamesItsTwoSuccessors() {
    FedrouteConfigurationException e = failure("fedroute.error-backoff.initial=2m");

    assertThat(e.problems())
        .containsExactly(
            new Problem(
                "fedroute.error-backoff.initial",
                "2m",
                "unknown Fedroute key (renamed: set fedroute.well-known.error-backoff.initial and"
                    + " fedroute.dns.error-backoff.initial)"));
  }

  @Test
  void unknownFedrouteKeysAreReportedWithASuggestion() {
    FedrouteConfigurationException e =
        failure(
            "fedroute.dns.server=192.0.2.53",
            "fedroute.completely.different=1",
            "other.library.key=ignored");

    assertThat(e.problems())
        .containsExactly(
            new Problem("fedroute.completely.different", "1", "unknown Fedroute key"),
            new Problem(
                "fedroute.dns.server",
                "192.0.2.53",
                "unknown Fedroute key (did you mean fedroute.dns.servers?)"));
  }

  @Test
  void trustStoreIsLoadedAtMappingTime(@TempDir Path dir) throws Exception {
    Path file = trustStore(dir, "changeit");

    FedrouteConfig c =
        map("fedroute.trust-store.path=" + file, "fedroute.trust-store.password=changeit")
            .resolver();

    assertThat(c.trustStore()).hasValue(new FedrouteConfig.TrustStore(file, "changeit"));
  }

  @Test
  void aTrustStoreWithoutCertificatesFailsAtMappingTime(@TempDir Path dir) throws Exception {
    Path file = emptyTrustStore(dir);

    FedrouteConfigurationException empty =
        failure("fedroute.trust-store.path=" + file, "fedroute.trust-store.password=changeit");

    assertThat(empty.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("holds no certificate"));
  }

  @Test
  void unreadableTrustStoresAreReportedAndThePasswordNeverShown(@TempDir Path dir)
      throws Exception {
    Path file = trustStore(dir, "right-secret");

    FedrouteConfigurationException wrongPassword =
        failure("fedroute.trust-store.path=" + file, "fedroute.trust-store.password=wrong-secret");
    FedrouteConfigurationException missing =
        failure("fedroute.trust-store.path=" + dir.resolve("absent.p12"));
    FedrouteConfigurationException orphanPassword =
        failure("fedroute.trust-store.password=wrong-secret");

    assertThat(wrongPassword.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.key()).isEqualTo("fedroute.trust-store.path"))
        .satisfies(p -> assertThat(p.reason()).contains("is not usable as PKCS12 or JKS"));
    assertThat(missing.getMessage()).contains("absent.p12\": is not a readable file");
    assertThat(orphanPassword.problems())
        .containsExactly(
            new Problem(
                "fedroute.trust-store.password", "***", "set without fedroute.trust-store.path"));
    assertThat(wrongPassword.getMessage() + orphanPassword.getMessage())
        .doesNotContain("wrong-secret")
        .doesNotContain("right-secret");
  }

  @Test
  void anUnresolvableExpressionIsAProblemNotACrash() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("fedroute.resolve.timeout", "${missing.property}");

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> FedrouteConfigMapper.map(TestConfig.of(values)));

    assertThat(thrown)
        .asInstanceOf(type(FedrouteConfigurationException.class))
        .satisfies(
            e ->
                assertThat(e.problems())
                    .extracting(Problem::key)
                    .containsExactly("fedroute.resolve.timeout"));
  }

  @Test
  void aProblemListIsNeverEmpty() {
    assertThatThrownBy(() -> new FedrouteConfigurationException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Path trustStore(Path dir, String password) throws Exception {
    return dev.fedroute.testing.TestCa.create("Mapper Test CA")
        .writeTrustStore(dir.resolve("trust.p12"), password, "PKCS12");
  }

  private static Path emptyTrustStore(Path dir) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    Path file = dir.resolve("empty.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, "changeit".toCharArray());
    }
    return file;
  }
}
