package ist.spike.pilot.operator;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidCommitmentsException;
import ist.spike.crypto.shamir.ShamirParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text file {@code spike operator recover} writes beside the recovery files: one Feldman
 * commitment per line (66 hex digits, coefficient 0 first), {@code #} comments allowed. Public
 * data; it lets {@code spike operator verify-shard} check a recovery file offline (ADR-0161).
 */
final class CommitmentsFile {
  static final String NAME = "spike.commitments.txt";
  // one 66-digit line per coefficient plus room for comments
  static final int MAX_BYTES = 80 * ShamirParameters.MAX_SHARES + 4096;

  private CommitmentsFile() {}

  static byte[] format(FeldmanCommitments commitments) {
    StringBuilder sb =
        new StringBuilder(
            "# Feldman commitments of the SPIKE root key's split (public; see spike operator"
                + " verify-shard)\n");
    for (String point : commitments.toHex()) {
      sb.append(point).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static FeldmanCommitments read(Path file) throws IOException, InvalidCommitmentsException {
    byte[] content;
    try (InputStream in = Files.newInputStream(file)) {
      content = in.readNBytes(MAX_BYTES + 1);
    }
    if (content.length > MAX_BYTES) {
      throw new IOException(
          file + " is larger than " + MAX_BYTES + " bytes: not a commitments file");
    }
    List<String> points = new ArrayList<>();
    for (String line : new String(content, StandardCharsets.US_ASCII).split("\n")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        points.add(t);
      }
    }
    return FeldmanCommitments.fromHex(points);
  }
}
