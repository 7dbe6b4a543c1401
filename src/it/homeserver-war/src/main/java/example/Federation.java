package example;

import dev.fedroute.jakarta.FederationClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;

/** The README's "Federation requests through JAX-RS", compiled as a homeserver would. */
@ApplicationScoped
public class Federation {
  // README jaxrs-requests begin
  @Inject FederationClients federation;

  String version() {
    try (Response r = federation.request("example.org", "/_matrix/federation/v1/version").get()) {
      return r.readEntity(String.class);
    }
  }

  void send(String txn, String xMatrix, Object transaction) {
    federation.request("example.org", "/_matrix/federation/v1/send/" + txn)
        .header("Authorization", xMatrix)    // sent on every attempt
        .put(Entity.json(transaction))       // PUT is idempotent: retried on the next target
        .close();
  }

  CompletionStage<Response> later() {
    return federation.request("example.org", "/x").rx().get();
  }
  // README jaxrs-requests end
}
