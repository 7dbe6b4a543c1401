package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.Step;
import dev.fedroute.jakarta.ResolutionEvent.Result;
import dev.fedroute.testing.CapturedLog;
import io.smallrye.config.inject.ConfigExtension;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.eclipse.microprofile.config.Config;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bean in a real Weld container with SmallRye Config as the MicroProfile Config implementation:
 * injection, defaults, overrides, start-up failure on bad keys, events.
 */
@ExtendWith(TestConfig.class) // before @EnableWeld: each test's config exists when Weld starts
@EnableWeld
class FedrouteResolverWeldTest {

  @WeldSetup WeldInitiator weld = WeldInitiator.from(container()).build();

  @Inject FedrouteResolver bean;
  @Inject ServerNameResolver resolver;
  @Inject ResolutionCounter counter;

  /** The container of a homeserver: the SmallRye and Fedroute extensions, the bean, a listener. */
  static Weld container() {
    return WeldInitiator.createWeld()
        .addExtension(new ConfigExtension())
        .addExtension(new FedrouteConfigValidation())
        .addBeanClasses(FedrouteResolver.class, ResolutionCounter.class);
  }

  @Test
  void theResolverIsInjectedAsItsInterfaceAndItsClass() {
    assertThat(resolver.cached(ServerName.parse("example.org"))).isEmpty();
    assertThat(bean.config()).isSameAs(((FedrouteResolver) resolver).config());
  }

  @Test
  @TestConfig.Properties({"fedroute.resolve.timeout=12s"})
  void theBeanUsesTheMappingMadeWhenTheDeploymentWasValidated() {
    Config config = weld.select(Config.class).get();
    FedrouteConfigValidation validation = weld.select(FedrouteConfigValidation.class).get();

    assertThat(validation.mappingOf(config))
        .as("the deployment's validation mapped this configuration")
        .hasValueSatisfying(
            mapped ->
                assertThat(bean.config())
                    .as("not mapped a second time")
                    .isSameAs(mapped.resolver()));
    assertThat(bean.config().resolveTimeout()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void withoutKeysTheBeanHasTheDefaults() {
    assertThat(bean.config()).isEqualTo(FedrouteConfig.defaults());
    assertThat(bean.clientSettings()).isEqualTo(FederationClientSettings.defaults());
  }

  @Test
  @TestConfig.Properties({
    "fedroute.dns.query-timeout=2s",
    "fedroute.well-known.enabled=false",
    "fedroute.well-known.max-redirects=2",
    "fedroute.well-known.jitter=0.25",
    "fedroute.allowlist=127.0.0.0/8",
    "fedroute.client.connect-timeout=PT3S"
  })
  void overridesReachTheBean() {
    FedrouteConfig expected =
        FedrouteConfig.builder()
            .dnsQueryTimeout(Duration.ofSeconds(2))
            .wellKnownEnabled(false)
            .wellKnownMaxRedirects(2)
            .wellKnownJitter(0.25)
            .allowlist(List.of(dev.fedroute.Cidr.parse("127.0.0.0/8")))
            .build();

    assertThat(bean.config()).isEqualTo(expected);
    assertThat(bean.clientSettings().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void badKeysFailTheContainerStartWithOneMessageNamingEach() {
    weld.shutdown();
    TestConfig.register(
        TestConfig.of(
            "fedroute.resolve.timeout=forever",
            "fedroute.well-known.port=-1",
            "fedroute.allowlist=10.0.0.0/8,not-a-range",
            "fedroute.client.max-connections-per-name=none",
            "fedroute.cache.max-size=12"));

    Throwable failure = catchThrowable(() -> container().initialize().close());

    FedrouteConfigurationException problem = configurationProblem(failure);
    assertThat(problem.problems())
        .extracting(FedrouteConfigurationException.Problem::key)
        .containsExactlyInAnyOrder(
            "fedroute.resolve.timeout",
            "fedroute.well-known.port",
            "fedroute.allowlist",
            "fedroute.client.max-connections-per-name");
    assertThat(messages(failure))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("fedroute.resolve.timeout = \"forever\"")
                    .contains("fedroute.well-known.port = \"-1\"")
                    .contains("not-a-range")
                    .contains("fedroute.client.max-connections-per-name = \"none\""));
  }

  @Test
  void anUnknownKeyFailsTheContainerStart() {
    weld.shutdown();
    TestConfig.register(TestConfig.of("fedroute.well-known.enable=false"));

    Throwable failure = catchThrowable(() -> container().initialize().close());

    assertThat(configurationProblem(failure).getMessage())
        .contains(
            "fedroute.well-known.enable = \"false\": unknown Fedroute key"
                + " (did you mean fedroute.well-known.enabled?)");
  }

  @Test
  @TestConfig.Properties("fedroute.allowlist=127.0.0.0/8")
  void anIpLiteralResolvesAndIsAnnouncedAsAnEvent() {
    Resolution resolution = resolver.resolveBlocking("127.0.0.1:8448");

    assertThat(resolution.step()).isEqualTo(Step.IP_LITERAL);
    assertThat(counter.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.serverName()).isEqualTo(ServerName.parse("127.0.0.1:8448"));
              assertThat(e.result()).isEqualTo(Result.OK);
              assertThat(e.step()).isEqualTo(Step.IP_LITERAL);
              assertThat(e.errorCode()).isNull();
              assertThat(e.cacheHit()).isFalse();
              assertThat(e.elapsed().isNegative()).isFalse();
            });
  }

  @Test
  void aFailureIsAnnouncedWithItsCode() {
    Throwable failure = catchThrowable(() -> resolver.resolveBlocking("127.0.0.1:8448"));

    assertThat(failure)
        .isInstanceOfSatisfying(
            FedrouteException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_BLOCKED));
    assertThat(counter.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.result()).isEqualTo(Result.ERROR);
              assertThat(e.errorCode()).isEqualTo(ErrorCode.DESTINATION_BLOCKED);
              assertThat(e.step()).isNull();
            });
  }

  @Test
  @TestConfig.Properties("fedroute.allowlist=127.0.0.0/8")
  void aFailingObserverDoesNotBreakTheResolution() {
    counter.failFromNowOn();

    Resolution resolution = resolver.resolveBlocking("127.0.0.2:8448");

    assertThat(resolution.targets()).isNotEmpty();
    assertThat(counter.events()).hasSize(1);
  }

  @Test
  @TestConfig.Properties("fedroute.allowlist=127.0.0.0/8")
  void eachResolutionIsLoggedDebugOnSuccessAndInfoOrWarningOnFailure() {
    List<LogRecord> records;
    try (CapturedLog log =
        CapturedLog.of(FedrouteResolver.class.getName(), java.util.logging.Level.FINE)) {
      resolver.resolveBlocking("127.0.0.1:8448");
      catchThrowable(() -> resolver.resolveBlocking("192.168.1.1"));
      records = log.records();
    }

    SimpleFormatter text = new SimpleFormatter();
    assertThat(records).hasSize(2);
    assertThat(records.get(0).getLevel()).isEqualTo(java.util.logging.Level.FINE);
    assertThat(text.formatMessage(records.get(0)))
        .startsWith("resolved 127.0.0.1:8448: step 1, targets [127.0.0.1:8448], ");
    assertThat(records.get(1).getLevel()).isEqualTo(java.util.logging.Level.INFO);
    assertThat(text.formatMessage(records.get(1)))
        .startsWith("resolving 192.168.1.1 failed after ")
        .contains(": destination_blocked: ");
  }

  private static FedrouteConfigurationException configurationProblem(Throwable failure) {
    Throwable c = failure;
    while (c != null && !(c instanceof FedrouteConfigurationException)) {
      c = c.getCause();
    }
    assertThat(c).as("cause chain of %s", failure).isNotNull();
    return (FedrouteConfigurationException) c;
  }

  private static List<String> messages(Throwable failure) {
    List<String> all = new ArrayList<>();
    for (Throwable c = failure; c != null; c = c.getCause()) {
      all.add(String.valueOf(c.getMessage()));
    }
    return all;
  }
}
