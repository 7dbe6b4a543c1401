package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.testing.ForwardingResolver;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestWorld;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link FederationClients#target(String)} on both client stacks: a request through the target uses
 * the resolution the target was made with while it is valid (one resolution per request, not two),
 * and a fresh one after it expired, on the fake clock.
 */
class FederationTargetTest {
  private static final String NAME = "tg.example.test";
  private static final String PATH = "/_matrix/federation/v1/version";
  private static TestWorld world;
  private FederationClients clients;

  @BeforeAll
  static void start() {
    world = TestWorld.start(List.of("t.example.test. 300 IN A 127.0.0.1"), NAME);
    world
        .dns()
        .addRecords(
            "_matrix-fed._tcp."
                + NAME
                + ". 300 IN SRV 10 1 "
                + world.https().port()
                + " t.example.test.");
    world.https().route(PATH, r -> TestResponse.json("{\"server\":{}}"));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @AfterEach
  void close() {
    if (clients != null) {
      clients.close();
    }
  }

  @ParameterizedTest
  @EnumSource(ClientStack.class)
  void aTargetsRequestsUseItsResolutionUntilItExpires(ClientStack stack) {
    CountingResolver resolver =
        new CountingResolver(world.resolver(b -> b.wellKnownEnabled(false)));
    clients =
        FederationClients.builder(resolver)
            .config(world.config().wellKnownEnabled(false).build())
            .clientBuilder(stack.builders())
            .clock(world.clock())
            .build();
    world.https().clearRequests();

    WebTarget target = clients.target(NAME).path(PATH);
    assertThat(resolver.calls.get()).as("target() resolves").isEqualTo(1);
    get(target);
    get(target);
    assertThat(resolver.calls.get()).as("requests within the validity").isEqualTo(1);

    world.clock().advance(Duration.ofSeconds(301));
    get(target);

    assertThat(resolver.calls.get()).as("a request after the validity").isEqualTo(2);
    assertThat(world.https().requests())
        .hasSize(3)
        .allSatisfy(
            seen -> {
              assertThat(seen.sni()).isEqualTo(NAME);
              assertThat(seen.host()).isEqualTo(NAME);
              assertThat(seen.path()).isEqualTo(PATH);
            });
  }

  private static void get(WebTarget target) {
    try (Response r = target.request().get()) {
      assertThat(r.getStatus()).isEqualTo(200);
    }
  }

  /** Counts the resolutions asked of a real resolver. */
  private static final class CountingResolver extends ForwardingResolver {
    final AtomicInteger calls = new AtomicInteger();

    CountingResolver(ServerNameResolver delegate) {
      super(delegate);
    }

    @Override
    public CompletionStage<Resolution> resolve(ServerName serverName) {
      calls.incrementAndGet();
      return delegate.resolve(serverName);
    }
  }
}
