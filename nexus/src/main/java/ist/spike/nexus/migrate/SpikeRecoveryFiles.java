package ist.spike.nexus.migrate;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.RecoveryLine;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.Shard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rebuilds a SPIKE root key from SPIKE's recovery files ({@code spike.recovery.<i>.txt}, one {@code
 * spike:<i>:<hex>} line each) with the shared parser and Shamir code in {@code crypto}.
 */
public final class SpikeRecoveryFiles {
  private static final Pattern NAME = Pattern.compile("spike\\.recovery\\.[0-9]{1,3}\\.txt");
  private static final long MAX_FILE_BYTES = RecoveryLine.MAX_LENGTH;

  private SpikeRecoveryFiles() {}

  /**
   * Reads every recovery file in {@code dir} and interpolates the key from all of them, so any
   * threshold (or more) of a deployment's files gives its key.
   *
   * @param dir the directory holding the files
   * @return the key; the caller closes it
   * @throws IllegalArgumentException if there are no files or one is malformed (the message names
   *     the file, never its content)
   * @throws IOException if a file cannot be read
   */
  public static RootKey load(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "no SPIKE recovery files (spike.recovery.<i>.txt) in " + dir);
    }
    List<Shard> shards = new ArrayList<>();
    try {
      for (Path f : files) {
        if (Files.size(f) > MAX_FILE_BYTES) {
          throw new IllegalArgumentException(f + " is larger than a recovery file can be");
        }
        byte[] line = Files.readAllBytes(f);
        try {
          shards.add(RecoveryLine.parse(line));
        } catch (InvalidShardException e) {
          throw new IllegalArgumentException(f + ": " + e.getMessage());
        } finally {
          Arrays.fill(line, (byte) 0);
        }
      }
      return Shamir.recover(shards, shards.size());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the recovery files in " + dir + " do not form a root key: " + e.getMessage());
    } finally {
      shards.forEach(Shard::close);
    }
  }
}
