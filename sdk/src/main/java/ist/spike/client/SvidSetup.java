package ist.spike.client;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SvidSources;
import ist.spike.identity.SvidUnavailableException;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.config.Env;
import ist.spike.identity.spi.WorkloadApiConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the SDK's SVID source from the environment and fails fast, naming what is missing: the
 * files of {@code SPIKE_SVID_DIR} or the socket of {@code SPIFFE_ENDPOINT_SOCKET} get {@code
 * SPIKE_SDK_SVID_WAIT} (default 500 ms) to appear; with neither variable set and no agent at
 * SPIFFE's default socket the call fails at once. The servers keep SPIKE's patient {@link
 * SvidSources}.
 */
final class SvidSetup {
  /** How long the SDK waits for SVID files or the Workload API socket to appear. */
  static final String WAIT = "SPIKE_SDK_SVID_WAIT";

  static final Duration DEFAULT_WAIT = Duration.ofMillis(500);

  private static final long POLL_MILLIS = 25;

  private SvidSetup() {}

  static X509SvidSource open(Map<String, String> env) {
    requireNonNull(env, "env");
    Env e = Env.of(env);
    Duration wait = e.strictDuration(WAIT, DEFAULT_WAIT);
    Optional<String> dir = e.get(SvidSources.SVID_DIR);
    if (dir.isPresent()) {
      return openFiles(Path.of(dir.get()), wait);
    }
    Optional<String> socket = e.get(SvidSources.ENDPOINT_SOCKET);
    String address = socket.orElse(SvidSources.DEFAULT_ENDPOINT_SOCKET);
    Optional<Path> socketFile = unixSocketPath(address);
    if (socket.isEmpty() && socketFile.map(p -> !Files.exists(p)).orElse(true)) {
      throw new SvidUnavailableException(
          "no SVID source configured: set "
              + SvidSources.SVID_DIR
              + " to a directory with "
              + FileSvidSource.SVID_FILE
              + ", "
              + FileSvidSource.KEY_FILE
              + " and "
              + FileSvidSource.BUNDLE_FILE
              + " (for example from bin/spike-dev svid), or "
              + SvidSources.ENDPOINT_SOCKET
              + " to a SPIRE agent socket (with ist.spike:spike-sdk-spiffe on the class path)");
    }
    if (socketFile.isPresent() && !appears(List.of(socketFile.get()), wait)) {
      throw new SvidUnavailableException(
          SvidSources.ENDPOINT_SOCKET
              + "="
              + address
              + ": no socket at "
              + socketFile.get()
              + " after "
              + wait.toMillis()
              + " ms (is the SPIRE agent running? "
              + WAIT
              + " sets how long to wait)");
    }
    WorkloadApiConnector connector =
        SvidSources.workloadApi()
            .orElseThrow(
                () ->
                    new SvidUnavailableException(
                        SvidSources.ENDPOINT_SOCKET
                            + "="
                            + address
                            + " needs the Workload API add-on: add ist.spike:spike-sdk-spiffe to"
                            + " the class path, or use "
                            + SvidSources.SVID_DIR
                            + " (SVID files)"));
    Duration timeout = e.duration(SvidSources.SOURCE_TIMEOUT, Duration.ofSeconds(30));
    return connector.connect(address, timeout);
  }

  static FileSvidSource openFiles(Path dir, Duration wait) {
    List<Path> files =
        List.of(
            dir.resolve(FileSvidSource.SVID_FILE),
            dir.resolve(FileSvidSource.KEY_FILE),
            dir.resolve(FileSvidSource.BUNDLE_FILE));
    if (!appears(files, wait)) {
      List<String> missing = new ArrayList<>();
      for (Path f : files) {
        if (!Files.isRegularFile(f)) {
          missing.add(f.getFileName().toString());
        }
      }
      throw new SvidUnavailableException(
          SvidSources.SVID_DIR
              + "="
              + dir
              + ": missing "
              + String.join(", ", missing)
              + (Files.isDirectory(dir) ? "" : " (the directory does not exist)")
              + " after "
              + wait.toMillis()
              + " ms ("
              + WAIT
              + " sets how long to wait)");
    }
    return FileSvidSource.open(dir);
  }

  /** Waits until every path exists, polling; true if they all did within {@code wait}. */
  private static boolean appears(List<Path> paths, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      if (paths.stream().allMatch(Files::exists)) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** The file of a {@code unix:} address; empty for {@code tcp:} addresses. */
  static Optional<Path> unixSocketPath(String address) {
    if (address.startsWith("unix://")) {
      return Optional.of(Path.of(address.substring("unix://".length())));
    }
    if (address.startsWith("unix:")) {
      return Optional.of(Path.of(address.substring("unix:".length())));
    }
    return Optional.empty();
  }
}
