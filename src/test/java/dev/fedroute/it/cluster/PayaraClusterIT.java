package dev.fedroute.it.cluster;

import dev.fedroute.it.cluster.probe.JCacheProbe;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Two Payara Micro processes clustered on loopback only (Hazelcast TCP/IP discovery on 127.0.0.1,
 * never multicast), proving what {@link ClusterSuite} says through Payara's JCache.
 *
 * <p>System properties: {@code payara.micro.jar}, the fixed loopback ports {@code
 * fedroute.cluster.http.ports} (two, comma-separated) and {@code fedroute.cluster.grid.ports}
 * (two), and those of {@link ClusterSuite}.
 */
class PayaraClusterIT extends ClusterSuite {

  @Override
  ClusterNode node(int index, Path dir, Path war, List<String> fedroute) {
    String name = "node" + index;
    String httpPort = port("fedroute.cluster.http.ports", index);
    String members =
        "tcpip:127.0.0.1:"
            + port("fedroute.cluster.grid.ports", 1)
            + ",127.0.0.1:"
            + port("fedroute.cluster.grid.ports", 2);
    List<String> command = ClusterNode.javaCommand();
    command.addAll(
        List.of(
            "-Xmx512m", "-Djava.net.preferIPv4Stack=true", "-Dhazelcast.phone.home.enabled=false"));
    command.addAll(fedroute);
    command.addAll(
        List.of(
            "-jar",
            property("payara.micro.jar"),
            "--disablephonehome",
            "--rootDir",
            dir.resolve(name).toString(),
            "--port",
            httpPort,
            "--name",
            name,
            "--clusterName",
            "fedroute-cluster-it",
            "--clusterMode",
            members,
            "--interfaces",
            "127.0.0.1",
            "--startport",
            port("fedroute.cluster.grid.ports", index),
            "--deploy",
            war.toString()));
    return new ClusterNode(
        name,
        command,
        dir.resolve(name + ".log"),
        URI.create("http://127.0.0.1:" + httpPort + "/cluster/"),
        dir.resolve(name),
        null);
  }

  @Override
  Class<?> gridProbe() {
    return JCacheProbe.class;
  }

  @Override
  String probeCache() {
    return "probe";
  }
}
