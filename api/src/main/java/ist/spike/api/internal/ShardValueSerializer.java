package ist.spike.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import ist.spike.api.ShardValue;
import java.io.IOException;

/** Writes a shard as Go writes {@code [32]byte}: an array of 32 decimal numbers. */
public final class ShardValueSerializer extends StdSerializer<ShardValue> {
  private static final long serialVersionUID = 1L;

  /** Creates the serializer. */
  public ShardValueSerializer() {
    super(ShardValue.class);
  }

  @Override
  public void serialize(ShardValue value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    gen.writeStartArray(value, ShardValue.SIZE);
    for (int i = 0; i < ShardValue.SIZE; i++) {
      gen.writeNumber(ShardValue.Codec.byteAt(value, i));
    }
    gen.writeEndArray();
  }
}
