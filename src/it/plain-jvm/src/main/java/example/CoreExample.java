package example;

import dev.fedroute.Cidr;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerNameResolver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The README's "Using the core without a container", compiled and run as a user would. Arguments:
 * {@code DNS_PORT WELL_KNOWN_PORT TRUST_STORE PASSWORD NAME...}: the loopback fixtures' settings are
 * laid over the README's configuration, then each name is resolved and printed.
 */
public final class CoreExample {
  private CoreExample() {}

  public static void main(String[] args) {
    FedrouteConfig fixtures =
        readmeConfig().toBuilder()
            .dnsServers(List.of(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]))))
            .wellKnownPort(Integer.parseInt(args[1]))
            .trustStore(Optional.of(new FedrouteConfig.TrustStore(Path.of(args[2]), args[3])))
            .allowlist(Cidr.parseAll(List.of("127.0.0.0/8", "::1/128")))
            .build();
    for (int i = 4; i < args.length; i++) {
      System.out.println("== " + args[i]);
      resolve(fixtures, args[i]);
    }
  }

  static FedrouteConfig readmeConfig() {
    // README core-config begin
    FedrouteConfig config = FedrouteConfig.builder()
        .resolveTimeout(Duration.ofSeconds(20))
        .build();
    // README core-config end
    return config;
  }

  static void resolve(FedrouteConfig config, String serverName) {
    // README core-resolve begin
    try (ServerNameResolver resolver = ServerNameResolver.create(config)) {
      Resolution r = resolver.resolveBlocking(serverName); // or resolve(ServerName): a stage
      System.out.println("step " + r.step());          // the spec's step, e.g. 3.3
      System.out.println("targets " + r.targets());    // where to connect, in order
      System.out.println("host " + r.hostHeader());    // the Host header to send
      System.out.println("tls " + r.tlsServerName());  // the name the certificate must prove
      System.out.println("sni " + r.sni().orElse("")); // the SNI to send, none for IP literals
    } catch (FedrouteException e) {
      System.out.println("error " + e.code());         // a stable ErrorCode, e.g. no_address
    }
    // README core-resolve end
  }
}
