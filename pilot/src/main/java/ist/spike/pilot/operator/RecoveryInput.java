package ist.spike.pilot.operator;

import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.RecoveryLine;
import ist.spike.crypto.shamir.Shard;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads one recovery line ({@code spike:<i>:<hex>}) from a hidden terminal prompt, or else from
 * standard input (at most {@link RecoveryLine#MAX_LENGTH} bytes), zeroing every buffer.
 */
final class RecoveryInput {
  private RecoveryInput() {}

  static Shard read(Optional<Console> console, InputStream in)
      throws IOException, InvalidShardException {
    if (console.isPresent()) {
      char[] line = console.get().readPassword("Enter recovery shard: ");
      if (line == null) {
        line = new char[0];
      }
      try {
        return RecoveryLine.parse(line);
      } finally {
        Arrays.fill(line, '\0');
      }
    }
    byte[] buffer = new byte[RecoveryLine.MAX_LENGTH];
    int length = 0;
    try {
      int n;
      while (length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) > 0) {
        length += n;
      }
      byte[] line = Arrays.copyOf(buffer, length);
      try {
        return RecoveryLine.parse(line);
      } finally {
        Arrays.fill(line, (byte) 0);
      }
    } finally {
      Arrays.fill(buffer, (byte) 0);
    }
  }
}
