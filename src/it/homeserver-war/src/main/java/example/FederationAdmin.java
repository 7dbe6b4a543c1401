package example;

import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.jakarta.FedrouteResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The README's "Admin operations", compiled as a homeserver would. */
@ApplicationScoped
public class FederationAdmin {
  // README admin-operations begin
  @Inject FedrouteResolver fedroute;

  /** For the homeserver's admin API: one line per destination Fedroute holds something for. */
  List<String> destinations() {
    return fedroute.cachedDestinations().stream()
        .map(d -> d.serverName()
            + " step=" + d.step().map(Step::label).orElse("-")
            + " targets=" + d.targets()
            + " valid_until=" + d.validUntil().map(Object::toString).orElse("-")
            + " last_error=" + d.lastError().map(e -> e.code() + ": " + e.message()).orElse("-")
            + " backoff_until=" + d.backoffUntil().map(Object::toString).orElse("-"))
        .toList();
  }

  /** On each authenticated request from another server: it is up, retry it at once. */
  void heardFrom(String origin) {
    fedroute.resetBackoff(ServerName.parse(origin)); // cheap when nothing failed
  }

  /** An admin's "flush the federation caches". */
  void flush() {
    fedroute.invalidateAll();
  }
  // README admin-operations end
}
