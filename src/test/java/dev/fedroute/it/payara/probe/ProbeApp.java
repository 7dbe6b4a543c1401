package dev.fedroute.it.payara.probe;

import dev.fedroute.jakarta.FederationClients;
import dev.fedroute.jakarta.FedrouteResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Response;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A second application that the in-container tests deploy and undeploy: when it starts it puts
 * Fedroute to work (a resolution with {@code .well-known}, SRV and address lookups, and a
 * federation request on a pinned client), then hands the client and its own class loader to the
 * test as the parameters of one log record on {@link #LOGGER}.
 */
@ApplicationScoped
public class ProbeApp {
  /** The logger the probe reports on. */
  public static final String LOGGER = "dev.fedroute.it.probe";

  /** The server name the probe talks to. */
  public static final String SERVER_NAME = "probe.example.test";

  @Inject FedrouteResolver resolver;
  @Inject FederationClients clients;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    Logger log = Logger.getLogger(LOGGER);
    String outcome;
    try (Response response = clients.request(SERVER_NAME, "/_matrix/federation/v1/version").get()) {
      outcome = "status " + response.getStatus();
    } catch (RuntimeException e) {
      outcome = e.toString();
    }
    Client client = clients.client(resolver.resolveBlocking(SERVER_NAME).tlsServerName());
    log.log(
        Level.INFO,
        "Fedroute probe started: {0}",
        new Object[] {outcome, client, ProbeApp.class.getClassLoader()});
  }
}
