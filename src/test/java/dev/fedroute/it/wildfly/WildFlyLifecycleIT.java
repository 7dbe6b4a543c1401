package dev.fedroute.it.wildfly;

import dev.fedroute.it.AbstractLifecycleIT;
import dev.fedroute.it.ItDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AbstractLifecycleIT} inside WildFly. */
@ExtendWith(ArquillianExtension.class)
class WildFlyLifecycleIT extends AbstractLifecycleIT {

  @Deployment
  static WebArchive tests() {
    return ItDeployments.tests("fedroute-lifecycle-it.war", WildFlyLifecycleIT.class);
  }

  @Deployment(name = BAD_CONFIG, managed = false, testable = false)
  static WebArchive badConfigDeployment() {
    return badConfiguration();
  }

  @Deployment(name = PROBE, managed = false, testable = false)
  static WebArchive probeDeployment() {
    return probe();
  }
}
