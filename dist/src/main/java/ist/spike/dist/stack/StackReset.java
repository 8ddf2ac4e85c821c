package ist.spike.dist.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@code spike-dev --reset}: removes Nexus's data and the dev recovery files of a stack. */
public final class StackReset {
  private StackReset() {}

  /**
   * Deletes {@code DIR/nexus} and {@code DIR/dev-recovery}; the trust domain, logs and env stay.
   *
   * @param stackDir the stack directory (its lock must be held)
   */
  public static void wipe(Path stackDir) {
    for (String sub : List.of("nexus", DevRecoveryFiles.DIRECTORY)) {
      Path root = stackDir.resolve(sub);
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + root, e);
      }
    }
  }
}
