package ist.spike.dist.stack;

import static java.util.Objects.requireNonNull;

import ist.spike.client.SpikeClient;
import ist.spike.dist.stack.StackIdentities.Component;
import ist.spike.pilot.PilotMain;
import ist.spike.pilot.SvidSetting;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The development stack's own recovery files, so that starting it again on the same directory just
 * works: once Nexus is ready the stack runs {@code spike operator recover} into {@code
 * DIR/dev-recovery/recover/} (SPIKE's files, 0600 in 0700); when a later start finds Nexus data
 * that Bootstrap refused to re-key, it runs {@code spike operator restore} with them.
 *
 * <p>Development only: these files hold the root key's shards next to the data they protect.
 */
public final class DevRecoveryFiles {
  static final String DIRECTORY = "dev-recovery";

  private final Path dir;
  private final StackIdentities identities;

  /**
   * @param stackDir the stack directory
   * @param identities the stack's SVID directories (the recover and restore roles are used)
   */
  public DevRecoveryFiles(Path stackDir, StackIdentities identities) {
    this.dir = stackDir.toAbsolutePath().normalize().resolve(DIRECTORY);
    this.identities = requireNonNull(identities, "identities");
  }

  /** Returns the directory holding the recovery files ({@code DIR/dev-recovery/recover}). */
  public Path files() {
    return dir.resolve("recover");
  }

  /** Returns the recovery files present, in index order. */
  public List<Path> present() throws IOException {
    if (!Files.isDirectory(files())) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(files())) {
      return s.filter(p -> p.getFileName().toString().matches("spike\\.recovery\\.[0-9]+\\.txt"))
          .sorted()
          .toList();
    }
  }

  /**
   * Writes (or rewrites) the recovery files from a ready Nexus.
   *
   * @param nexus the Nexus URL
   * @return the problem, or null when the files were written
   */
  public String save(java.net.URI nexus) {
    return pilot(nexus, Component.PILOT_RECOVER, "recover", new byte[0], "operator", "recover");
  }

  /**
   * Restores Nexus from the recovery files, one shard after the other until it is ready.
   *
   * @param stack the running stack
   * @return the problem, or null when Nexus is ready
   */
  public String restore(DevStack stack) throws IOException, InterruptedException {
    List<Path> shards = present();
    if (shards.isEmpty()) {
      return "no recovery files in " + files();
    }
    for (Path shard : shards) {
      String problem =
          pilot(
              stack.nexusUrl(),
              Component.PILOT_RESTORE,
              "restore",
              Files.readAllBytes(shard),
              "operator",
              "restore");
      if (problem != null) {
        return problem;
      }
      if (stack.awaitReady(Duration.ofSeconds(2))) {
        return null;
      }
    }
    return stack.awaitReady(Duration.ofSeconds(30))
        ? null
        : "Nexus is not ready after restoring " + shards.size() + " shards";
  }

  private String pilot(
      java.net.URI nexus, Component role, String roleName, byte[] stdin, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("SPIKE_NEXUS_API_URL", nexus.toString());
    env.put("SPIKE_SVID_DIR", identities.svidDir(role).toString());
    env.put("SPIKE_PILOT_ROLE", roleName);
    env.put("SPIKE_PILOT_RECOVERY_DIR", dir.toString());
    env.put("HOME", dir.toString());
    StringWriter err = new StringWriter();
    int code;
    try (InputStream in = new ByteArrayInputStream(stdin)) {
      code =
          PilotMain.run(
              args,
              env,
              new PrintWriter(new StringWriter()),
              new ByteArrayOutputStream(),
              new PrintWriter(err),
              in,
              SvidSetting.required(SpikeClient::fromEnvironment));
    } catch (IOException e) {
      return e.getMessage();
    } finally {
      java.util.Arrays.fill(stdin, (byte) 0);
    }
    List<String> lines = new ArrayList<>(err.toString().lines().toList());
    return code == 0 ? null : "spike " + String.join(" ", args) + ": " + String.join(" ", lines);
  }
}
