package ist.spike.pilot;

import ist.spike.client.SpikeClient;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind {@code bin/spike}'s JDK AOT cache: runs typical Pilot commands, with
 * their output discarded, against a throwaway development identity and a closed local port, so the
 * classes a real command loads (picocli, the JSON codec, the SVID source, TLS and the HTTP client)
 * are recorded. It sends nothing anywhere and leaves no files behind.
 */
public final class AotTraining {
  private AotTraining() {}

  /**
   * Runs the training commands.
   *
   * @param args ignored
   */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("spike-aot-training");
    try {
      DevTrustDomain trust = DevTrustDomain.create(dir);
      Map<String, String> env =
          Map.of(
              "SPIKE_SVID_DIR", trust.svidDirFor(SpikeRole.PILOT_SUPERUSER).toString(),
              "SPIKE_NEXUS_API_URL", "https://127.0.0.1:" + closedPort(),
              "HOME", dir.toString());
      for (List<String> command :
          List.of(
              List.of("--help"),
              List.of("secret", "get", "training/path"),
              List.of("secret", "put", "training/path", "k=v"),
              List.of("secret", "list", "--format", "json"),
              List.of("policy", "list", "--format", "yaml"))) {
        PilotMain.run(
            command.toArray(String[]::new),
            env,
            new PrintWriter(new StringWriter()),
            new ByteArrayOutputStream(),
            new PrintWriter(new StringWriter()),
            new ByteArrayInputStream(new byte[0]),
            SpikeClient::fromEnvironment);
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
