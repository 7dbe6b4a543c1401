package dev.fedroute.it;

import static dev.fedroute.it.DeploymentThreads.awaitTrue;
import static dev.fedroute.it.DeploymentThreads.fedrouteThreads;
import static dev.fedroute.it.DeploymentThreads.threadsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fedroute.it.probe.StartupProbe;
import dev.fedroute.testing.RecordedRequest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Deployment-time behaviour, run inside the server: a bad configuration fails the deployment with
 * Fedroute's one message, and an application using Fedroute leaves no thread and no connection
 * behind when it is undeployed, however often it is redeployed. A subclass per server declares the
 * deployments with {@link #badConfiguration()} and {@link #probe()}.
 */
public abstract class AbstractLifecycleIT {
  /** Name of the deployment with a bad configuration. */
  protected static final String BAD_CONFIG = "bad-config";

  /** Name of the application deployed and undeployed by the thread test. */
  protected static final String PROBE = "probe";

  /** The WAR name of the probe application. */
  protected static final String PROBE_WAR = "fedroute-probe.war";

  /** The bad keys and what each is. */
  private static final Map<String, String> BAD =
      Map.of(
          "fedroute.resolve.timeout", "forever",
          "fedroute.well-known.max-redirects", "-1",
          "fedroute.dns.query-timeout", "0s",
          "fedroute.well-known.enable", "false");

  @ArquillianResource Deployer deployer;
  @Inject ItWorld world;

  /**
   * A WAR bundling Fedroute whose own {@code microprofile-config.properties} has a bad value in
   * three keys and a misspelt key (none of them set by the server, whose config source outranks the
   * WAR's).
   *
   * @return the archive
   */
  protected static WebArchive badConfiguration() {
    StringBuilder properties = new StringBuilder();
    new TreeMap<>(BAD).forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
    return ItDeployments.library("fedroute-bad-config.war")
        .addAsResource(
            new StringAsset(properties.toString()), "META-INF/microprofile-config.properties");
  }

  /**
   * A WAR bundling Fedroute and {@link StartupProbe}.
   *
   * @return the archive
   */
  protected static WebArchive probe() {
    return ItDeployments.library(PROBE_WAR).addClass(StartupProbe.class);
  }

  @Test
  void badConfigurationFailsTheDeploymentListingEveryBadKey() {
    Throwable failure = catchThrowable(() -> deployer.deploy(BAD_CONFIG));
    try {
      assertThat(failure).as("the deployment failed").isNotNull();
      String messages = messages(failure);
      assertThat(messages).contains("Invalid Fedroute configuration (4 problems)");
      BAD.keySet().forEach(key -> assertThat(messages).contains(key));
    } finally {
      undeployQuietly(BAD_CONFIG);
    }
  }

  @Test
  void undeployAndRedeployLeaveNoFedrouteThreadOrConnectionBehind() {
    world.federation().clearRequests();
    List<String> before = fedrouteThreads();

    for (int round = 1; round <= 2; round++) {
      deployer.deploy(PROBE);
      assertThat(world.federation().requests())
          .extracting(RecordedRequest::sni)
          .as("round %d: the probe sent its request", round)
          .hasSize(round)
          .containsOnly(StartupProbe.SERVER_NAME);
      assertThat(threadsOf(PROBE_WAR))
          .as("round %d: threads of the probe while deployed", round)
          .isNotEmpty();
      assertThat(world.federation().openConnectionCount()).as("pooled connection").isPositive();

      deployer.undeploy(PROBE);

      int r = round;
      awaitTrue(
          () ->
              threadsOf(PROBE_WAR).isEmpty()
                  && fedrouteThreads().equals(before)
                  && world.federation().openConnectionCount() == 0
                  && world.wellKnown().openConnectionCount() == 0);
      assertThat(threadsOf(PROBE_WAR))
          .as("round %d: threads of the probe after undeploy", r)
          .isEmpty();
      assertThat(fedrouteThreads())
          .as("round %d: Fedroute and dnsjava threads", r)
          .isEqualTo(before);
      assertThat(world.federation().openConnectionCount()).as("federation connections").isZero();
      assertThat(world.wellKnown().openConnectionCount()).as(".well-known connections").isZero();
    }
  }

  /**
   * The JDK's one deadline thread (of {@code CompletableFuture.orTimeout}) was started in this
   * server by the first deployment that used Fedroute, before this class ran; it holds no
   * deployment's class loader as its context class loader ({@code
   * dev.fedroute.internal.time.Deadlines}).
   */
  @Test
  void theJdkDeadlineThreadHoldsNoDeploymentsClassLoader() {
    List<String> loaders = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("CompletableFutureDelayScheduler")) {
        loaders.add(String.valueOf(t.getContextClassLoader()));
      }
    }

    assertThat(loaders).as("Fedroute's deadlines started the JDK's thread").isNotEmpty();
    assertThat(loaders).noneMatch(loader -> loader.contains("deployment."));
  }

  private void undeployQuietly(String name) {
    try {
      deployer.undeploy(name);
    } catch (RuntimeException ignored) {
      // it never deployed
    }
  }

  private static String messages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c).append('\n');
    }
    return b.toString();
  }
}
