package ist.spike.custody;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Encodes and decodes the shard-carrying Keeper bodies without ever holding shard bytes in a
 * String: {@code {"shard":[32 numbers],"index":i}} (contribute; {@code index} is our extension,
 * which SPIKE ignores) and {@code {"shard":[...],"Err":"","index":i}} (shard get).
 */
final class ShardJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(12).build())
          .build();

  private ShardJson() {}

  /** A decoded body: the value (caller zeroes it), the optional index and the error code. */
  record Decoded(byte[] value, OptionalInt index, String err) {}

  /** Writes {@code {"shard":[...],"index":i}}; the caller zeroes the result after sending. */
  static byte[] contribution(byte[] value, int index) {
    byte[] head = "{\"shard\":[".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("],\"index\":" + index + "}").getBytes(StandardCharsets.US_ASCII);
    byte[] buf = new byte[head.length + 4 * value.length + tail.length];
    int n = 0;
    System.arraycopy(head, 0, buf, n, head.length);
    n += head.length;
    for (int i = 0; i < value.length; i++) {
      if (i > 0) {
        buf[n++] = ',';
      }
      int b = value[i] & 0xff;
      if (b >= 100) {
        buf[n++] = (byte) ('0' + b / 100);
      }
      if (b >= 10) {
        buf[n++] = (byte) ('0' + (b / 10) % 10);
      }
      buf[n++] = (byte) ('0' + b % 10);
    }
    System.arraycopy(tail, 0, buf, n, tail.length);
    n += tail.length;
    byte[] out = Arrays.copyOf(buf, n);
    Arrays.fill(buf, (byte) 0);
    return out;
  }

  /**
   * Reads a body with an optional {@code shard} array of 32 numbers 0..255, an optional {@code
   * index} and an optional {@code err}/{@code Err}; other keys are ignored. Keys match
   * case-insensitively, as Go does.
   *
   * @throws IOException if the body is not such JSON
   */
  static Decoded decode(byte[] body) throws IOException {
    byte[] value = null;
    OptionalInt index = OptionalInt.empty();
    String err = "";
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("expected a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName().toLowerCase(Locale.ROOT);
        JsonToken t = p.nextToken();
        switch (name) {
          case "shard" -> {
            if (t == JsonToken.VALUE_NULL) {
              value = null;
            } else if (t == JsonToken.START_ARRAY) {
              byte[] v = new byte[32];
              int n = 0;
              while (p.nextToken() != JsonToken.END_ARRAY) {
                if (!p.currentToken().isNumeric() || n >= 32) {
                  Arrays.fill(v, (byte) 0);
                  throw new IOException("shard must be an array of 32 numbers 0..255");
                }
                int b = p.getIntValue();
                if (b < 0 || b > 255) {
                  Arrays.fill(v, (byte) 0);
                  throw new IOException("shard must be an array of 32 numbers 0..255");
                }
                v[n++] = (byte) b;
              }
              if (n != 32) {
                Arrays.fill(v, (byte) 0);
                throw new IOException("shard must be an array of 32 numbers 0..255");
              }
              value = v;
            } else {
              throw new IOException("shard must be an array of 32 numbers 0..255");
            }
          }
          case "index" -> {
            if (t == JsonToken.VALUE_NUMBER_INT) {
              index = OptionalInt.of(p.getIntValue());
            } else if (t != JsonToken.VALUE_NULL) {
              throw new IOException("index must be a number");
            }
          }
          case "err" -> err = t == JsonToken.VALUE_STRING ? p.getText() : "";
          default -> p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      if (value != null) {
        Arrays.fill(value, (byte) 0);
      }
      throw e instanceof IOException io ? io : new IOException("malformed JSON body");
    }
    return new Decoded(value, index, err);
  }
}
