package dev.fedroute.it.wildfly;

import static dev.fedroute.it.DeploymentThreads.awaitTrue;
import static dev.fedroute.it.DeploymentThreads.fedrouteThreads;
import static dev.fedroute.it.DeploymentThreads.threadsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.it.ItDeployments;
import dev.fedroute.it.ItWorld;
import dev.fedroute.it.LoadUnderFaults;
import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.testing.FaultLoad;
import dev.fedroute.testing.Unloading;
import jakarta.inject.Inject;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link LoadUnderFaults} inside WildFly, in a deployment of its own that is then undeployed: the
 * load runs in {@value #LOAD_WAR}, deployed and undeployed by this class's other deployment, which
 * afterwards finds no thread of it left (a live thread with its context class loader pins it),
 * Fedroute's and dnsjava's threads as before it, and its class loader collected: the load
 * deployment leaves a weak reference to it in the system properties, which does not keep it.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyLoadIT {
  private static final String LOAD = "load";
  private static final String LOAD_WAR = "fedroute-load-it.war";

  /** Where the load deployment leaves a weak reference to its class loader (a JDK map). */
  private static final String LOADER_KEY = "fedroute.it.load.class-loader";

  /** Fedroute's and dnsjava's threads before the load deployment (in the control deployment). */
  private static List<String> before;

  @ArquillianResource Deployer deployer;
  @Inject FederationClients clients;
  @Inject ItWorld world;

  @Deployment
  static WebArchive control() {
    return ItDeployments.tests("fedroute-load-control-it.war", WildFlyLoadIT.class);
  }

  @Deployment(name = LOAD, managed = false)
  static WebArchive load() {
    return ItDeployments.tests(LOAD_WAR, WildFlyLoadIT.class);
  }

  @Test
  @Order(1)
  void recordTheThreadsBeforeTheLoadApplication() {
    before = fedrouteThreads();
    assertThat(threadsOf(LOAD_WAR)).isEmpty();
  }

  /** On the client: deploying from inside the server may outlast the command channel's 30 s. */
  @Test
  @Order(2)
  @RunAsClient
  void deployTheLoadApplication() {
    deployer.deploy(LOAD);
  }

  @Test
  @Order(3)
  @OperateOnDeployment(LOAD)
  void federationRequestsKeepSucceedingThroughDnsAndWellKnownOutagesWithoutLeaks()
      throws Exception {
    System.getProperties()
        .put(LOADER_KEY, new WeakReference<>(WildFlyLoadIT.class.getClassLoader()));
    int port = world.federation().port();
    List<String> fresh = new ArrayList<>();
    for (int i = 0; i < ItWorld.LOAD_FRESH; i++) {
      fresh.add("ld-f" + i + ".it.test");
    }

    FaultLoad.Report report =
        LoadUnderFaults.run(
            "WildFly",
            clients,
            world.federation(),
            List.of("ld-srv.it.test", "ld-port.it.test:" + port, "ld-deleg.it.test"),
            fresh,
            FaultLoad.faults(world::stopDns, world::startDns, world::wellKnownFailing),
            List.of(
                "default task-",
                "default I/O-",
                "EE-ManagedExecutorService-",
                "EE-ManagedScheduledExecutorService-",
                // WildFly's own service pool: when this class runs first in a fresh server, it
                // was seen to grow by one thread during the load
                "ServerService Thread Pool -- "));

    assertThat(report.requests()).isPositive();
  }

  @Test
  @Order(4)
  @RunAsClient
  void undeployTheLoadApplication() {
    deployer.undeploy(LOAD);
  }

  @Test
  @Order(5)
  void undeployingTheLoadedApplicationLeftNothingBehind() throws Exception {
    Object reference = System.getProperties().remove(LOADER_KEY);
    assertThat(reference).as("the load ran").isInstanceOf(WeakReference.class);
    WeakReference<?> loader = (WeakReference<?>) reference;

    awaitTrue(() -> threadsOf(LOAD_WAR).isEmpty() && fedrouteThreads().equals(before));
    assertThat(threadsOf(LOAD_WAR)).as("threads of the loaded application").isEmpty();
    assertThat(fedrouteThreads()).as("Fedroute and dnsjava threads").isEqualTo(before);
    Unloading.forgetTheLastRecordMethods();
    boolean collected = Unloading.collected(loader);
    System.out.println("WildFly: the loaded application's class loader collected: " + collected);
    String dump = "";
    if (!collected) {
      dump =
          "; heap dump for the path from a GC root to it: "
              + Unloading.dumpHeap(
                  Path.of(System.getProperty("jboss.server.temp.dir", "target")), "unload");
    }
    assertThat(collected)
        .as("the loaded application's class loader was collected%s", dump)
        .isTrue();
  }
}
