package dev.fedroute.it.cluster.probe;

import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * What the cluster tests ask each node: resolve a name with the application's injected resolver.
 * The server's grid is read and written directly by {@link JCacheProbe} (Payara) or {@link
 * InfinispanProbe} (WildFly).
 */
@Path("/")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class ClusterProbe {
  @Inject ServerNameResolver resolver;

  /**
   * Resolves a server name.
   *
   * @param name the server name
   * @return {@code ok <step> <tls name> <targets>} or {@code error <code>}
   */
  @GET
  @Path("resolve/{name}")
  public String resolve(@PathParam("name") String name) {
    try {
      Resolution r = resolver.resolveBlocking(ServerName.parse(name), Duration.ofSeconds(20));
      return "ok "
          + r.step().label()
          + " "
          + r.tlsServerName()
          + " "
          + r.targets().stream().map(Object::toString).collect(Collectors.joining("; "));
    } catch (FedrouteException e) {
      return "error " + e.code().code();
    }
  }
}
