package ist.spike.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Sizes of the files Nexus writes in its data directory, for the file-size limits of the tests. */
final class NexusFiles {
  private NexusFiles() {}

  /**
   * The size of the largest file Nexus writes under {@code dataDir}, leaving out sqlite-jdbc's
   * native library (copied once under {@code native/}, ADR 0176, never written again) and every
   * file whose path contains {@code skip}.
   */
  static long largestWritten(Path dataDir, String skip) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !underNative(dataDir.relativize(p)))
          .filter(p -> skip.isEmpty() || !p.toString().contains(skip))
          .mapToLong(NexusFiles::size)
          .max()
          .orElse(0);
    }
  }

  private static boolean underNative(Path relative) {
    for (Path part : relative) {
      if (part.toString().equals("native")) {
        return true;
      }
    }
    return false;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
