package ist.spike.spa.vault;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The printable recovery code: 28 Crockford base32 characters (alphabet {@code
 * 0123456789ABCDEFGHJKMNPQRSTVWXYZ}, no I L O U), 140 bits from {@link SecureRandom}, each
 * character an independent, uniform 5-bit group. Shown grouped ({@code XXXX-XXXX-…}); input is
 * normalized: upper-cased, hyphens and spaces removed, I and L read as 1, O as 0.
 *
 * <p>A secret: held as a char array, zeroed by {@link #close()}, never in {@link #toString()}.
 */
public final class RecoveryCode implements WrappingSecret, AutoCloseable {
  /** The number of characters. */
  public static final int LENGTH = 28;

  static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final byte[] DOMAIN =
      "|spa-share-v1/recovery-code".getBytes(StandardCharsets.US_ASCII);

  private final char[] chars;

  private RecoveryCode(char[] chars) {
    this.chars = chars;
  }

  /**
   * Generates a new code.
   *
   * @param random the randomness source; not null
   * @return the code
   */
  public static RecoveryCode generate(SecureRandom random) {
    requireNonNull(random, "random");
    byte[] bits = new byte[18]; // 144 random bits; the first 140 are used
    random.nextBytes(bits);
    char[] out = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      int bit = i * 5;
      int v = ((bits[bit / 8] & 0xff) << 8 | (bits[bit / 8 + 1] & 0xff)) >> (11 - bit % 8) & 0x1f;
      out[i] = ALPHABET.charAt(v);
    }
    Arrays.fill(bits, (byte) 0);
    return new RecoveryCode(out);
  }

  /**
   * Parses a code typed by a person.
   *
   * @param input the code; read, not kept; the caller should zero it; not null
   * @return the normalized code
   * @throws InvalidRecoveryCodeException if it does not have 28 characters from the alphabet
   */
  public static RecoveryCode parse(char[] input) throws InvalidRecoveryCodeException {
    requireNonNull(input, "input");
    char[] out = new char[LENGTH];
    int n = 0;
    boolean bad = false;
    for (char raw : input) {
      char c = Character.toUpperCase(raw);
      if (c == '-' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        continue;
      }
      if (c == 'I' || c == 'L') {
        c = '1';
      } else if (c == 'O') {
        c = '0';
      }
      if (ALPHABET.indexOf(c) < 0) {
        bad = true;
      }
      if (n < LENGTH) {
        out[n] = c;
      }
      n++;
    }
    if (bad || n != LENGTH) {
      Arrays.fill(out, '\0');
      throw new InvalidRecoveryCodeException(
          "a recovery code has 28 characters from 0-9 and A-Z without I, L, O, U (hyphens and"
              + " spaces are ignored); got "
              + n
              + " characters"
              + (bad ? ", some outside the alphabet" : ""));
    }
    return new RecoveryCode(out);
  }

  /**
   * Returns the code grouped for display, {@code XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX}. The caller
   * zeroes the array after showing it.
   */
  public char[] grouped() {
    char[] out = new char[LENGTH + LENGTH / 4 - 1];
    int j = 0;
    for (int i = 0; i < LENGTH; i++) {
      if (i > 0 && i % 4 == 0) {
        out[j++] = '-';
      }
      out[j++] = chars[i];
    }
    return out;
  }

  @Override
  public byte[] kdfInput(ShareLabel label) {
    requireNonNull(label, "label");
    byte[] out = new byte[LENGTH + DOMAIN.length];
    for (int i = 0; i < LENGTH; i++) {
      out[i] = (byte) chars[i];
    }
    System.arraycopy(DOMAIN, 0, out, LENGTH, DOMAIN.length);
    return out;
  }

  /** Compares two codes in constant time. */
  public boolean equalsSecret(RecoveryCode other) {
    requireNonNull(other, "other");
    return MessageDigest.isEqual(
        kdfInput(ShareLabel.RECOVERY_CODE), other.kdfInput(ShareLabel.RECOVERY_CODE));
  }

  /** Zeroes the code. */
  @Override
  public void close() {
    Arrays.fill(chars, '\0');
  }

  @Override
  public String toString() {
    return "RecoveryCode[28 characters]";
  }
}
