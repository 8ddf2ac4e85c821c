package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ist.spike.dist.KindClassPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code spike-dev} as its own JVM on the test classpath, with its output collected. */
record DevStackProcess(Process process, Thread reader) {

  /**
   * A JVM running {@code mainClass} with the launchers' CLI flags on the class path its process
   * kind starts on (its module's jars from the test's class path, {@link KindClassPath}).
   */
  static ProcessBuilder java(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(KindClassPath.forThisJvm(mainClass));
    command.add(mainClass);
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /**
   * Starts {@code spike-dev --dir DIR --keeper-interval 1s}, appends every output line to {@code
   * output}, and waits for the ready line.
   */
  static DevStackProcess start(Path dir, List<String> output, String... extra) throws IOException {
    return start(dir, output, java.util.Map.of(), extra);
  }

  /** Like {@link #start(Path, List, String...)}, with extra environment for every component. */
  static DevStackProcess start(
      Path dir, List<String> output, java.util.Map<String, String> env, String... extra)
      throws IOException {
    Process process = launch(dir, output, env, extra);
    Thread reader = readInto(process, output);
    await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                output.stream().anyMatch(l -> l.startsWith("SPIKE dev stack up"))
                    || !process.isAlive());
    assertThat(process.isAlive()).as("spike-dev output: %s", output).isTrue();
    return new DevStackProcess(process, reader);
  }

  /** Starts {@code spike-dev --dir DIR --keeper-interval 1s EXTRA...} without waiting. */
  static Process launch(Path dir, List<String> output, String... extra) throws IOException {
    return launch(dir, output, java.util.Map.of(), extra);
  }

  private static Process launch(
      Path dir, List<String> output, java.util.Map<String, String> env, String... extra)
      throws IOException {
    List<String> args =
        new ArrayList<>(List.of("--dir", dir.toString(), "--keeper-interval", "1s"));
    args.addAll(List.of(extra));
    ProcessBuilder pb =
        java("ist.spike.dist.DevMain", args.toArray(String[]::new)).redirectErrorStream(true);
    pb.environment().putAll(env); // the supervised children inherit it
    return pb.start();
  }

  /** Appends every output line of {@code process} to {@code output} on a daemon thread. */
  static Thread readInto(Process process, List<String> output) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  output.add(line);
                }
              } catch (IOException ignored) {
                // the stack has stopped
              }
            });
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
