package ist.spike.server.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.api.json.InvalidUtf8Exception;
import ist.spike.api.json.SpikeJson;
import ist.spike.server.BadRequestException;
import ist.spike.server.JsonCodec;
import ist.spike.server.ServerConfig;
import java.io.IOException;

/**
 * The server's default {@link JsonCodec}: SPIKE's wire mapper on Jackson databind. Parses request
 * bodies under the configured limits, with messages that never quote the input.
 */
public final class JsonSupport implements JsonCodec {
  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private final ObjectMapper mapper;
  private final ServerConfig.JsonLimits limits;

  /**
   * Wraps a mapper; a copy gets the stream read constraints, the original is left alone.
   *
   * @param mapper the application's mapper, or null for the default
   * @param limits the limits
   */
  public JsonSupport(ObjectMapper mapper, ServerConfig.JsonLimits limits) {
    ObjectMapper base = mapper == null ? defaultMapper() : mapper.copy();
    base.getFactory().setStreamReadConstraints(limits.readConstraints());
    this.mapper = base;
    this.limits = limits;
  }

  /**
   * SPIKE's wire mapper from {@code api} ({@link SpikeJson}): Go's decoding rules (case-insensitive
   * keys, unknown keys ignored, no trailing tokens) and Go's encoding (escapes, byte arrays,
   * times).
   */
  public static ObjectMapper defaultMapper() {
    return SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT);
  }

  /** Returns the mapper in use (with limits). */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Parses a body.
   *
   * @param body the bytes (not modified)
   * @param type the target type
   * @param <T> the type
   * @return the value, never null
   * @throws BadRequestException with a message that states the problem without quoting the body
   */
  @Override
  public <T> T read(byte[] body, Class<T> type) throws BadRequestException {
    if (isBlank(body)) {
      throw new BadRequestException("the request body is empty; send a JSON object, e.g. {}");
    }
    try {
      byte[] source = isJsonNull(body) ? EMPTY_OBJECT : body;
      T value = mapper.readValue(source, type);
      if (value == null) {
        throw new BadRequestException("the request body must be a JSON object");
      }
      return value;
    } catch (StreamConstraintsException e) {
      throw overLimit();
    } catch (InvalidUtf8Exception e) {
      throw new BadRequestException("the request " + e.getOriginalMessage());
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      String rule =
          cause instanceof IllegalArgumentException && cause.getMessage() != null
              ? cause.getMessage()
              : "a field has an invalid value";
      throw new BadRequestException("invalid request: " + rule);
    } catch (JsonMappingException e) {
      if (hasLimitCause(e)) {
        // a limit hit inside a field arrives wrapped with the field's path
        throw overLimit();
      }
      throw new BadRequestException(
          "the request JSON does not fit the expected fields" + where(e) + location(e));
    } catch (JsonProcessingException e) {
      throw new BadRequestException("the request body is not valid JSON" + location(e));
    } catch (IOException e) {
      throw new BadRequestException("the request body is not valid JSON");
    }
  }

  @Override
  public byte[] write(Object value) throws IOException {
    return mapper.writeValueAsBytes(value);
  }

  @Override
  public byte[] writeError(Object shape, String message) throws IOException {
    JsonNode body = mapper.valueToTree(shape);
    if (message != null && body instanceof ObjectNode object) {
      object.put("message", message);
    }
    return mapper.writeValueAsBytes(body);
  }

  private BadRequestException overLimit() {
    return new BadRequestException(limits.exceededMessage());
  }

  private static boolean hasLimitCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private boolean isJsonNull(byte[] body) throws IOException {
    try (JsonParser p = mapper.createParser(body)) {
      return p.nextToken() == JsonToken.VALUE_NULL && p.nextToken() == null;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static String where(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "" : " at '" + path + "'";
  }

  private static String location(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }
}
