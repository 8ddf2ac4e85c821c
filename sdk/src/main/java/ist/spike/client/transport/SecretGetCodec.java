package ist.spike.client.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import ist.spike.api.json.SpikeJson;
import ist.spike.api.json.WireJsonFactory;
import ist.spike.api.secret.SecretGetRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Secret get's request and answer read and written token by token, without Jackson's data binding.
 *
 * <p>A short-lived process (a {@code spike secret get}) spent about 100 ms of CPU building a data-
 * binding mapper and introspecting the two records in a cold JVM, against about 20 ms for the same
 * bodies through the streaming parser (issue 13, ADR 0224). The answer is read only when it has the
 * plain shape Nexus writes: one object with at most the exact keys {@code data} (an object of
 * strings, or {@code null}), {@code err} and {@code message} (strings), each once, strings without
 * UTF-16 surrogates, nothing after it. Anything else, including every malformed or over-limit body,
 * gives {@code null}, and the caller decodes the bytes with the mapper as before, so the lenient
 * rules of SPIKE's codec (case-insensitive names, last duplicate wins, surrogate repair) and its
 * errors stay in one place. The request is written with the same factory, so its bytes are the
 * mapper's.
 */
final class SecretGetCodec {
  private SecretGetCodec() {}

  /**
   * The streaming factory of SPIKE's mapper ({@link WireJsonFactory}) with the same limits as
   * {@code SpikeJson.newObjectMapper(limits)}.
   */
  static JsonFactory factory(SpikeJson.Limits limits) {
    return WireJsonFactory.create(limits.readConstraints());
  }

  /**
   * An answer of the plain shape.
   *
   * @param data the key/value pairs, {@code null} for JSON {@code null} or when absent
   * @param err the error code, {@code null} when absent
   * @param message the message, {@code null} when absent
   */
  record Answer(Map<String, String> data, String err, String message) {
    @Override
    public String toString() {
      return "Answer[data=" + (data == null ? "null" : data.size() + " keys (redacted)") + "]";
    }
  }

  /**
   * Writes the request as SPIKE's codec does: {@code path}, then {@code version} unless 0, then
   * {@code err} unless empty.
   */
  static byte[] write(JsonFactory factory, SecretGetRequest request) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + request.path().length());
    try (JsonGenerator g = factory.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("path", request.path());
      if (request.version() != 0) {
        g.writeNumberField("version", request.version());
      }
      if (!request.err().isEmpty()) {
        g.writeStringField("err", request.err());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads an answer of the plain shape: plain ASCII bodies without Jackson's parser ({@link
   * PlainAnswerReader}, ADR 0257), others with it.
   *
   * @return the answer, or {@code null} when the body has any other shape or does not parse
   */
  static Answer read(JsonFactory factory, byte[] body) {
    Answer plain = PlainAnswerReader.read(body, factory.streamReadConstraints());
    return plain != null ? plain : readStreaming(factory, body);
  }

  /** {@link #read} with Jackson's streaming parser only (ADR 0224). */
  static Answer readStreaming(JsonFactory factory, byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try (JsonParser p = factory.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, String> data = null;
      String err = null;
      String message = null;
      boolean sawData = false;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "data" -> {
            if (sawData) {
              return null;
            }
            sawData = true;
            if (value == JsonToken.START_OBJECT) {
              data = stringMap(p);
              if (data == null) {
                return null;
              }
            } else if (value != JsonToken.VALUE_NULL) {
              return null;
            }
          }
          case "err" -> {
            if (err != null || (err = plainString(p, value)) == null) {
              return null;
            }
          }
          case "message" -> {
            if (message != null || (message = plainString(p, value)) == null) {
              return null;
            }
          }
          default -> {
            return null;
          }
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return new Answer(data, err, message);
    } catch (IOException e) {
      // malformed, over a limit or not UTF-8: the mapper decides, with its messages
      return null;
    }
  }

  /** The object's members, when every value is a plain string and no name repeats; else null. */
  private static Map<String, String> stringMap(JsonParser p) throws IOException {
    Map<String, String> map = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (!plain(name)) {
        return null;
      }
      String value = plainString(p, p.nextToken());
      if (value == null || map.put(name, value) != null) {
        return null;
      }
    }
    return map;
  }

  private static String plainString(JsonParser p, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      return null;
    }
    String s = p.getText();
    return plain(s) ? s : null;
  }

  /** True when the text has no UTF-16 surrogates, which SPIKE's codec would repair. */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
