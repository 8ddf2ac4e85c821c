package ist.spike.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The 32 secret bytes of a Shamir shard as they travel on the wire (Go {@code [32]byte}, a JSON
 * array of 32 numbers). Holds a private copy, zeroes it on {@link #close()}, compares in constant
 * time, has no {@code equals}/{@code hashCode}, and never shows the bytes in {@link #toString()}.
 *
 * <p>This module has no crypto dependency; turn a value into a validated {@code
 * ist.spike.crypto.shamir.Shard} right after decoding and close this holder.
 */
@JsonSerialize(using = ShardValue.JsonWriter.class)
@JsonDeserialize(using = ShardValue.JsonReader.class)
public final class ShardValue implements AutoCloseable {
  /** Size in bytes. */
  public static final int SIZE = 32;

  private final byte[] bytes;
  private final int decodedLength;
  private volatile boolean closed;

  private ShardValue(byte[] bytes, int decodedLength) {
    this.bytes = bytes;
    this.decodedLength = decodedLength;
  }

  /**
   * Copies exactly 32 bytes.
   *
   * @param bytes the shard value; the caller keeps (and should zero) its array
   * @return the holder
   * @throws IllegalArgumentException if the length is not 32
   */
  public static ShardValue copyOf(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "a shard value must be " + SIZE + " bytes, was " + bytes.length);
    }
    return new ShardValue(bytes.clone(), SIZE);
  }

  /**
   * Returns how many numbers the JSON array held when this value was decoded ({@link #SIZE} when it
   * was built from bytes). Decoding follows Go's {@code [32]byte}, which zero-fills a shorter array
   * and drops extra numbers; a receiver that requires exactly 32 (operator restore) checks this
   * count.
   */
  public int decodedLength() {
    return decodedLength;
  }

  /**
   * Returns a copy of the bytes; the caller must zero it.
   *
   * @return 32 bytes
   * @throws IllegalStateException if this value was closed
   */
  public byte[] revealBytes() {
    checkOpen();
    return bytes.clone();
  }

  /** Returns whether all 32 bytes are zero (SPIKE's "no shard" marker); constant time. */
  public boolean isAllZero() {
    checkOpen();
    int acc = 0;
    for (byte b : bytes) {
      acc |= b;
    }
    return acc == 0;
  }

  /**
   * Compares with another value in constant time.
   *
   * @param other another value
   * @return true if the bytes are equal
   */
  public boolean equalsValue(ShardValue other) {
    requireNonNull(other, "other");
    checkOpen();
    other.checkOpen();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Zeroes the bytes. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("shard value was closed (zeroed)");
    }
  }

  @Override
  public String toString() {
    return "ShardValue[32 bytes]";
  }

  /** Writes a shard as Go writes {@code [32]byte}: an array of 32 decimal numbers. */
  static final class JsonWriter extends StdSerializer<ShardValue> {
    private static final long serialVersionUID = 1L;

    JsonWriter() {
      super(ShardValue.class);
    }

    @Override
    public void serialize(ShardValue value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      value.checkOpen();
      gen.writeStartArray(value, SIZE);
      for (int i = 0; i < SIZE; i++) {
        gen.writeNumber(value.bytes[i] & 0xff);
      }
      gen.writeEndArray();
    }
  }

  /**
   * Reads a shard as Go reads {@code [32]byte}: a JSON array of numbers 0..255; a shorter array is
   * zero-filled and a longer one truncated (both without error, like Go; the count is kept in
   * {@link #decodedLength()}); anything but an array or {@code null} is an error.
   */
  static final class JsonReader extends StdDeserializer<ShardValue> {
    private static final long serialVersionUID = 1L;

    JsonReader() {
      super(ShardValue.class);
    }

    @Override
    public ShardValue deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartArrayToken()) {
        return (ShardValue) ctxt.handleUnexpectedToken(ShardValue.class, p);
      }
      byte[] out = new byte[SIZE];
      try {
        int i = 0;
        int extra = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (i >= SIZE) {
            p.skipChildren();
            extra++;
            continue;
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
        ShardValue value = new ShardValue(out, i + extra);
        out = null;
        return value;
      } finally {
        if (out != null) {
          Arrays.fill(out, (byte) 0);
        }
      }
    }
  }
}
