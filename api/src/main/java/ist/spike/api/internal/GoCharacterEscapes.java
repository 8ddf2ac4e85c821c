package ist.spike.api.internal;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Go {@code encoding/json} string escaping: {@code \n \r \t \" \\} as short escapes, every other
 * control character as a lowercase backslash-u escape, {@code < > &} as backslash-u escapes
 * (HTML-safe), U+2028 and U+2029 escaped, everything else (including DEL and non-ASCII) raw.
 */
public final class GoCharacterEscapes extends CharacterEscapes {
  private static final long serialVersionUID = 1L;
  private static final String HEX = "0123456789abcdef";

  private final int[] ascii;

  /** Creates the escapes. */
  public GoCharacterEscapes() {
    ascii = new int[128];
    for (int c = 0; c < 0x20; c++) {
      ascii[c] = ESCAPE_CUSTOM;
    }
    ascii['"'] = ESCAPE_STANDARD;
    ascii['\\'] = ESCAPE_STANDARD;
    ascii['<'] = ESCAPE_CUSTOM;
    ascii['>'] = ESCAPE_CUSTOM;
    ascii['&'] = ESCAPE_CUSTOM;
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return ascii.clone();
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    switch (ch) {
      case '\n':
        return new SerializedString("\\n");
      case '\r':
        return new SerializedString("\\r");
      case '\t':
        return new SerializedString("\\t");
      default:
        if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
          return new SerializedString(
              "\\u"
                  + HEX.charAt((ch >> 12) & 0xf)
                  + HEX.charAt((ch >> 8) & 0xf)
                  + HEX.charAt((ch >> 4) & 0xf)
                  + HEX.charAt(ch & 0xf));
        }
        return null;
    }
  }
}
