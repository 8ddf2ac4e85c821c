package ist.spike.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.OffsetDateTime;

/** Writes an {@link OffsetDateTime} as Go's {@code time.Time} (RFC 3339, nanoseconds trimmed). */
public final class GoTimeSerializer extends StdSerializer<OffsetDateTime> {
  private static final long serialVersionUID = 1L;

  /** Creates the serializer. */
  public GoTimeSerializer() {
    super(OffsetDateTime.class);
  }

  @Override
  public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    gen.writeString(GoTime.format(value));
  }
}
