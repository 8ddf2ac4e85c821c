package ist.spike.api.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import ist.spike.api.ShardValue;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads a shard as Go reads {@code [32]byte}: a JSON array of numbers 0..255; a shorter array is
 * zero-filled and a longer one truncated (both without error, like Go); anything but an array or
 * {@code null} is an error.
 */
public final class ShardValueDeserializer extends StdDeserializer<ShardValue> {
  private static final long serialVersionUID = 1L;

  /** Creates the deserializer. */
  public ShardValueDeserializer() {
    super(ShardValue.class);
  }

  @Override
  public ShardValue deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (!p.isExpectedStartArrayToken()) {
      return (ShardValue) ctxt.handleUnexpectedToken(ShardValue.class, p);
    }
    byte[] out = new byte[ShardValue.SIZE];
    try {
      int i = 0;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (i >= ShardValue.SIZE) {
          p.skipChildren();
          continue;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
          ctxt.reportInputMismatch(this, "shard elements must be integers 0..255");
        }
        int v = p.getValueAsInt(-1);
        if (p.getNumberType() != JsonParser.NumberType.INT || v < 0 || v > 255) {
          ctxt.reportInputMismatch(this, "shard elements must be integers 0..255");
        }
        out[i++] = (byte) v;
      }
      ShardValue value = ShardValue.Codec.wrap(out);
      out = null;
      return value;
    } finally {
      if (out != null) {
        Arrays.fill(out, (byte) 0);
      }
    }
  }
}
