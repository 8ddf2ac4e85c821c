package ist.spike.api.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;

/** Reads Go's {@code time.Time}: an RFC 3339 string with a zone offset. */
public final class GoTimeDeserializer extends StdScalarDeserializer<OffsetDateTime> {
  private static final long serialVersionUID = 1L;

  /** Creates the deserializer. */
  public GoTimeDeserializer() {
    super(OffsetDateTime.class);
  }

  @Override
  public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return (OffsetDateTime) ctxt.handleUnexpectedToken(OffsetDateTime.class, p);
    }
    try {
      return GoTime.parse(p.getText());
    } catch (DateTimeException e) {
      return (OffsetDateTime)
          ctxt.handleWeirdStringValue(
              OffsetDateTime.class, p.getText(), "not RFC 3339 with a zone");
    }
  }
}
