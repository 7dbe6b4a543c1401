package dev.fedroute.it.probe;

import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.jakarta.FedrouteResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * The whole of a small application deployed and undeployed by the lifecycle tests: when it starts
 * it resolves {@value #SERVER_NAME} and sends one federation request there, so that Fedroute has
 * started everything it starts (DNS client, {@code .well-known} client, a pooled federation
 * connection) before the application goes away. A failure fails the deployment.
 */
@ApplicationScoped
public class StartupProbe {
  /** The server name the probe talks to (an SRV record of the test's DNS zone). */
  public static final String SERVER_NAME = "life.it.test";

  @Inject FedrouteResolver resolver;
  @Inject FederationClients clients;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    resolver.resolveBlocking(SERVER_NAME);
    try (Response response = clients.request(SERVER_NAME, "/_matrix/federation/v1/version").get()) {
      if (response.getStatus() != 200) {
        throw new IllegalStateException("probe request answered " + response.getStatus());
      }
      response.readEntity(String.class);
    }
  }
}
