package ist.spike.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a map as Go does: keys as strings (integers in decimal), sorted by their UTF-8 bytes
 * ({@code "10"} before {@code "2"}), values with their own serializers.
 */
@SuppressWarnings("rawtypes")
public final class GoMapSerializer extends StdSerializer<Map> {
  private static final long serialVersionUID = 1L;

  /** Creates the serializer. */
  public GoMapSerializer() {
    super(Map.class);
  }

  @Override
  public boolean isEmpty(SerializerProvider provider, Map value) {
    return value == null || value.isEmpty();
  }

  @Override
  public void serialize(Map value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    List<Map.Entry<?, ?>> entries = new ArrayList<>();
    for (Object o : value.entrySet()) {
      entries.add((Map.Entry<?, ?>) o);
    }
    entries.sort((a, b) -> compareUtf8(String.valueOf(a.getKey()), String.valueOf(b.getKey())));
    gen.writeStartObject(value);
    for (Map.Entry<?, ?> e : entries) {
      gen.writeFieldName(String.valueOf(e.getKey()));
      if (e.getValue() == null) {
        gen.writeNull();
      } else {
        provider
            .findValueSerializer(e.getValue().getClass())
            .serialize(e.getValue(), gen, provider);
      }
    }
    gen.writeEndObject();
  }

  /**
   * Compares two strings by their UTF-8 bytes, as Go orders map keys.
   *
   * @param a one string
   * @param b another
   * @return negative, zero or positive
   */
  public static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
