package ist.spike.crypto;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Objects;

/**
 * Hex encoding for secret bytes that never goes through a {@code String} (which cannot be zeroed)
 * and never branches or indexes a table on a secret nibble.
 *
 * <p>Use it for key files and recovery lines; for public values {@link java.util.HexFormat} is
 * fine. Every array it returns or fills holds secret material that the caller must zero.
 */
public final class SecretHex {
  private SecretHex() {}

  /**
   * Writes {@code secret} as lower-case hex ASCII into {@code out} at {@code offset}.
   *
   * @param secret the bytes to encode; not modified
   * @param out receives {@code 2 * secret.length} bytes
   * @param offset where the first hex digit goes
   * @throws IndexOutOfBoundsException if {@code out} is too short
   */
  public static void encodeInto(byte[] secret, byte[] out, int offset) {
    requireNonNull(secret, "secret");
    requireNonNull(out, "out");
    Objects.checkFromIndexSize(offset, 2 * secret.length, out.length);
    for (int i = 0; i < secret.length; i++) {
      out[offset + 2 * i] = digit((secret[i] >> 4) & 0xf);
      out[offset + 2 * i + 1] = digit(secret[i] & 0xf);
    }
  }

  /**
   * Returns {@code secret} as lower-case hex ASCII; the caller must zero the result.
   *
   * @param secret the bytes to encode; not modified
   * @return {@code 2 * secret.length} ASCII bytes
   */
  public static byte[] encode(byte[] secret) {
    requireNonNull(secret, "secret");
    byte[] out = new byte[2 * secret.length];
    encodeInto(secret, out, 0);
    return out;
  }

  /**
   * Decodes {@code 2 * out.length} hex digits (either case) of {@code hex} starting at {@code from}
   * into {@code out}. Every digit is read even after a bad one, so the time does not depend on
   * where the input is wrong; on failure {@code out} is zeroed.
   *
   * @param hex the characters; not modified
   * @param from index of the first digit
   * @param out receives the decoded bytes
   * @return false if any of the characters is not a hex digit
   * @throws IndexOutOfBoundsException if {@code hex} holds fewer digits than needed
   */
  public static boolean decodeInto(char[] hex, int from, byte[] out) {
    requireNonNull(hex, "hex");
    requireNonNull(out, "out");
    Objects.checkFromIndexSize(from, 2 * out.length, hex.length);
    int bad = 0;
    for (int i = 0; i < out.length; i++) {
      int hi = value(hex[from + 2 * i]);
      int lo = value(hex[from + 2 * i + 1]);
      bad |= (hi | lo) & 0x100;
      out[i] = (byte) ((hi << 4) | (lo & 0xf));
    }
    if (bad != 0) {
      Arrays.fill(out, (byte) 0);
      return false;
    }
    return true;
  }

  /**
   * Returns the nibble value, or a value with bit 8 set for a non-hex character, without branching
   * on the (secret) character.
   */
  private static int value(char ch) {
    int c = ch;
    int d = c - '0';
    int inDigit = ~(d | (9 - d)) >>> 31;
    int l = (c | 0x20) - 'a';
    int inLetter = ~(l | (5 - l)) >>> 31;
    int value = (d & -inDigit) | ((l + 10) & -inLetter);
    return value | (((inDigit | inLetter) ^ 1) << 8);
  }

  /** Returns the lower-case hex digit for a nibble, without a table lookup on the secret value. */
  private static byte digit(int nibble) {
    return (byte) (nibble + '0' + (((9 - nibble) >> 31) & ('a' - '0' - 10)));
  }
}
