package ist.spike.crypto.shamir;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The content of SPIKE's recovery files ({@code spike operator recover} writes one per shard):
 * {@code spike:<index>:<64 lowercase hex digits>} with no trailing newline, in a file named {@code
 * spike.recovery.<index>.txt} (mode 0600).
 *
 * <p>Lines are handled as ASCII {@code byte[]}/{@code char[]} so that callers can zero them; no
 * {@code String} ever holds the hex.
 */
public final class RecoveryLine {
  /** Prefix of every line. */
  public static final String PREFIX = "spike";

  /** Largest accepted line length, matching SPIKE's 4096-byte stdin read. */
  public static final int MAX_LENGTH = 4096;

  private RecoveryLine() {}

  /**
   * Returns the file name SPIKE uses for a shard.
   *
   * @param index the shard index
   * @return {@code spike.recovery.<index>.txt}
   */
  public static String fileName(int index) {
    return "spike.recovery." + index + ".txt";
  }

  /**
   * Formats a shard as a recovery line (ASCII, no trailing newline).
   *
   * @param shard the shard
   * @param access proof that the caller may handle secret bytes
   * @return the line's bytes; the caller must zero them after writing
   */
  public static byte[] format(Shard shard, SecretAccess access) {
    requireNonNull(shard, "shard");
    requireNonNull(access, "access");
    byte[] prefix = (PREFIX + ":" + shard.index() + ":").getBytes(StandardCharsets.US_ASCII);
    byte[] value = shard.revealValue(access);
    try {
      byte[] out = new byte[prefix.length + 2 * value.length];
      System.arraycopy(prefix, 0, out, 0, prefix.length);
      for (int i = 0; i < value.length; i++) {
        out[prefix.length + 2 * i] = hexDigit((value[i] >> 4) & 0xf);
        out[prefix.length + 2 * i + 1] = hexDigit(value[i] & 0xf);
      }
      return out;
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  /**
   * Parses a recovery line. Surrounding whitespace is ignored; the hex may be upper or lower case.
   *
   * @param line ASCII bytes as read from a file or terminal; not modified
   * @return the shard
   * @throws InvalidShardException if the line is malformed or the shard invalid; the message states
   *     the rule and never contains the hex
   */
  public static Shard parse(byte[] line) throws InvalidShardException {
    requireNonNull(line, "line");
    char[] chars = new char[line.length];
    try {
      for (int i = 0; i < line.length; i++) {
        chars[i] = (char) (line[i] & 0xff);
      }
      return parse(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /**
   * Parses a recovery line held in a char array (for example from {@code Console.readPassword}).
   *
   * @param line the characters; not modified
   * @return the shard
   * @throws InvalidShardException if the line is malformed or the shard invalid
   */
  public static Shard parse(char[] line) throws InvalidShardException {
    requireNonNull(line, "line");
    if (line.length > MAX_LENGTH) {
      throw new InvalidShardException(
          "recovery line must be at most " + MAX_LENGTH + " characters, was " + line.length);
    }
    int start = 0;
    int end = line.length;
    while (start < end && isSpace(line[start])) {
      start++;
    }
    while (end > start && isSpace(line[end - 1])) {
      end--;
    }
    int first = indexOf(line, ':', start, end);
    int second = first < 0 ? -1 : indexOf(line, ':', first + 1, end);
    if (second < 0) {
      throw new InvalidShardException(
          "recovery line must have the form spike:<index>:<64 hex digits>");
    }
    if (!new String(line, start, first - start).equals(PREFIX)) {
      throw new InvalidShardException("recovery line must start with \"spike:\"");
    }
    int index = parseIndex(line, first + 1, second);
    int hexLength = end - second - 1;
    if (hexLength != 2 * Shard.VALUE_SIZE) {
      throw new InvalidShardException(
          "recovery line must end with exactly 64 hex digits, found " + hexLength + " characters");
    }
    byte[] value = new byte[Shard.VALUE_SIZE];
    try {
      int bad = 0;
      for (int i = 0; i < Shard.VALUE_SIZE; i++) {
        int hi = hexValue(line[second + 1 + 2 * i]);
        int lo = hexValue(line[second + 2 + 2 * i]);
        bad |= (hi | lo) & 0x100;
        value[i] = (byte) ((hi << 4) | (lo & 0xf));
      }
      if (bad != 0) {
        throw new InvalidShardException("recovery line value must contain only hex digits 0-9a-f");
      }
      return Shard.ofRaw(index, value);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  private static int parseIndex(char[] line, int from, int to) throws InvalidShardException {
    int length = to - from;
    if (length < 1 || length > 9) {
      throw new InvalidShardException("recovery line index must be a decimal number from 1");
    }
    int index = 0;
    for (int i = from; i < to; i++) {
      char c = line[i];
      if (c < '0' || c > '9') {
        throw new InvalidShardException("recovery line index must be a decimal number from 1");
      }
      index = index * 10 + (c - '0');
    }
    if (index < 1) {
      throw new InvalidShardException("recovery line index must be at least 1, was " + index);
    }
    return index;
  }

  /**
   * Returns the nibble value, or a value with bit 8 set for a non-hex character, without branching
   * on the (secret) character.
   */
  private static int hexValue(char ch) {
    int c = ch;
    int d = c - '0';
    int inDigit = ~(d | (9 - d)) >>> 31;
    int l = (c | 0x20) - 'a';
    int inLetter = ~(l | (5 - l)) >>> 31;
    int value = (d & -inDigit) | ((l + 10) & -inLetter);
    return value | (((inDigit | inLetter) ^ 1) << 8);
  }

  /** Returns the lowercase hex digit for a nibble, without a table lookup on the secret value. */
  private static byte hexDigit(int nibble) {
    return (byte) (nibble + '0' + (((9 - nibble) >> 31) & ('a' - '0' - 10)));
  }

  private static int indexOf(char[] a, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f';
  }
}
