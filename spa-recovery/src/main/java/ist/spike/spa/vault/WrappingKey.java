package ist.spike.spa.vault;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.SecretHex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A 32-byte wrapping key kept in a 0600 file: the device key (standing in for a Secure Enclave key)
 * or the cloud key (standing in for the cloud provider's KMS). Zeroed by {@link #close()}.
 */
public final class WrappingKey implements WrappingSecret, AutoCloseable {
  private static final int LENGTH = 32;

  private final SecretBytes key;

  /** Takes ownership of {@code key}. */
  private WrappingKey(byte[] key) {
    this.key = SecretBytes.takeOwnership(key);
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
    byte[] hex = SecretHex.encode(key);
    try {
      SecureFiles.writeNew(file, hex);
    } catch (IOException | RuntimeException e) {
      Arrays.fill(key, (byte) 0);
      throw e;
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
    char[] chars = new char[raw.length];
    byte[] key = new byte[LENGTH];
    try {
      for (int i = 0; i < raw.length; i++) {
        chars[i] = (char) (raw[i] & 0xff);
      }
      // Surrounding whitespace (a trailing newline from an editor) is allowed, as in String.strip.
      int start = 0;
      int end = chars.length;
      while (start < end && Character.isWhitespace(chars[start])) {
        start++;
      }
      while (end > start && Character.isWhitespace(chars[end - 1])) {
        end--;
      }
      if (end - start != LENGTH * 2 || !SecretHex.decodeInto(chars, start, key)) {
        throw new IOException("key file " + file + " must hold 64 hex digits");
      }
      WrappingKey k = new WrappingKey(key);
      key = null;
      return k;
    } finally {
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(chars, '\0');
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  @Override
  public byte[] kdfInput(ShareLabel label) {
    requireNonNull(label, "label");
    byte[] domain = ("|spa-share-v1/" + label.label()).getBytes(StandardCharsets.US_ASCII);
    byte[] raw = key.revealBytes(InsecureSecretAccess.get());
    try {
      byte[] out = Arrays.copyOf(raw, LENGTH + domain.length);
      System.arraycopy(domain, 0, out, LENGTH, domain.length);
      return out;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Zeroes the key; {@link #kdfInput} then throws {@link IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    key.close();
  }

  @Override
  public String toString() {
    return "WrappingKey[32 bytes]";
  }
}
