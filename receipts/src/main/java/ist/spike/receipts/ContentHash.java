package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.Blake3Digest;

/** A 32-byte BLAKE3-256 content hash; shown and stored as 64 lower-case hex digits. */
public final class ContentHash {
  /** Length of the hash in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private ContentHash(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Hashes data with BLAKE3-256.
   *
   * @param data the bytes to hash; not null
   * @return the hash
   */
  public static ContentHash blake3(byte[] data) {
    requireNonNull(data, "data");
    Blake3Digest digest = new Blake3Digest(256);
    digest.update(data, 0, data.length);
    byte[] out = new byte[LENGTH];
    digest.doFinal(out, 0);
    return new ContentHash(out);
  }

  /**
   * Parses 64 lower-case hex digits.
   *
   * @param hex the text; not null
   * @return the hash
   * @throws ReceiptFormatException if the text is not 64 lower-case hex digits
   */
  public static ContentHash parseHex(String hex) throws ReceiptFormatException {
    requireNonNull(hex, "hex");
    if (!Hex.isLowerHex(hex, LENGTH * 2)) {
      throw new ReceiptFormatException("a content hash must be 64 lower-case hex digits");
    }
    return new ContentHash(HexFormat.of().parseHex(hex));
  }

  /** Returns a copy of the 32 raw bytes (the message the group signs). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Returns the 64 lower-case hex digits. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentHash other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
