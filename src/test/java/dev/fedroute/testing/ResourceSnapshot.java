package dev.fedroute.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What this JVM holds at one moment, for before/after comparisons of a load test: its open file
 * descriptors ({@code /proc/self/fd}, Linux), the sockets among them, its live threads, and the
 * names of the threads Fedroute or dnsjava started.
 *
 * @param fileDescriptors open file descriptors
 * @param sockets the descriptors that are sockets
 * @param nonFiles the descriptors that are no file of the file system: sockets, pipes and the
 *     kernel's epoll and event descriptors (each NIO selector holds some)
 * @param threads live threads
 * @param fedrouteThreads names of live threads named {@code fedroute-*} or containing {@code
 *     dnsjava}, sorted
 * @param threadNames names of all live threads, sorted
 */
public record ResourceSnapshot(
    int fileDescriptors,
    int sockets,
    int nonFiles,
    int threads,
    List<String> fedrouteThreads,
    List<String> threadNames) {

  private static final Path FDS = Path.of("/proc/self/fd");

  /**
   * Takes a snapshot.
   *
   * @return the snapshot
   * @throws IllegalStateException when {@code /proc/self/fd} cannot be read (not Linux)
   */
  public static ResourceSnapshot take() {
    int fds = 0;
    int sockets = 0;
    int nonFiles = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(FDS)) {
      for (Path fd : entries) {
        fds++;
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:")) {
            sockets++;
          }
          if (!target.startsWith("/")) {
            nonFiles++;
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor (the directory stream's own, or one closed meanwhile) is gone
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + FDS, new UncheckedIOException(e));
    }
    List<String> named = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String n = t.getName();
      all.add(n);
      if (n.startsWith("fedroute-") || n.toLowerCase(Locale.ROOT).contains("dnsjava")) {
        named.add(n);
      }
    }
    named.sort(null);
    all.sort(null);
    return new ResourceSnapshot(
        fds, sockets, nonFiles, all.size(), List.copyOf(named), List.copyOf(all));
  }

  /**
   * The threads alive now that were not in {@code earlier} (by name, counting duplicates).
   *
   * @param earlier the earlier snapshot
   * @return the names
   */
  public List<String> newThreadsSince(ResourceSnapshot earlier) {
    List<String> extra = new ArrayList<>(threadNames);
    earlier.threadNames.forEach(extra::remove);
    return extra;
  }

  /**
   * {@link #newThreadsSince} without the test fixtures' own threads ({@code dns-*}, {@code
   * test-server}), the JDK's shared threads ({@code CompletableFutureDelayScheduler}, started by
   * the first deadline in the JVM and never stopped, and the common pool's workers) and Fedroute's
   * and dnsjava's threads, which {@link #fedrouteThreads()} counts (a pool replaces an ended thread
   * by one of a new name).
   *
   * @param earlier the earlier snapshot
   * @return the names
   */
  public List<String> newNonFixtureThreadsSince(ResourceSnapshot earlier) {
    List<String> extra = newThreadsSince(earlier);
    extra.removeIf(
        n ->
            n.startsWith("dns-")
                || n.startsWith("test-server")
                || n.equals("CompletableFutureDelayScheduler")
                || n.startsWith("ForkJoinPool.commonPool-worker-")
                || n.startsWith("fedroute-")
                || n.toLowerCase(Locale.ROOT).contains("dnsjava"));
    return extra;
  }

  @Override
  public String toString() {
    return fileDescriptors
        + " fds ("
        + sockets
        + " sockets, "
        + nonFiles
        + " no file), "
        + threads
        + " threads, Fedroute/dnsjava threads "
        + fedrouteThreads;
  }
}
