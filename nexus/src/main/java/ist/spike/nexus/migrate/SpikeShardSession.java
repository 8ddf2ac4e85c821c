package ist.spike.nexus.migrate;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.RecoveryLine;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.Shard;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * A restore session for SPIKE's root key: recovery lines ({@code spike:<i>:<hex>}) given one per
 * line on an input, as SPIKE's {@code spike operator restore} takes them one at a time, until a
 * threshold of distinct shards is collected. Reports progress in SPIKE's words after each shard.
 */
public final class SpikeShardSession {
  /** Most lines read before giving up. */
  public static final int MAX_LINES = 256;

  private SpikeShardSession() {}

  /**
   * Reads shards until {@code threshold} distinct ones are collected and rebuilds the key.
   *
   * @param in the lines; read up to the last needed line
   * @param threshold SPIKE's Shamir threshold, 1 to 255
   * @param progress receives "Shards collected: k" / "Shards remaining: n" (never shard bytes)
   * @return the key; the caller closes it
   * @throws IllegalArgumentException if a line is malformed (by its number, never its content), the
   *     input ends early, or the shards do not form a key
   * @throws IOException if reading fails
   */
  public static RootKey read(InputStream in, int threshold, PrintWriter progress)
      throws IOException {
    requireNonNull(in, "in");
    requireNonNull(progress, "progress");
    if (threshold < 1 || threshold > 255) {
      throw new IllegalArgumentException(
          "--spike-threshold must be between 1 and 255; got " + threshold);
    }
    TreeMap<Integer, Shard> shards = new TreeMap<>();
    byte[] line = new byte[RecoveryLine.MAX_LENGTH + 1];
    try {
      for (int number = 1; shards.size() < threshold; number++) {
        if (number > MAX_LINES) {
          throw new IllegalArgumentException("no threshold of shards in " + MAX_LINES + " lines");
        }
        int length = readLine(in, line, number);
        if (length < 0) {
          throw new IllegalArgumentException(
              "the input ended after "
                  + shards.size()
                  + " of "
                  + threshold
                  + " SPIKE shards; nothing was imported");
        }
        if (isBlank(line, length)) {
          continue;
        }
        Shard shard;
        try {
          shard = RecoveryLine.parse(Arrays.copyOf(line, length));
        } catch (InvalidShardException e) {
          throw new IllegalArgumentException("line " + number + ": " + e.getMessage());
        } finally {
          Arrays.fill(line, (byte) 0);
        }
        Shard before = shards.putIfAbsent(shard.index(), shard);
        if (before != null) {
          shard.close();
          progress.println("Shard " + shard.index() + " was given already; ignored.");
        }
        progress.println("Shards collected: " + shards.size());
        progress.println("Shards remaining: " + (threshold - shards.size()));
        progress.flush();
      }
      return Shamir.recover(shards.values().stream().toList(), threshold);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the SPIKE shards do not form a root key: " + e.getMessage());
    } finally {
      Arrays.fill(line, (byte) 0);
      shards.values().forEach(Shard::close);
    }
  }

  /** Reads one line into {@code buf} (without the line end); returns its length, -1 at the end. */
  private static int readLine(InputStream in, byte[] buf, int number) throws IOException {
    int n = 0;
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (n == buf.length) {
        Arrays.fill(buf, (byte) 0);
        throw new IllegalArgumentException(
            "line " + number + " is longer than a recovery line can be");
      }
      buf[n++] = (byte) b;
    }
    return b == -1 && n == 0 ? -1 : n;
  }

  private static boolean isBlank(byte[] buf, int length) {
    for (int i = 0; i < length; i++) {
      if (!Character.isWhitespace(buf[i])) {
        return false;
      }
    }
    return true;
  }
}
