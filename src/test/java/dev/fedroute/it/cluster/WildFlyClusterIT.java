package dev.fedroute.it.cluster;

import dev.fedroute.it.cluster.probe.InfinispanProbe;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

/**
 * Two WildFly {@code standalone-ha} processes clustered on loopback only, proving what {@link
 * ClusterSuite} says through the servers' own Infinispan: the cache container {@code fedroute} of
 * {@code server-config/wildfly/fedroute-cluster.cli}, its JGroups channel on the {@code tcp} stack
 * with TCPPING on 127.0.0.1 ({@code src/test/wildfly-cluster/loopback.cli}; no UDP stack, no
 * multicast). The build prepares {@code standalone-ha-fedroute-cluster.xml} in the unpacked
 * distribution; each node runs from its own copy of the server folder ({@code
 * jboss.server.base.dir}) with its own port offset.
 *
 * <p>System properties: {@code wildfly.home}, {@code fedroute.cluster.port.offsets} (two,
 * comma-separated: HTTP is 8080 plus the offset, JGroups 7600 plus it), and those of {@link
 * ClusterSuite}.
 */
class WildFlyClusterIT extends ClusterSuite {
  private static final String CONFIG = "standalone-ha-fedroute-cluster.xml";

  @Override
  ClusterNode node(int index, Path dir, Path war, List<String> fedroute) throws IOException {
    Path home = Path.of(property("wildfly.home"));
    Path template = dir.resolve("wildfly-server");
    if (index == 1) {
      ClusterNode.deleteTree(template);
      serverFolder(home, war, template);
    }
    String name = "wildfly-node" + index;
    int offset = Integer.parseInt(port("fedroute.cluster.port.offsets", index));
    Path base = dir.resolve(name);
    // the launcher wants the server folder to exist; each start fills it afresh
    ClusterNode.deleteTree(base);
    ClusterNode.copyTree(template, base);
    List<String> options = new ArrayList<>(fedroute);
    options.addAll(
        List.of(
            "-Xmx512m",
            "-Djava.net.preferIPv4Stack=true",
            "-Djboss.socket.binding.port-offset=" + offset,
            "-Djboss.node.name=" + name,
            "-Djboss.bind.address=127.0.0.1",
            "-Djboss.bind.address.private=127.0.0.1",
            "-Djboss.bind.address.management=127.0.0.1"));
    List<String> command =
        StandaloneCommandBuilder.of(home)
            .setJavaHome(System.getProperty("java.home"))
            .setBaseDirectory(base)
            .setServerConfiguration(CONFIG)
            .addJavaOptions(options)
            .build();
    return new ClusterNode(
        name,
        command,
        dir.resolve(name + ".log"),
        URI.create("http://127.0.0.1:" + (8080 + offset) + "/cluster/"),
        base,
        template);
  }

  /**
   * A server folder each node starts from: the prepared configuration (the files of the
   * distribution's {@code standalone/configuration}) and the WAR in {@code deployments}, for the
   * deployment scanner.
   */
  private static void serverFolder(Path home, Path war, Path folder) throws IOException {
    Path configuration = Files.createDirectories(folder.resolve("configuration"));
    try (var files = Files.list(home.resolve("standalone/configuration"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, configuration.resolve(f.getFileName().toString()));
      }
    }
    if (!Files.isRegularFile(configuration.resolve(CONFIG))) {
      throw new IllegalStateException(CONFIG + " was not prepared by the build in " + home);
    }
    Files.copy(war, Files.createDirectories(folder.resolve("deployments")).resolve("cluster.war"));
  }

  @Override
  Class<?> gridProbe() {
    return InfinispanProbe.class;
  }

  @Override
  String probeCache() {
    return "fedroute";
  }
}
