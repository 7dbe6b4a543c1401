package dev.fedroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run as a new process (the CLI jar in a fresh JVM), its stdout and stderr captured apart
 * in files of a folder; it must end within 60 s.
 *
 * @param exitCode the process's exit code
 * @param stdout what it wrote on stdout
 * @param stderr what it wrote on stderr
 */
record JarProcess(int exitCode, String stdout, String stderr) {

  static JarProcess run(List<String> command, Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly(); // no JVM left behind by a failed test
    }
    assertThat(ended).as("%s ended within 60 s", command).isTrue();
    return new JarProcess(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
