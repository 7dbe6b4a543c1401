package dev.fedroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fedroute.InvalidConfigurationException.Violation;
import dev.fedroute.testing.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FedrouteConfigTest {

  @Test
  void theDefaultsAreDocsResolutionMdsNumbers() {
    FedrouteConfig c = FedrouteConfig.defaults();

    assertThat(c.resolveTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.steps()).isEqualTo(new FedrouteConfig.Steps(true, true, true));
    assertThat(c.dns()).isEqualTo(new FedrouteConfig.Dns(List.of(), Duration.ofSeconds(5), true));
    assertThat(c.wellKnown())
        .isEqualTo(
            new FedrouteConfig.WellKnown(
                443, Duration.ofSeconds(5), Duration.ofSeconds(10), 51_200, 5));
    assertThat(c.caching().wellKnownMinTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.caching().wellKnownMaxTtl()).isEqualTo(Duration.ofHours(48));
    assertThat(c.caching().wellKnownDefaultTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(c.caching().wellKnownJitter()).isEqualTo(0.1);
    assertThat(c.caching().refreshAheadFraction()).isEqualTo(0.2);
    assertThat(c.caching().wellKnownErrors())
        .isEqualTo(new FedrouteConfig.Backoff(Duration.ofMinutes(1), Duration.ofHours(1)));
    assertThat(c.caching().dnsErrors())
        .isEqualTo(new FedrouteConfig.Backoff(Duration.ofMinutes(1), Duration.ofHours(1)));
    assertThat(c.caching().dnsServeStale()).isEqualTo(Duration.ofDays(1));
    assertThat(c.addresses().blocklist()).isEqualTo(FedrouteConfig.DEFAULT_BLOCKLIST);
    assertThat(c.addresses().allowlist()).isEmpty();
    assertThat(c.servers())
        .isEqualTo(new FedrouteConfig.Servers(List.of(), List.of(), java.util.Map.of()));
    assertThat(c.trustStore()).isEmpty();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void everyBrokenRuleIsReportedAtOnceNamedByItsBuilderMethod() {
    InvalidConfigurationException e =
        catchThrowableOfType(
            InvalidConfigurationException.class,
            () ->
                FedrouteConfig.builder()
                    .resolveTimeout(Duration.ZERO)
                    .dnsQueryTimeout(Duration.ofSeconds(-1))
                    .wellKnownPort(0)
                    .wellKnownMaxBodyBytes(0)
                    .wellKnownMaxRedirects(-1)
                    .cacheMaxSize(0)
                    .wellKnownMinTtl(Duration.ofHours(2))
                    .wellKnownMaxTtl(Duration.ofHours(1))
                    .wellKnownJitter(0.6)
                    .refreshAheadFraction(Double.NaN)
                    .dnsErrorBackoffInitial(Duration.ofMinutes(10))
                    .dnsErrorBackoffMax(Duration.ofMinutes(1))
                    .dnsServeStale(Duration.ofSeconds(-1))
                    .unreachableFor(null)
                    .blocklist(null)
                    .build());

    assertThat(e.violations())
        .extracting(Violation::setting)
        .containsExactly(
            "resolveTimeout",
            "dnsQueryTimeout",
            "wellKnownPort",
            "wellKnownMaxBodyBytes",
            "wellKnownMaxRedirects",
            "cacheMaxSize",
            "wellKnownMaxTtl",
            "wellKnownJitter",
            "refreshAheadFraction",
            "dnsServeStale",
            "dnsErrorBackoffMax",
            "blocklist",
            "unreachableFor");
    assertThat(e.violations())
        .contains(
            new Violation("wellKnownPort", "0", "must be from 1 to 65535", null),
            new Violation(
                "wellKnownMaxTtl", "PT1H", "is below wellKnownMinTtl (PT2H)", "wellKnownMinTtl"),
            new Violation("unreachableFor", "null", "must be set", null));
    assertThat(e.getMessage())
        .startsWith("Invalid Fedroute configuration (13 problems):\n")
        .contains("\n  wellKnownJitter = 0.6: must be from 0.0 to 0.5");
  }

  @Test
  void theUserAgentIsFedrouteAndItsVersionAndCannotCarryAHeaderBreak() {
    assertThat(FedrouteConfig.defaults().userAgent())
        .isEqualTo(FedrouteConfig.DEFAULT_USER_AGENT)
        .matches("Fedroute/\\d+\\.\\d+\\.\\d+.*");
    assertThat(FedrouteConfig.builder().userAgent("Homeserver/2.1").build().userAgent())
        .isEqualTo("Homeserver/2.1");
    for (String bad : List.of("", "  ", "Evil\r\nX-Injected: 1", "caf\u00e9")) {
      assertThatThrownBy(() -> FedrouteConfig.builder().userAgent(bad).build())
          .as(bad)
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("userAgent");
    }
  }

  @Test
  void proxyRulesNameEachSettingAndNeverShowCredentials() {
    FedrouteConfig.Builder b =
        FedrouteConfig.builder()
            .proxyUrl(
                java.util.Optional.of(java.net.URI.create("http://u:secret-pw@p.test:3128/x")))
            .proxyUsername("user:name")
            .proxyPassword("secret-pw");

    assertThatThrownBy(b::build)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("proxyUrl = http://***@p.test:3128/x: must not carry credentials")
        .hasMessageContaining("proxyUsername = ***: must be printable ASCII without ':'")
        .hasMessageNotContaining("secret-pw");
    assertThatThrownBy(() -> FedrouteConfig.builder().proxyUsername("u").build())
        .hasMessageContaining("proxyUsername = ***: is set without proxyUrl");
    assertThatThrownBy(() -> FedrouteConfig.builder().proxyPassword("pw").build())
        .hasMessageContaining("proxyPassword = ***: is set without proxyUsername")
        .hasMessageNotContaining("pw:");

    FedrouteConfig.Proxy proxy =
        FedrouteConfig.builder()
            .proxyUrl(java.util.Optional.of(java.net.URI.create("https://[::1]")))
            .proxyUsername("u")
            .proxyPassword("secret-pw")
            .build()
            .proxy();
    assertThat(proxy.display()).isEqualTo("https://[::1]:443");
    assertThat(proxy.toString()).doesNotContain("secret-pw").contains("credentials=***");
    assertThat(FedrouteConfig.defaults().proxy().enabled()).isFalse();
  }

  @Test
  void noProxyEntriesMatchNamesSuffixesAndRanges() {
    FedrouteConfig.Proxy proxy =
        FedrouteConfig.builder()
            .proxyUrl(java.util.Optional.of(java.net.URI.create("http://p.test:3128")))
            .proxyNoProxy(
                java.util.stream.Stream.of("partner.test", ".corp.example", "10.0.0.0/8", "::1")
                    .map(ProxyExemption::parse)
                    .toList())
            .build()
            .proxy();
    java.util.Optional<java.net.InetAddress> none = java.util.Optional.empty();
    java.util.Optional<java.net.InetAddress> ten =
        java.util.Optional.of(
            dev.fedroute.internal.text.IpAddresses.parse("10.1.2.3").orElseThrow());

    assertThat(proxy.applies("PARTNER.test", none)).isFalse();
    assertThat(proxy.applies("x.partner.test", none)).isTrue();
    assertThat(proxy.applies("a.b.corp.example", none)).isFalse();
    assertThat(proxy.applies("corp.example", none)).isTrue();
    assertThat(proxy.applies("matrix.org", ten)).isFalse();
    assertThat(proxy.applies("matrix.org", none)).isTrue();
    assertThat(proxy.applies("10.9.9.9", none)).isFalse();
    assertThat(proxy.applies("::1", none)).isFalse();
    for (String bad : List.of("*.corp.example", "host:80", "10.0.0.0/99", "")) {
      assertThatThrownBy(() -> ProxyExemption.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a no-proxy entry");
    }
    assertThatThrownBy(() -> ProxyExemption.parse("host:80"))
        .hasMessageEndingWith(": a name has no port");
    for (String bracketedOrDotted : List.of("[::1]", ".10.0.0.1", "[::1]:80")) {
      assertThatThrownBy(() -> ProxyExemption.parse(bracketedOrDotted))
          .as(bracketedOrDotted)
          .hasMessageEndingWith(
              ": an address is written bare (192.0.2.7, 2001:db8::1) or as a range");
    }
  }

  @Test
  void theRecordsObeyTheSameRulesAsTheBuilder() {
    FedrouteConfig d = FedrouteConfig.defaults();

    assertThatThrownBy(
            () ->
                new FedrouteConfig(
                    d.resolveTimeout(),
                    d.steps(),
                    new FedrouteConfig.Dns(List.of(), Duration.ZERO, true),
                    d.wellKnown(),
                    d.caching(),
                    d.addresses(),
                    d.servers(),
                    d.userAgent(),
                    d.proxy(),
                    d.trustStore()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("dnsQueryTimeout = PT0S: must be positive");
  }

  @Test
  void aTrustStoreThatDoesNotLoadBreaksARule(@TempDir Path dir) throws IOException {
    Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a key store");
    Path missing = dir.resolve("missing.p12");

    assertThatThrownBy(
            () ->
                FedrouteConfig.builder()
                    .trustStore(Optional.of(new FedrouteConfig.TrustStore(missing, "secret")))
                    .build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("trustStore = " + missing + ": is not a readable file")
        .hasMessageNotContaining("secret");
    assertThat(new FedrouteConfig.TrustStore(garbage, "pw").problem())
        .hasValueSatisfying(p -> assertThat(p).startsWith("is not usable as PKCS12 or JKS"));
    assertThatThrownBy(() -> new FedrouteConfig.TrustStore(garbage, "pw").load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("trust store " + garbage + " is not usable");
  }

  @Test
  void aTrustStoreIsReadOnceWhileItsFileIsUnchangedAndAgainWhenItChanges(@TempDir Path dir)
      throws Exception {
    TestCa first = TestCa.create("First CA");
    TestCa second = TestCa.create("Second CA");
    Path file = first.writeTrustStore(dir.resolve("trust.p12"), "changeit", "PKCS12");
    FedrouteConfig.TrustStore store = new FedrouteConfig.TrustStore(file, "changeit");

    assertThat(store.problem()).isEmpty();
    KeyStore loaded = store.load();
    assertThat(new FedrouteConfig.TrustStore(file, "changeit").load()).isSameAs(loaded);
    assertThat(onlyCertificate(loaded)).isEqualTo(first.certificate());
    // Another password is another question: not answered from the last read.
    assertThat(new FedrouteConfig.TrustStore(file, "wrong").problem())
        .hasValueSatisfying(p -> assertThat(p).startsWith("is not usable as PKCS12 or JKS"));

    second.writeTrustStore(file, "changeit", "PKCS12");
    Files.setLastModifiedTime(
        file, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(5)));
    KeyStore reread = store.load();
    assertThat(reread).isNotSameAs(loaded);
    assertThat(onlyCertificate(reread)).isEqualTo(second.certificate());

    Files.writeString(file, "not a key store");
    assertThat(store.problem())
        .hasValueSatisfying(p -> assertThat(p).startsWith("is not usable as PKCS12 or JKS"));
  }

  private static Certificate onlyCertificate(KeyStore store) throws KeyStoreException {
    List<String> aliases = Collections.list(store.aliases());
    assertThat(aliases).hasSize(1);
    return store.getCertificate(aliases.get(0));
  }
}
