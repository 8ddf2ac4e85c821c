package ist.spike.api.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads a Go {@code []byte}: standard base64 with padding ({@code \r} and {@code \n} inside are
 * ignored, as Go does), or an array of numbers 0..255; {@code null} stays null.
 */
public final class GoBytesDeserializer extends StdDeserializer<byte[]> {
  private static final long serialVersionUID = 1L;

  /** Creates the deserializer. */
  public GoBytesDeserializer() {
    super(byte[].class);
  }

  @Override
  public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
        s = s.replace("\n", "").replace("\r", "");
      }
      if (s.length() % 4 != 0) {
        ctxt.reportInputMismatch(this, "illegal base64 data (standard alphabet with padding)");
      }
      try {
        return Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        ctxt.reportInputMismatch(this, "illegal base64 data (standard alphabet with padding)");
      }
    }
    if (t == JsonToken.START_ARRAY) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        int v = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getValueAsInt(-1) : -1;
        if (v < 0 || v > 255 || p.getNumberType() != JsonParser.NumberType.INT) {
          ctxt.reportInputMismatch(this, "byte array elements must be integers 0..255");
        }
        out.write(v);
      }
      return out.toByteArray();
    }
    return (byte[]) ctxt.handleUnexpectedToken(byte[].class, p);
  }
}
