package ist.spike.keeper;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import ist.spike.api.json.WireJsonFactory;
import ist.spike.api.keeper.ShardGetRequest;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.api.keeper.ShardPutResponse;
import ist.spike.server.BadRequestException;
import ist.spike.server.JsonCodec;
import ist.spike.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * The Keeper's {@link JsonCodec}: its two request bodies and its answers on {@code jackson-core}
 * streaming, so that Jackson databind (about 640 classes with what only it reaches) never loads in
 * a Keeper (ADR 0216). It reads and writes exactly what the server's databind codec does with
 * SPIKE's wire mapper (a test compares the two on the wire vectors and on malformed bodies): Go's
 * decoding (field names case-insensitive with Go's folding, unknown members skipped but checked,
 * the last of duplicate members wins, {@code null} read as {@code {}}, nothing after the value),
 * strict UTF-8, the server's JSON limits, and messages that never quote the body. A shard answer's
 * digits are written by {@link ShardAnswer} into the response array alone, not into Jackson's
 * recycled buffers.
 */
final class KeeperJson implements JsonCodec {
  private final JsonFactory factory;
  private final ServerConfig.JsonLimits limits;

  /**
   * Creates the codec.
   *
   * @param limits the server's JSON limits ({@link ServerConfig#jsonLimits()})
   */
  KeeperJson(ServerConfig.JsonLimits limits) {
    this.limits = requireNonNull(limits, "limits");
    this.factory = WireJsonFactory.create(limits.readConstraints());
  }

  /** The factory, whose recycled buffers a test checks for a shard's digits. */
  JsonFactory factory() {
    return factory;
  }

  @Override
  public <T> T read(byte[] body, Class<T> type) throws BadRequestException {
    if (type != ShardPutRequest.class && type != ShardGetRequest.class) {
      throw new IllegalArgumentException("the Keeper reads no " + type.getName());
    }
    if (isBlank(body)) {
      throw new BadRequestException("the request body is empty; send a JSON object, e.g. {}");
    }
    Object value = null;
    try (JsonParser p = factory.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.VALUE_NULL) {
        // Go decodes the literal null into the zero value: {} here
        value = type == ShardPutRequest.class ? new ShardPutRequest(null, "", null, null) : null;
      } else if (first != JsonToken.START_OBJECT) {
        throw new Mismatch("", p.currentTokenLocation());
      } else {
        value = type == ShardPutRequest.class ? ShardBodyReader.readPut(p) : skipObject(p);
      }
      if (p.nextToken() != null) {
        throw new Mismatch("", p.currentTokenLocation());
      }
      T read = type.cast(value == null ? new ShardGetRequest() : value);
      value = null; // the caller owns it now
      return read;
    } catch (Mismatch e) {
      throw new BadRequestException(
          "the request JSON does not fit the expected fields"
              + (e.path.isEmpty() ? "" : " at '" + e.path + "'")
              + location(e.location));
    } catch (StreamConstraintsException e) {
      throw new BadRequestException(limits.exceededMessage());
    } catch (JsonProcessingException e) {
      if (e.getProcessor() == null && e.getLocation() == null) {
        // the strict UTF-8 check, before any parsing
        throw new BadRequestException("the request " + e.getOriginalMessage());
      }
      throw new BadRequestException(
          "the request body is not valid JSON" + location(e.getLocation()));
    } catch (IOException e) {
      throw new BadRequestException("the request body is not valid JSON");
    } finally {
      // a contribution read before a failure after it (trailing tokens): its shard is zeroed
      if (value instanceof ShardPutRequest put) {
        put.close();
      }
    }
  }

  private static Object skipObject(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  @Override
  public byte[] write(Object value) throws IOException {
    return writeError(value, null);
  }

  @Override
  public byte[] writeError(Object shape, String message) throws IOException {
    ZeroedBuffer out = new ZeroedBuffer();
    try {
      try (JsonGenerator g = factory.createGenerator(out)) {
        g.writeStartObject();
        // an instanceof chain, not a type switch: a switch on types spins a class through the
        // JDK's class-file API at its first call, the Keeper's first answer (ADR 0249)
        if (shape instanceof ShardGetResponse r) {
          if (r.shard() == null) {
            g.writeNullField("shard");
          }
          // a shard's digits are written by ShardAnswer, never into Jackson's buffers
          g.writeStringField("Err", r.err());
          if (r.index() != null) {
            g.writeNumberField("index", r.index());
          }
        } else if (shape instanceof ShardPutResponse r) {
          if (!r.err().isEmpty()) {
            g.writeStringField("err", r.err());
          }
        } else if (shape instanceof Map<?, ?> map) {
          for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key && e.getValue() instanceof String text)) {
              throw new IOException("the Keeper writes only maps of strings");
            }
            g.writeStringField(key, text);
          }
        } else {
          throw new IOException("the Keeper writes no " + shape.getClass().getSimpleName());
        }
        if (message != null) {
          g.writeStringField("message", message);
        }
        g.writeEndObject();
      }
      if (shape instanceof ShardGetResponse r && r.shard() != null) {
        return ShardAnswer.write(r.shard(), out.toByteArray());
      }
      return out.toByteArray();
    } finally {
      out.zero();
    }
  }

  /** The answer's bytes, with the buffer they were built in zeroed. */
  private static final class ZeroedBuffer extends ByteArrayOutputStream {
    ZeroedBuffer() {
      super(256);
    }

    void zero() {
      Arrays.fill(buf, (byte) 0);
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static String location(JsonLocation loc) {
    return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  /** A value of the wrong JSON type or range, at a field path such as {@code commitments[2]}. */
  static final class Mismatch extends IOException {
    private static final long serialVersionUID = 1L;
    final String path;
    final transient JsonLocation location;

    Mismatch(String path, JsonLocation location) {
      super("mismatch at " + path);
      this.path = path;
      this.location = location;
    }
  }
}
