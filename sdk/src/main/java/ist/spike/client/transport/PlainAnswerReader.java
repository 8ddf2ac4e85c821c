package ist.spike.client.transport;

import com.fasterxml.jackson.core.StreamReadConstraints;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads secret get's answer when it is plain ASCII JSON of the plain shape, without Jackson's
 * parser (issue 13, ADR 0257).
 *
 * <p>The first Jackson parser of a process initialises {@code java.math.BigDecimal} (its base class
 * keeps {@code BigDecimal} bounds), and on JDK 25 that class's initialiser squares a {@code
 * BigInteger} up to 5<sup>65536</sup>: 20–25 ms of interpreted code after the answer of a {@code
 * spike secret get} has arrived. This reader takes the bytes that {@link SecretGetCodec} would read
 * to the same {@link SecretGetCodec.Answer} and declines everything else with {@code null}, and the
 * codec then reads them with Jackson as before: it accepts only the shape the codec accepts (one
 * object with at most {@code data}, an object of strings or {@code null}, {@code err} and {@code
 * message}, strings, each once; no repeated key in {@code data}), only bytes from 0x20 to 0x7E
 * inside strings and space, tab, CR and LF outside them, only JSON's escapes, none of them a UTF-16
 * surrogate, nothing after the object, and only bodies and strings within {@code limits} counted on
 * their encoded bytes (never fewer than the decoded ones).
 */
final class PlainAnswerReader {
  private final byte[] in;
  private final int maxString;
  private final int maxName;
  private int pos;

  private PlainAnswerReader(byte[] in, StreamReadConstraints limits) {
    this.in = in;
    this.maxString = limits.getMaxStringLength();
    this.maxName = limits.getMaxNameLength();
  }

  /**
   * Reads {@code body}.
   *
   * @param body the answer's bytes
   * @param limits the read limits of the factory the codec would use
   * @return the answer, or {@code null} when the body is not of the form read here
   */
  static SecretGetCodec.Answer read(byte[] body, StreamReadConstraints limits) {
    if (body.length == 0
        || body.length > limits.getMaxDocumentLength()
        || limits.getMaxNestingDepth() < 2
        || limits.getMaxTokenCount() > 0) {
      return null;
    }
    return new PlainAnswerReader(body, limits).answer();
  }

  private SecretGetCodec.Answer answer() {
    if (!skipThen('{')) {
      return null;
    }
    Map<String, String> data = null;
    boolean sawData = false;
    String err = null;
    String message = null;
    if (!skipThen('}')) {
      do {
        String name = string(maxName);
        if (name == null || !skipThen(':')) {
          return null;
        }
        switch (name) {
          case "data" -> {
            if (sawData) {
              return null;
            }
            sawData = true;
            if (skipThen('n')) {
              if (!literal("ull")) {
                return null;
              }
            } else if ((data = stringMap()) == null) {
              return null;
            }
          }
          case "err" -> {
            if (err != null || (err = string(maxString)) == null) {
              return null;
            }
          }
          case "message" -> {
            if (message != null || (message = string(maxString)) == null) {
              return null;
            }
          }
          default -> {
            return null;
          }
        }
      } while (skipThen(','));
      if (!skipThen('}')) {
        return null;
      }
    }
    skipWhitespace();
    return pos == in.length ? new SecretGetCodec.Answer(data, err, message) : null;
  }

  /** An object of string members, no name twice; null otherwise. */
  private Map<String, String> stringMap() {
    if (!skipThen('{')) {
      return null;
    }
    Map<String, String> map = new HashMap<>();
    if (skipThen('}')) {
      return map;
    }
    do {
      String name = string(maxName);
      if (name == null || !skipThen(':')) {
        return null;
      }
      String value = string(maxString);
      if (value == null || map.put(name, value) != null) {
        return null;
      }
    } while (skipThen(','));
    return skipThen('}') ? map : null;
  }

  /**
   * A string after optional whitespace, at most {@code max} bytes between its quotes; else null.
   */
  private String string(int max) {
    if (!skipThen('"')) {
      return null;
    }
    int start = pos;
    StringBuilder text = new StringBuilder();
    while (pos < in.length) {
      int b = in[pos++];
      if (b == '"') {
        return pos - 1 - start <= max ? text.toString() : null;
      }
      if (b < 0x20 || b > 0x7E) { // a control character, or not ASCII (a negative byte)
        return null;
      }
      if (b != '\\') {
        text.append((char) b);
      } else if (pos >= in.length || !escape(text, in[pos++])) {
        return null;
      }
    }
    return null;
  }

  private boolean escape(StringBuilder text, int b) {
    char c;
    switch (b) {
      case '"', '\\', '/' -> c = (char) b;
      case 'b' -> c = '\b';
      case 'f' -> c = '\f';
      case 'n' -> c = '\n';
      case 'r' -> c = '\r';
      case 't' -> c = '\t';
      case 'u' -> {
        if (pos + 4 > in.length) {
          return false;
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
          int digit = Character.digit(in[pos++], 16);
          if (digit < 0) {
            return false;
          }
          value = value << 4 | digit;
        }
        c = (char) value;
        if (Character.isSurrogate(c)) { // the codec leaves surrogates to the mapper's repair
          return false;
        }
      }
      default -> {
        return false;
      }
    }
    text.append(c);
    return true;
  }

  private boolean literal(String rest) {
    for (int i = 0; i < rest.length(); i++) {
      if (pos >= in.length || in[pos++] != rest.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Skips whitespace; consumes {@code c} and returns true if it comes next. */
  private boolean skipThen(char c) {
    skipWhitespace();
    if (pos < in.length && in[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipWhitespace() {
    while (pos < in.length) {
      byte b = in[pos];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return;
      }
      pos++;
    }
  }
}
