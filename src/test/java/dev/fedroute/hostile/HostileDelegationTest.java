package dev.fedroute.hostile;

import static dev.fedroute.hostile.HostileWorld.PATH;
import static dev.fedroute.hostile.HostileWorld.SRV_TARGET;
import static dev.fedroute.hostile.HostileWorld.SRV_TARGET_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.hostile.HostileWorld.Expect;
import dev.fedroute.testing.RecordedRequest;
import dev.fedroute.testing.TestResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delegation is one level only: the delegated host's own {@code .well-known} is never fetched, even
 * when it would delegate further or back; through the library and the CLI.
 */
class HostileDelegationTest {
  @RegisterExtension static final HostileWorld world = HostileWorld.start();

  @Test
  void theDelegatedHostsOwnWellKnownIsNeverFetched() {
    String first = world.host("first");
    String second = world.host("second");
    world
        .wellKnown()
        .route(first, PATH, r -> TestResponse.json("{\"m.server\":\"" + second + "\"}"));
    // What a second level would find: a delegation further on, or back to the first host.
    world
        .wellKnown()
        .route(second, PATH, r -> TestResponse.json("{\"m.server\":\"" + first + "\"}"));

    world.expect(
        first,
        new Expect(
            "ok",
            "3.3",
            null,
            "delegated",
            null,
            second,
            List.of(SRV_TARGET + ":8448=" + SRV_TARGET_IP),
            "step 3.3: Host " + second));

    assertThat(world.wellKnown().requests())
        .extracting(RecordedRequest::hostName)
        .containsOnly(first);
  }
}
