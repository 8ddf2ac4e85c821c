package ist.spike.api.json;

/**
 * A non-allocating check that JSON bytes are text SPIKE can store as written: well-formed UTF-8 (no
 * overlong forms, no encoded surrogates, nothing above U+10FFFF, no truncated sequences, no stray
 * bytes) and no unpaired surrogate in a {@code \}{@code uXXXX} escape. Every such input would
 * otherwise decode to a different text than it spells (an overlong {@code C0 AF} to {@code /},
 * everything else to U+FFFD), so two bodies could name one path.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * Returns null if the bytes are valid, otherwise what is wrong and where (never the bytes).
   *
   * @param b the bytes
   * @param offset the first byte
   * @param length the number of bytes
   * @return a description such as "overlong UTF-8 encoding at byte 12", or null
   */
  static String problem(byte[] b, int offset, int length) {
    int i = offset;
    int n = offset + length;
    while (i < n) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if (c == 0) {
          // Never valid in UTF-8 JSON (controls must be escaped); refusing it also stops Jackson
          // from auto-detecting UTF-16 or UTF-32 input.
          return "NUL byte at byte " + (i - offset) + " (JSON must be UTF-8, not UTF-16 or UTF-32)";
        }
        if (c == '\\' && i + 1 < n) {
          int unit = hexUnit(b, i, n);
          if (unit >= 0xdc00 && unit <= 0xdfff) {
            return "unpaired surrogate escape (a \\u low surrogate without a high one) at byte "
                + (i - offset);
          }
          if (unit >= 0xd800 && unit <= 0xdbff) {
            int next = hexUnit(b, i + 6, n);
            if (next < 0xdc00 || next > 0xdfff) {
              return "unpaired surrogate escape (a \\u high surrogate without a low one) at byte "
                  + (i - offset);
            }
            i += 12;
            continue;
          }
          // Skip the escaped ASCII character (other escapes' hex digits are plain ASCII too); a
          // non-ASCII byte after a backslash is checked as UTF-8 like any other.
          i += (b[i + 1] & 0x80) == 0 ? 2 : 1;
          continue;
        }
        i++;
        continue;
      }
      int len;
      int min;
      if (c >= 0xc0 && c <= 0xdf) {
        len = 2;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf7) {
        len = 4;
        min = 0x10000;
      } else {
        return "invalid UTF-8 byte at byte " + (i - offset);
      }
      if (i + len > n) {
        return "truncated UTF-8 sequence at byte " + (i - offset);
      }
      int cp = c & (0xff >> (len + 1));
      for (int k = 1; k < len; k++) {
        int cc = b[i + k] & 0xff;
        if ((cc & 0xc0) != 0x80) {
          return "truncated UTF-8 sequence at byte " + (i - offset);
        }
        cp = (cp << 6) | (cc & 0x3f);
      }
      if (cp < min) {
        return "overlong UTF-8 encoding at byte " + (i - offset);
      }
      if (cp >= 0xd800 && cp <= 0xdfff) {
        return "UTF-8-encoded surrogate at byte " + (i - offset);
      }
      if (cp > 0x10ffff) {
        return "UTF-8 code point above U+10FFFF at byte " + (i - offset);
      }
      i += len;
    }
    return null;
  }

  /** Returns the code unit of a {@code \}{@code uXXXX} escape at {@code i}, or -1. */
  private static int hexUnit(byte[] b, int i, int n) {
    if (i + 6 > n || b[i] != '\\' || b[i + 1] != 'u') {
      return -1;
    }
    int v = 0;
    for (int k = 2; k < 6; k++) {
      int d = Character.digit(b[i + k], 16);
      if (d < 0) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  /**
   * Returns the index of the first unpaired surrogate in the chars, or -1.
   *
   * @param c the chars
   * @param offset the first char
   * @param length the number of chars
   * @return the index relative to {@code offset}, or -1
   */
  static int unpairedSurrogate(char[] c, int offset, int length) {
    int n = offset + length;
    for (int i = offset; i < n; i++) {
      if (Character.isHighSurrogate(c[i]) && i + 1 < n && Character.isLowSurrogate(c[i + 1])) {
        i++;
      } else if (Character.isSurrogate(c[i])) {
        return i - offset;
      }
    }
    return -1;
  }
}
