package dev.fedroute.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One application-server process of a test cluster, started and stopped by the test, its output in
 * a log file; asked over HTTP on loopback. Not thread-safe.
 */
final class ClusterNode implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String name;
  private final List<String> command;
  private final Path log;
  private final URI base;
  private final Path workDir;
  private final Path template;
  private Process process;

  /**
   * A node, not yet started.
   *
   * @param name its name, for messages
   * @param command the command that starts it
   * @param log where its output goes
   * @param base the probe's base URI
   * @param workDir its work folder, emptied on each start
   * @param template what the work folder is filled with on each start (a copy of this folder), or
   *     null to leave it empty
   */
  ClusterNode(String name, List<String> command, Path log, URI base, Path workDir, Path template) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
    this.base = base;
    this.workDir = workDir;
    this.template = template;
  }

  /**
   * Starts the process in an emptied work folder, filled from the template if any (its output
   * appended to the log).
   */
  void start() {
    try {
      Files.createDirectories(log.getParent());
      deleteTree(workDir);
      if (template != null) {
        copyTree(template, workDir);
      }
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until a GET of the path answers 200, at most the limit; fails naming the log. */
  void awaitReady(String path, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError(name + " not ready after " + limit + "; see " + log);
  }

  /** A GET of a path of the probe; the body, failing unless 200. */
  String get(String path) throws IOException, InterruptedException {
    return body(request(path).GET().build());
  }

  /** A PUT of a path of the probe; the body, failing unless 200. */
  String put(String path, String value) throws IOException, InterruptedException {
    return body(request(path).PUT(HttpRequest.BodyPublishers.ofString(value)).build());
  }

  private String body(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          name + " answered " + response.statusCode() + " to " + request.uri() + "; see " + log);
    }
    return response.body();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
  }

  /** Freezes the process (SIGSTOP): it neither answers nor leaves its cluster. */
  void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a frozen process run again (SIGCONT). */
  void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (kill.waitFor() != 0) {
      throw new IOException(
          "kill -"
              + name
              + " "
              + process.pid()
              + " failed: "
              + new String(kill.getInputStream().readAllBytes()));
    }
  }

  /** Kills the process at once, as a crash would. */
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      waitFor();
    }
  }

  /** Stops the process (killed when it has not stopped after 30 s). */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!waitFor()) {
        kill();
      }
    }
  }

  private boolean waitFor() {
    try {
      return process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Deletes a folder and everything in it, if it exists.
   *
   * @param folder the folder
   * @throws IOException when a file cannot be deleted
   */
  static void deleteTree(Path folder) throws IOException {
    if (Files.exists(folder)) {
      try (var files = Files.walk(folder)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * Copies a folder and everything in it to a folder that does not exist yet.
   *
   * @param from the folder
   * @param to the copy
   * @throws IOException when a file cannot be copied
   */
  static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  /**
   * The local addresses of the UDP sockets the process holds (Linux: its descriptors in {@code
   * /proc/<pid>/fd} matched against {@code /proc/net/udp} and {@code udp6}), as the kernel writes
   * them (hex address:port).
   *
   * @return the addresses, empty when it holds none
   * @throws IOException when {@code /proc} cannot be read
   */
  List<String> udpSockets() throws IOException {
    java.util.Set<String> inodes = new java.util.HashSet<>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed while listing
        }
      }
    }
    List<String> found = new ArrayList<>();
    for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        continue;
      }
      for (String line : Files.readAllLines(path).stream().skip(1).toList()) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && inodes.contains(f[9])) {
          found.add(f[1]);
        }
      }
    }
    return found;
  }

  /** The process's id, while it runs. */
  long pid() {
    return process.pid();
  }

  static List<String> javaCommand() {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return c;
  }

  @Override
  public String toString() {
    return name;
  }
}
