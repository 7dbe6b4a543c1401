package dev.fedroute.it.wildfly;

import dev.fedroute.it.AbstractFederationIT;
import dev.fedroute.it.ItDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AbstractFederationIT} inside WildFly: RESTEasy carries the requests, the default managed
 * executor runs Fedroute's background work, and server-config/wildfly/fedroute.cli put Fedroute's
 * keys into the config source {@code fedroute} of the microprofile-config-smallrye subsystem.
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyFederationIT extends AbstractFederationIT {

  @Deployment
  static WebArchive deployment() {
    return ItDeployments.tests("fedroute-it.war", WildFlyFederationIT.class);
  }

  @Override
  protected String jaxRsClientPackage() {
    return "org.jboss.resteasy.";
  }

  @Override
  protected String managedThreadPrefix() {
    return "EE-ManagedExecutorService-default-Thread-";
  }

  @Override
  protected String serverConfigSource() {
    return "fedroute";
  }
}
