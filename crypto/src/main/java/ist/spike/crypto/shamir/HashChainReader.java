package ist.spike.crypto.shamir;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * SPIKE's deterministic "random" source (spike-sdk-go {@code crypto.NewDeterministicReader}):
 * {@code block0 = SHA-256(seed)}, {@code block(i+1) = SHA-256(block(i))}, output {@code block0 ||
 * block1 || ...}. The seed itself is never output. Not thread-safe; zero with {@link #close()}.
 */
final class HashChainReader implements AutoCloseable {
  static final int BLOCK_SIZE = 32;

  private final MessageDigest sha256;
  private final byte[] block;

  HashChainReader(byte[] seed) {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
    block = sha256.digest(seed);
  }

  /** Copies the current block into {@code out} (32 bytes) and advances to the next block. */
  void nextBlock(byte[] out) {
    System.arraycopy(block, 0, out, 0, BLOCK_SIZE);
    sha256.update(block);
    try {
      sha256.digest(block, 0, BLOCK_SIZE);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-256 digest failed", e);
    }
  }

  @Override
  public void close() {
    Arrays.fill(block, (byte) 0);
    sha256.reset();
  }
}
