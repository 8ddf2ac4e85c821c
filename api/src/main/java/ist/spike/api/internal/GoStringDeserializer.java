package ist.spike.api.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;

/**
 * Reads a Go {@code string}: only JSON strings are accepted (no number or boolean coercion), {@code
 * null} becomes {@code ""} (Go leaves the zero value), and unpaired UTF-16 surrogates from
 * backslash-u surrogate escapes become U+FFFD as in Go.
 */
public final class GoStringDeserializer extends StdScalarDeserializer<String> {
  private static final long serialVersionUID = 1L;

  /** Creates the deserializer. */
  public GoStringDeserializer() {
    super(String.class);
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return fixSurrogates(p.getText());
    }
    return (String) ctxt.handleUnexpectedToken(String.class, p);
  }

  @Override
  public String getNullValue(DeserializationContext ctxt) {
    return "";
  }

  static String fixSurrogates(String s) {
    int n = s.length();
    StringBuilder sb = null;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean bad = false;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          if (sb != null) {
            sb.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
        bad = true;
      } else if (Character.isLowSurrogate(c)) {
        bad = true;
      }
      if (bad && sb == null) {
        sb = new StringBuilder(n).append(s, 0, i);
      }
      if (sb != null) {
        sb.append(bad ? '\ufffd' : c);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
