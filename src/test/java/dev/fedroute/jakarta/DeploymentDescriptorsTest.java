package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.ServerNameResolver;
import java.time.Duration;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Weld started the way a server deploys a WAR that bundles the jar: bean archives found by
 * discovery ({@code META-INF/beans.xml}, annotated mode) and extensions by the service loader
 * ({@code META-INF/services}), nothing added by hand.
 */
class DeploymentDescriptorsTest {

  private static Weld discoveringWeld() {
    return new Weld("fedroute-discovery-" + System.nanoTime());
  }

  @AfterEach
  void releaseConfig() {
    TestConfig.release();
  }

  @Test
  void theBeanIsDiscoveredAndConfigured() {
    TestConfig.register(TestConfig.of("fedroute.resolve.timeout=12s"));

    try (WeldContainer container = discoveringWeld().initialize()) {
      ServerNameResolver resolver = container.select(ServerNameResolver.class).get();
      FedrouteConfig config = container.select(FedrouteResolver.class).get().config();

      assertThat(resolver).isInstanceOf(FedrouteResolver.class);
      assertThat(config.resolveTimeout()).isEqualTo(Duration.ofSeconds(12));
    }
  }

  @Test
  void theServiceLoadedExtensionFailsTheStartOnABadKey() {
    TestConfig.register(
        TestConfig.of("fedroute.cache.max-size=-3", "fedroute.dns.query-timeout=5 s"));

    Throwable failure = catchThrowable(() -> discoveringWeld().initialize().close());

    assertThat(failure).isNotNull();
    assertThat(failure.toString() + failure.getCause())
        .contains("Invalid Fedroute configuration (2 problems)")
        .contains("fedroute.cache.max-size = \"-3\": must be at least 1")
        .contains("fedroute.dns.query-timeout = \"5 s\": not a duration");
  }
}
