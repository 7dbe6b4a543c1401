package example;

import dev.fedroute.jakarta.FederationFilter;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.net.URI;

// README jaxrs-signer begin
@FederationFilter
@ApplicationScoped
@Priority(Priorities.USER) // after FederationRequestFilter (HEADER_DECORATOR + 100)
public class XMatrixSigner implements ClientRequestFilter {
  @Inject SigningKey key; // your homeserver's ed25519 key

  @Override
  public void filter(ClientRequestContext request) {
    // the server name before delegation, not the Host header or the SRV target
    String destination = (String) request.getProperty("dev.fedroute.serverName");
    URI uri = request.getUri(); // https://<ip>:<port>/<path>?<query>
    String sig = key.sign(request.getMethod(), uri.getRawPath(), uri.getRawQuery(), destination,
        request.getEntity());
    request.getHeaders().putSingle("Authorization", "X-Matrix origin=\"" + key.serverName()
        + "\",destination=\"" + destination + "\",key=\"" + key.id() + "\",sig=\"" + sig + "\"");
  }
}
// README jaxrs-signer end
