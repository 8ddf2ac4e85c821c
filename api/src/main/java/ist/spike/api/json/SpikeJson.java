package ist.spike.api.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import ist.spike.api.internal.GoBytesDeserializer;
import ist.spike.api.internal.GoFieldNameFolding;
import ist.spike.api.internal.GoStringDeserializer;
import ist.spike.api.internal.GoTimeDeserializer;
import ist.spike.api.internal.GoTimeSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.stream.Collectors;

/**
 * SPIKE's JSON codec: writes the {@code api} records byte for byte as Go's {@code encoding/json}
 * does, and reads what Go's decoder accepts, within {@link Limits}.
 *
 * <p>Writing: struct fields in declaration order, {@code omitempty} honoured, map keys sorted by
 * their UTF-8 bytes ({@code map[int]X} keys as decimal strings), {@code []byte} as padded standard
 * base64, shards ({@code [32]byte}) as arrays of 32 numbers, times as RFC 3339 with trimmed
 * nanoseconds in their own offset, and Go's HTML-safe string escaping.
 *
 * <p>Reading: field names match case-insensitively, unknown fields are ignored, the last duplicate
 * wins, a {@code null} body is the zero value, no scalar coercion (a string is not a number),
 * {@code []byte} accepts base64 or an array of numbers. An empty body, trailing data, a byte-order
 * mark, a wrong type, or text that is not valid UTF-8 (overlong forms, encoded or unpaired
 * surrogates, stray bytes: Go would turn these into U+FFFD or worse, see ADR-0080) is a {@link
 * MalformedBodyException}. Differences from Go that remain are listed in {@code
 * docs/adr/0003-wire-json-codec.md}.
 *
 * <p>Instances are immutable and thread-safe; share one per process.
 */
public final class SpikeJson {
  /**
   * Bounds for hostile input.
   *
   * @param maxDocumentLength the largest body in bytes
   * @param maxStringLength the longest string value, in UTF-16 chars of the decoded value
   * @param maxNumberLength the longest number in characters
   * @param maxNestingDepth the deepest nesting of arrays and objects
   * @param maxNameLength the longest field name or map key, in UTF-8 bytes of the decoded name, a
   *     multiple of 4 (escapes count as what they decode to, so a name re-encoded with Go's escapes
   *     keeps its length: see ADR-0080)
   */
  public record Limits(
      long maxDocumentLength,
      int maxStringLength,
      int maxNumberLength,
      int maxNestingDepth,
      int maxNameLength) {
    /** Defaults: 4 MiB bodies and strings, 64-digit numbers, depth 32, 1 KiB names. */
    public static final Limits DEFAULT = new Limits(4L << 20, 4 << 20, 64, 32, 1024);

    /** Validates that every bound is positive. */
    public Limits {
      if (maxDocumentLength < 1
          || maxStringLength < 1
          || maxNumberLength < 1
          || maxNestingDepth < 1
          || maxNameLength < 1) {
        throw new IllegalArgumentException("every JSON limit must be at least 1");
      }
    }

    /** These limits as the constraints of a Jackson parser. */
    public StreamReadConstraints readConstraints() {
      return StreamReadConstraints.builder()
          .maxDocumentLength(maxDocumentLength)
          .maxStringLength(maxStringLength)
          .maxNumberLength(maxNumberLength)
          .maxNestingDepth(maxNestingDepth)
          .maxNameLength(maxNameLength)
          .build();
    }
  }

  private static final byte[] NULL_LITERAL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

  private final ObjectMapper mapper;

  private SpikeJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Returns a codec with {@link Limits#DEFAULT}. */
  public static SpikeJson create() {
    return create(Limits.DEFAULT);
  }

  /**
   * Returns a codec with the given limits.
   *
   * @param limits the bounds for input
   * @return the codec
   */
  public static SpikeJson create(Limits limits) {
    return new SpikeJson(newObjectMapper(limits));
  }

  /**
   * A Jackson factory builder whose parsers and generators share one bounded pool of buffers.
   * Jackson's default pool is per thread, and SPIKE's servers handle each request on a new virtual
   * thread, so every request allocated fresh buffers; the bounded pool reuses them across threads
   * and caps what it keeps. Every mapper that runs on request threads is built from it.
   *
   * @return a new builder with the pool set
   */
  public static JsonFactoryBuilder pooledFactoryBuilder() {
    return WireJsonFactory.pooledBuilder();
  }

  /** How many sets of Jackson's reusable buffers one mapper keeps for the next request. */
  static final int RECYCLED_BUFFER_SETS = WireJsonFactory.RECYCLED_BUFFER_SETS;

  /**
   * Builds a fresh, configured Jackson mapper (for callers that need Jackson directly, such as a
   * streaming writer). Its parsers refuse byte input that is not valid UTF-8 text with {@link
   * InvalidUtf8Exception}. Prefer {@link #encode}/{@link #decode}, which also apply the body-level
   * rules (byte-order mark, {@code null} body).
   *
   * @param limits the bounds for input
   * @return a new mapper; the caller may not share it with untrusted reconfiguration
   */
  public static ObjectMapper newObjectMapper(Limits limits) {
    requireNonNull(limits, "limits");
    JsonFactory factory = WireJsonFactory.create(limits.readConstraints());
    SimpleModule go = new SimpleModule("spike-go-json");
    go.addDeserializer(byte[].class, new GoBytesDeserializer());
    go.addDeserializer(String.class, new GoStringDeserializer());
    go.addSerializer(OffsetDateTime.class, new GoTimeSerializer());
    go.addDeserializer(OffsetDateTime.class, new GoTimeDeserializer());
    go.setDeserializerModifier(new GoFieldNameFolding());
    JsonMapper mapper =
        JsonMapper.builder(factory)
            .addModule(go)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    for (LogicalType type :
        new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }

  /**
   * Serializes a record exactly as Go's {@code json.Marshal} would.
   *
   * @param value an {@code api} record
   * @return UTF-8 JSON without a trailing newline; zero it after sending when it carries secrets
   */
  public byte[] encode(Object value) {
    requireNonNull(value, "value");
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Like {@link #encode} but returns a {@code String}; for bodies without secrets (tests, logs of
   * error bodies).
   *
   * @param value an {@code api} record
   * @return the JSON text
   */
  public String encodeToString(Object value) {
    return new String(encode(value), StandardCharsets.UTF_8);
  }

  /**
   * Decodes a body as Go's {@code json.Unmarshal} into a zero value would.
   *
   * @param body the raw body bytes; not modified
   * @param type the record type
   * @param <T> the record type
   * @return the decoded record; a {@code null} body gives the type's zero value
   * @throws MalformedBodyException if Go would have returned an error
   */
  public <T> T decode(byte[] body, Class<T> type) throws MalformedBodyException {
    requireNonNull(body, "body");
    requireNonNull(type, "type");
    if (body.length >= 3
        && (body[0] & 0xff) == 0xef
        && (body[1] & 0xff) == 0xbb
        && (body[2] & 0xff) == 0xbf) {
      throw new MalformedBodyException(
          "body is not valid JSON: it starts with a byte-order mark (send plain UTF-8)");
    }
    byte[] input = isNullLiteral(body) ? EMPTY_OBJECT : body;
    try {
      T value = mapper.readValue(input, type);
      if (value == null) {
        throw new MalformedBodyException("body is empty; send a JSON object such as {}");
      }
      return value;
    } catch (StreamConstraintsException e) {
      throw new MalformedBodyException("body exceeds a JSON limit: " + e.getOriginalMessage());
    } catch (InvalidUtf8Exception e) {
      throw new MalformedBodyException(e.getOriginalMessage());
    } catch (JsonParseException e) {
      throw new MalformedBodyException(
          "body is not valid JSON for " + type.getSimpleName() + location(e.getLocation()));
    } catch (JsonMappingException e) {
      StreamConstraintsException limit = limitCause(e);
      if (limit != null) {
        throw new MalformedBodyException(
            "body exceeds a JSON limit: " + limit.getOriginalMessage());
      }
      throw new MalformedBodyException(describe(e, type));
    } catch (IOException e) {
      throw new MalformedBodyException("body cannot be read as " + type.getSimpleName());
    }
  }

  /**
   * Decodes a JSON text; see {@link #decode(byte[], Class)}.
   *
   * @param body the JSON text
   * @param type the record type
   * @param <T> the record type
   * @return the decoded record
   * @throws MalformedBodyException if Go would have returned an error
   */
  public <T> T decode(String body, Class<T> type) throws MalformedBodyException {
    requireNonNull(body, "body");
    char[] chars = body.toCharArray();
    int bad = Utf8.unpairedSurrogate(chars, 0, chars.length);
    if (bad >= 0) {
      // String.getBytes would silently turn it into '?'
      throw new MalformedBodyException(
          "body is not valid Unicode text: unpaired surrogate at character " + bad);
    }
    return decode(body.getBytes(StandardCharsets.UTF_8), type);
  }

  private static StreamConstraintsException limitCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException sce) {
        return sce;
      }
    }
    return null;
  }

  private static boolean isNullLiteral(byte[] body) {
    int start = 0;
    int end = body.length;
    while (start < end && isJsonSpace(body[start])) {
      start++;
    }
    while (end > start && isJsonSpace(body[end - 1])) {
      end--;
    }
    if (end - start != NULL_LITERAL.length) {
      return false;
    }
    for (int i = 0; i < NULL_LITERAL.length; i++) {
      if (body[start + i] != NULL_LITERAL[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isJsonSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private static String describe(JsonMappingException e, Class<?> type) {
    String path =
        e.getPath().stream()
            .map(
                r ->
                    r.getFieldName() != null
                        ? r.getFieldName()
                        : r.getIndex() >= 0 ? "[" + r.getIndex() + "]" : "?")
            .collect(Collectors.joining("."));
    if (e.getPath().isEmpty()) {
      if (e.getLocation() != null && e.getLocation().getCharOffset() <= 0
          || e.getMessage() != null && e.getMessage().contains("No content")) {
        return "body is empty; send a JSON object such as {}";
      }
      return "body must be a JSON object for " + type.getSimpleName() + location(e.getLocation());
    }
    return "wrong JSON type or value for field '"
        + path
        + "' of "
        + type.getSimpleName()
        + location(e.getLocation());
  }

  private static String location(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 1) {
      return "";
    }
    return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }
}
