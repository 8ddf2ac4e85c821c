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
    ascii['"'] = ESCAPE_CUSTOM;
    ascii['\\'] = ESCAPE_CUSTOM;
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
    if (ch < SEQUENCES.length) {
      return SEQUENCES[ch];
    }
    if (ch == 0x2028) {
      return LINE_SEPARATOR;
    }
    if (ch == 0x2029) {
      return PARAGRAPH_SEPARATOR;
    }
    return null;
  }

  private static final SerializableString[] SEQUENCES = new SerializableString[128];
  private static final SerializableString LINE_SEPARATOR = unicodeEscape(0x2028);
  private static final SerializableString PARAGRAPH_SEPARATOR = unicodeEscape(0x2029);

  static {
    for (int c = 0; c < 0x20; c++) {
      SEQUENCES[c] = unicodeEscape(c);
    }
    SEQUENCES['\n'] = new SerializedString("\\n");
    SEQUENCES['\r'] = new SerializedString("\\r");
    SEQUENCES['\t'] = new SerializedString("\\t");
    SEQUENCES['"'] = new SerializedString("\\\"");
    SEQUENCES['\\'] = new SerializedString("\\\\");
    SEQUENCES['<'] = unicodeEscape('<');
    SEQUENCES['>'] = unicodeEscape('>');
    SEQUENCES['&'] = unicodeEscape('&');
  }

  private static SerializableString unicodeEscape(int ch) {
    return new SerializedString(
        "\\u"
            + HEX.charAt((ch >> 12) & 0xf)
            + HEX.charAt((ch >> 8) & 0xf)
            + HEX.charAt((ch >> 4) & 0xf)
            + HEX.charAt(ch & 0xf));
  }
}
