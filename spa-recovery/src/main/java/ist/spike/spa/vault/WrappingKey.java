package ist.spike.spa.vault;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte wrapping key kept in a 0600 file: the device key (standing in for a Secure Enclave key)
 * or the cloud key (standing in for the cloud provider's KMS). Zeroed by {@link #close()}.
 */
public final class WrappingKey implements WrappingSecret, AutoCloseable {
  private static final int LENGTH = 32;

  private final byte[] key;

  private WrappingKey(byte[] key) {
    this.key = key;
  }

  /**
   * Creates a new random key and writes it (hex, 0600, parent 0700), refusing to overwrite.
   *
   * @param file where to write it; not null
   * @param random the randomness source; not null
   * @return the key
   * @throws IOException if the file exists or cannot be written
   */
  public static WrappingKey create(Path file, SecureRandom random) throws IOException {
    requireNonNull(file, "file");
    requireNonNull(random, "random");
    byte[] key = new byte[LENGTH];
    random.nextBytes(key);
    byte[] hex = HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII);
    try {
      SecureFiles.writeNew(file, hex);
    } finally {
      Arrays.fill(hex, (byte) 0);
    }
    return new WrappingKey(key);
  }

  /**
   * Reads a key file.
   *
   * @param file the file; not null
   * @return the key
   * @throws IOException if it is missing, not 0600 on POSIX systems, or not 64 hex digits
   */
  public static WrappingKey read(Path file) throws IOException {
    requireNonNull(file, "file");
    SecureFiles.checkPrivate(file);
    byte[] raw = Files.readAllBytes(file);
    try {
      String hex = new String(raw, StandardCharsets.US_ASCII).strip();
      if (hex.length() != LENGTH * 2) {
        throw new IOException("key file " + file + " must hold 64 hex digits");
      }
      return new WrappingKey(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IOException("key file " + file + " must hold 64 hex digits");
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public byte[] kdfInput(ShareLabel label) {
    requireNonNull(label, "label");
    byte[] domain = ("|spa-share-v1/" + label.label()).getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(key, LENGTH + domain.length);
    System.arraycopy(domain, 0, out, LENGTH, domain.length);
    return out;
  }

  /** Zeroes the key. */
  @Override
  public void close() {
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public String toString() {
    return "WrappingKey[32 bytes]";
  }
}
