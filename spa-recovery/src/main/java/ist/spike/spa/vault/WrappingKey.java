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
   * Generates a new random key held only in memory (for a key kept by a remote store).
   *
   * @param random the randomness source; not null
   * @return the key
   */
  public static WrappingKey generate(SecureRandom random) {
    requireNonNull(random, "random");
    byte[] key = new byte[LENGTH];
    random.nextBytes(key);
    return new WrappingKey(key);
  }

  /**
   * Parses a key from 64 hex digits (as a remote store returns it).
   *
   * @param hex the digits; not null; not kept
   * @return the key
   * @throws IllegalArgumentException if not 64 hex digits (the value is not repeated)
   */
  public static WrappingKey parseHex(char[] hex) {
    requireNonNull(hex, "hex");
    byte[] key = new byte[LENGTH];
    if (hex.length != LENGTH * 2 || !SecretHex.decodeInto(hex, 0, key)) {
      Arrays.fill(key, (byte) 0);
      throw new IllegalArgumentException("a wrapping key is 64 hex digits");
    }
    return new WrappingKey(key);
  }

  /**
   * Reveals the key as 64 lower-case hex characters, for handing to a remote store. The caller
   * zeroes the returned array.
   *
   * @param access the token proving the caller means to reveal the key; not null
   * @return a fresh array
   */
  public char[] revealHex(ist.spike.crypto.SecretAccess access) {
    requireNonNull(access, "access");
    byte[] raw = key.revealBytes(access);
    byte[] hex = SecretHex.encode(raw);
    try {
      char[] out = new char[hex.length];
      for (int i = 0; i < hex.length; i++) {
        out[i] = (char) hex[i];
      }
      return out;
    } finally {
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(hex, (byte) 0);
    }
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
