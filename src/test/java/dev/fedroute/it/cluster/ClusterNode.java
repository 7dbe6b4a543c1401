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
  private Process process;

  ClusterNode(String name, List<String> command, Path log, URI base, Path workDir) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
    this.base = base;
    this.workDir = workDir;
  }

  /** Starts the process in an emptied work folder (its output appended to the log). */
  void start() {
    try {
      Files.createDirectories(log.getParent());
      if (Files.exists(workDir)) {
        try (var files = Files.walk(workDir)) {
          for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
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
