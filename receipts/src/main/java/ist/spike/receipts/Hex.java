package ist.spike.receipts;

/**
 * Strict lower-case hex checks: upper-case digits would give a second encoding of the same bytes.
 */
final class Hex {
  private Hex() {}

  static boolean isLowerHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
