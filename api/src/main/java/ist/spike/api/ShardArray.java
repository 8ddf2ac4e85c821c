package ist.spike.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import ist.spike.api.internal.GoMapSerializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * The one JSON codec of a shard value on the wire (ADR-0160): Go's {@code [32]byte}, an array of
 * decimal numbers 0..255. The wire records hold the decoded bytes themselves and zero them on
 * close; the only shard type is {@code ist.spike.crypto.shamir.Shard}, built from these bytes at
 * the edge.
 *
 * <p>The reader keeps as many bytes as the array held (at most {@link #MAX_NUMBERS}), so a receiver
 * can refuse a value that is not exactly {@link #SIZE} numbers; {@link #goFixed(byte[])} gives Go's
 * reading (zero-filled or truncated to 32) where SPIKE's leniency is wanted (the Keeper).
 */
public final class ShardArray {
  /** Size of a shard value in bytes. */
  public static final int SIZE = 32;

  /** Longest array read; a longer one is refused before it is held (limits first). */
  public static final int MAX_NUMBERS = 64;

  private ShardArray() {}

  /**
   * Returns Go's {@code [32]byte} reading of a decoded array: zero-filled when shorter, truncated
   * when longer. Zeroes {@code decoded} when it returns a new array.
   *
   * @param decoded the bytes as decoded
   * @return exactly 32 bytes ({@code decoded} itself when it already has 32)
   */
  public static byte[] goFixed(byte[] decoded) {
    if (decoded.length == SIZE) {
      return decoded;
    }
    byte[] out = Arrays.copyOf(decoded, SIZE);
    Arrays.fill(decoded, (byte) 0);
    return out;
  }

  /**
   * Returns whether every byte is zero (SPIKE's "no shard" marker), in constant time.
   *
   * @param value the bytes
   * @return true if all are zero (also for an empty array)
   */
  public static boolean isAllZero(byte[] value) {
    int acc = 0;
    for (byte b : value) {
      acc |= b;
    }
    return acc == 0;
  }

  /** Zeroes {@code value} if it is not null. */
  public static void wipe(byte[] value) {
    if (value != null) {
      Arrays.fill(value, (byte) 0);
    }
  }

  /**
   * Writes bytes as Go writes {@code [32]byte}: an array of exactly 32 decimal numbers (a shorter
   * value zero-filled, a longer one truncated, as Go would have decoded it).
   */
  public static final class Writer extends StdSerializer<byte[]> {
    private static final long serialVersionUID = 1L;

    /** Creates the writer. */
    public Writer() {
      super(byte[].class);
    }

    @Override
    public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartArray(value, SIZE);
      for (int i = 0; i < SIZE; i++) {
        gen.writeNumber(i < value.length ? value[i] & 0xff : 0);
      }
      gen.writeEndArray();
    }
  }

  /**
   * Reads an array of numbers 0..255 into as many bytes (at most {@link #MAX_NUMBERS}); anything
   * but an array or {@code null} is an error, and so is an element that is not an integer 0..255.
   */
  public static final class Reader extends StdDeserializer<byte[]> {
    private static final long serialVersionUID = 1L;

    /** Creates the reader. */
    public Reader() {
      super(byte[].class);
    }

    @Override
    public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartArrayToken()) {
        return (byte[]) ctxt.handleUnexpectedToken(byte[].class, p);
      }
      byte[] out = new byte[MAX_NUMBERS];
      try {
        int i = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (i >= MAX_NUMBERS) {
            ctxt.reportInputMismatch(
                this, "a shard has " + SIZE + " numbers; more than " + MAX_NUMBERS + " is refused");
          }
          if (t != JsonToken.VALUE_NUMBER_INT) {
            ctxt.reportInputMismatch(this, "shard elements must be integers 0..255");
          }
          int v = p.getValueAsInt(-1);
          if (p.getNumberType() != JsonParser.NumberType.INT || v < 0 || v > 255) {
            ctxt.reportInputMismatch(this, "shard elements must be integers 0..255");
          }
          out[i++] = (byte) v;
        }
        return Arrays.copyOf(out, i);
      } finally {
        Arrays.fill(out, (byte) 0);
      }
    }
  }

  /**
   * Writes shards by index as Go writes {@code map[int]*[32]byte}: keys as decimal strings sorted
   * by their UTF-8 bytes, {@code null} values as {@code null}.
   */
  @SuppressWarnings("rawtypes")
  public static final class MapWriter extends StdSerializer<Map> {
    private static final long serialVersionUID = 1L;
    private static final Writer SHARD = new Writer();

    private final GoMapSerializer map =
        new GoMapSerializer((v, gen, provider) -> SHARD.serialize((byte[]) v, gen, provider));

    /** Creates the writer. */
    public MapWriter() {
      super(Map.class);
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, Map value) {
      return map.isEmpty(provider, value);
    }

    @Override
    public void serialize(Map value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      map.serialize(value, gen, provider);
    }
  }
}
