package ist.spike.api.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a map as Go does: keys as strings (integers in decimal), sorted by their UTF-8 bytes
 * ({@code "10"} before {@code "2"}), {@code null} values as {@code null}, the others with their own
 * serializers or with a given {@link ValueWriter}.
 */
@SuppressWarnings("rawtypes")
public final class GoMapSerializer extends StdSerializer<Map> {
  private static final long serialVersionUID = 1L;

  /** Writes one map value that is not {@code null}. */
  @FunctionalInterface
  public interface ValueWriter extends Serializable {
    /**
     * Writes the value.
     *
     * @param value the value, not null
     * @param gen where to write
     * @param provider the serializers
     * @throws IOException if writing fails
     */
    void write(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException;
  }

  private final ValueWriter values;

  /** Creates the serializer; each value is written with its own serializer. */
  public GoMapSerializer() {
    this(GoMapSerializer::writeWithItsSerializer);
  }

  /**
   * Creates the serializer.
   *
   * @param values writes each value that is not null
   */
  public GoMapSerializer(ValueWriter values) {
    super(Map.class);
    this.values = requireNonNull(values, "values");
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
        values.write(e.getValue(), gen, provider);
      }
    }
    gen.writeEndObject();
  }

  private static void writeWithItsSerializer(
      Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
    provider.findValueSerializer(value.getClass()).serialize(value, gen, provider);
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
