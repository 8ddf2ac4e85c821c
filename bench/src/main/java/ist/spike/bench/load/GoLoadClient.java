package ist.spike.bench.load;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The load generator of issue 13's SPIKE Go figures, rebuilt here: a Go program ({@code
 * bench/src/main/go/loadgen}, standard library only) with one goroutine and one connection per
 * worker, plain {@code crypto/tls} without session resumption. With it the client of a p99
 * comparison is the same program as the one that measured SPIKE Go, instead of a JVM client whose
 * own scheduling shows in the tail (ADR 0177). It is built with Debian's {@code golang-go}, which
 * {@code bin/spike-bench} installs when it is missing; without a Go toolchain the figures it would
 * give are reported as not measured.
 */
public final class GoLoadClient {
  private static final List<Path> KNOWN_GO =
      List.of(
          Path.of("/usr/bin/go"), Path.of("/usr/lib/go/bin/go"), Path.of("/usr/local/go/bin/go"));

  private final Path binary;

  private GoLoadClient(Path binary) {
    this.binary = binary;
  }

  /** What a run asks of the server: address, identities, request. */
  public record Request(
      int port, Path svidDir, String serverId, String path, String body, int expectedStatus) {
    /** Checks the fields. */
    public Request {
      requireNonNull(svidDir, "svidDir");
      requireNonNull(serverId, "serverId");
      requireNonNull(path, "path");
      requireNonNull(body, "body");
    }
  }

  /** Why the Go client cannot run on this machine. */
  public static final class UnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message) {
      super(message);
    }
  }

  /**
   * Builds the Go program from the repository's source into {@code workDir} (again only when the
   * source is newer than the binary).
   *
   * @param home the repository
   * @param workDir where the binary and Go's build cache go
   * @return the client
   * @throws UnavailableException if no Go toolchain is installed or the build fails
   */
  public static GoLoadClient build(Path home, Path workDir) throws UnavailableException {
    Path source = home.resolve("bench/src/main/go/loadgen/main.go");
    Path go =
        findGo()
            .orElseThrow(
                () ->
                    new UnavailableException(
                        "no Go toolchain (install Debian's golang-go; bin/spike-bench does so"
                            + " when it runs as root)"));
    Path binary = workDir.resolve("loadgen");
    try {
      Files.createDirectories(workDir);
      if (Files.isExecutable(binary)
          && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0) {
        return new GoLoadClient(binary);
      }
      ProcessBuilder build =
          new ProcessBuilder(go.toString(), "build", "-o", binary.toString(), source.toString())
              .redirectErrorStream(true)
              .redirectOutput(workDir.resolve("build.log").toFile());
      build.environment().put("GO111MODULE", "off");
      build.environment().put("GOCACHE", workDir.resolve("cache").toString());
      build.environment().put("GOPATH", workDir.resolve("gopath").toString());
      build.environment().put("GOFLAGS", "");
      Process process = build.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new UnavailableException("go build took longer than 5 minutes");
      }
      if (process.exitValue() != 0) {
        throw new UnavailableException(
            "go build failed: " + Files.readString(workDir.resolve("build.log")).strip());
      }
      return new GoLoadClient(binary);
    } catch (IOException e) {
      throw new UnavailableException("cannot build the Go load generator: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while building the Go load generator");
    }
  }

  private static Optional<Path> findGo() {
    Stream<Path> onPath =
        Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(":"))
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, "go"));
    return Stream.concat(onPath, KNOWN_GO.stream()).filter(Files::isExecutable).findFirst();
  }

  /**
   * Runs the closed loop of {@code config} against {@code target}.
   *
   * @param config workers, warm-up and recorded time (closed loop only)
   * @param target the server and request
   * @param newConnections a new TLS connection for every request instead of one kept per worker
   * @return what was measured, in the suite's own terms
   * @throws IOException if the program cannot run or reports an unusable result
   * @throws InterruptedException if interrupted while it runs
   */
  public LoadResult run(LoadConfig config, Request target, boolean newConnections)
      throws IOException, InterruptedException {
    if (config.isOpenLoop()) {
      throw new IllegalArgumentException("the Go load generator runs closed loops only");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "-addr=127.0.0.1:" + target.port(),
                "-svid-dir=" + target.svidDir(),
                "-server-id=" + target.serverId(),
                "-workers=" + config.concurrency(),
                "-warmup=" + config.warmup().toMillis() + "ms",
                "-duration=" + config.duration().toMillis() + "ms",
                "-path=" + target.path(),
                "-body=" + target.body(),
                "-expect=" + target.expectedStatus()));
    if (newConnections) {
      command.add("-new-connections");
    }
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    LoadResult result;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
      result = parse(out);
    } finally {
      long limit = config.warmup().plus(config.duration()).toSeconds() + 60;
      if (!process.waitFor(limit, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IOException("the Go load generator did not end within " + limit + " s");
      }
    }
    if (process.exitValue() != 0) {
      throw new IOException("the Go load generator exited with " + process.exitValue());
    }
    return result;
  }

  /**
   * Reads the program's output: a line {@code completed errors elapsedSeconds}, then one latency in
   * microseconds per line.
   *
   * @param out the program's standard output
   * @return the result, with the latencies in the suite's histogram
   * @throws IOException if the output is not of that form
   */
  static LoadResult parse(BufferedReader out) throws IOException {
    String header = out.readLine();
    if (header == null) {
      throw new IOException("the Go load generator printed nothing");
    }
    String[] fields = header.strip().split(" ");
    if (fields.length != 3) {
      throw new IOException("unexpected first line from the Go load generator: " + header);
    }
    try {
      long completed = Long.parseLong(fields[0]);
      long errors = Long.parseLong(fields[1]);
      double elapsed = Double.parseDouble(fields[2]);
      Histogram latencies = new Histogram(LoadGenerator.HIGHEST_MICROS, 3);
      long lines = 0;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        latencies.recordValue(
            Math.max(1, Math.min(Long.parseLong(line), LoadGenerator.HIGHEST_MICROS)));
        lines++;
      }
      if (lines != completed || completed == 0 || !(elapsed > 0)) {
        throw new IOException(
            "the Go load generator reported "
                + completed
                + " requests in "
                + elapsed
                + " s but printed "
                + lines
                + " latencies");
      }
      return new LoadResult(completed, errors, elapsed, 0, latencies);
    } catch (NumberFormatException e) {
      throw new IOException("unreadable output from the Go load generator: " + e.getMessage());
    }
  }
}
