package dev.fedroute.cli;

import dev.fedroute.Resolution;
import dev.fedroute.Target;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs {@link AddressProbe} on every address of every target of a resolution, at most {@link
 * #MAX_PARALLEL} at once, and reports them in the resolution's order. Stateless.
 */
final class AddressChecks {
  /** The most probes running at the same time. */
  static final int MAX_PARALLEL = 8;

  private AddressChecks() {}

  /**
   * Probes every address.
   *
   * @param resolution the resolution (its targets, TLS name and {@code Host} header)
   * @param probe the probe settings
   * @return one check per target and address, in order
   */
  static List<AddressCheck> run(Resolution resolution, AddressProbe probe) {
    record Job(Target target, InetAddress address) {}
    List<Job> jobs = new ArrayList<>();
    for (Target target : resolution.targets()) {
      target.addresses().forEach(a -> jobs.add(new Job(target, a)));
    }
    if (jobs.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(MAX_PARALLEL, jobs.size()),
            r -> {
              Thread t = new Thread(r, "fedroute-connect");
              t.setDaemon(true);
              return t;
            });
    try {
      List<CompletableFuture<AddressCheck>> running =
          jobs.stream()
              .map(
                  j ->
                      CompletableFuture.supplyAsync(
                          () -> probe.probe(j.target(), j.address()), pool))
              .toList();
      return running.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
  }
}
