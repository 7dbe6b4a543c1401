package dev.fedroute.internal.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.Resolution;
import dev.fedroute.testing.TestWorld;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * Resolutions keep the addresses of the DNS answers they were built from, not copies: two server
 * names whose SRV records lead to one target share that target's addresses with each other and with
 * the DNS cache (the list itself when the target has addresses of one family).
 */
class ResolverDnsSharingTest {
  private TestWorld world;

  @BeforeEach
  void start() {
    world =
        TestWorld.start(
            List.of(
                "_matrix-fed._tcp.one.example.test. 300 IN SRV 10 0 8448 shared.example.test.",
                "_matrix-fed._tcp.two.example.test. 300 IN SRV 10 0 8448 shared.example.test.",
                "shared.example.test. 300 IN A 127.0.20.1",
                "_matrix-fed._tcp.three.example.test. 300 IN SRV 10 0 8448 dual.example.test.",
                "_matrix-fed._tcp.four.example.test. 300 IN SRV 10 0 8448 dual.example.test.",
                "dual.example.test. 300 IN A 127.0.20.2",
                "dual.example.test. 300 IN AAAA ::1"),
            "unused.example.test");
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void twoResolutionsOfOneSrvTargetShareItsAddresses() {
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));

    Resolution one = resolver.resolveBlocking("one.example.test");
    Resolution two = resolver.resolveBlocking("two.example.test");

    assertThat(two.targets().get(0).addresses()).isSameAs(one.targets().get(0).addresses());
    assertThat(world.dns().queryCount("shared.example.test", Type.A)).isEqualTo(1);
  }

  @Test
  void twoResolutionsOfADualStackTargetShareItsAddressObjects() {
    var resolver = world.resolver(b -> b.wellKnownEnabled(false));

    var first = resolver.resolveBlocking("three.example.test").targets().get(0).addresses();
    var second = resolver.resolveBlocking("four.example.test").targets().get(0).addresses();

    assertThat(first).hasSize(2).isEqualTo(second);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i)).isSameAs(first.get(i));
    }
  }
}
