package ist.spike.frost;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The binary format of serialized FROST objects, modelled on ZF FROST's postcard encoding: a
 * one-byte format version ({@code 0x00}), the four-byte ciphersuite id (the big-endian CRC-32 of
 * {@code FROST-ED25519-SHA512-v1}, {@code b1 69 f0 da}), then the fields. Scalars and identifiers
 * are 32 bytes little-endian, elements 32-byte RFC 8032 encodings, counts and lengths unsigned
 * LEB128 varints in minimal form. Parsing is strict: every deviation is an exception.
 */
final class Wire {
  static final int VERSION = 0x00;
  static final byte[] CIPHERSUITE_ID = {(byte) 0xb1, 0x69, (byte) 0xf0, (byte) 0xda};

  private Wire() {}

  /** Builds an encoding. Call {@link #wipe} on the result when it held secrets. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer header() {
      out.write(VERSION);
      out.writeBytes(CIPHERSUITE_ID);
      return this;
    }

    Writer bytes(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Writer varint(long value) {
      long v = value;
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
      return this;
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** Reads an encoding front to back. */
  static final class Reader {
    private final byte[] in;
    private final String what;
    private int pos;

    Reader(byte[] in, String what) {
      this.in = in;
      this.what = what;
    }

    Reader header() throws MalformedEncodingException {
      if (in.length < 5) {
        throw fail("too short for the 5-byte header");
      }
      if ((in[0] & 0xff) != VERSION) {
        throw fail("unsupported format version " + (in[0] & 0xff) + "; expected " + VERSION);
      }
      if (!Arrays.equals(in, 1, 5, CIPHERSUITE_ID, 0, 4)) {
        throw fail("ciphersuite id is not FROST-ED25519-SHA512-v1 (b169f0da)");
      }
      pos = 5;
      return this;
    }

    byte[] take(int n) throws MalformedEncodingException {
      if (n < 0 || in.length - pos < n) {
        throw fail("truncated: needs " + n + " more bytes at offset " + pos);
      }
      byte[] out = Arrays.copyOfRange(in, pos, pos + n);
      pos += n;
      return out;
    }

    Identifier identifier() throws MalformedEncodingException {
      return Identifier.fromBytes(take(32));
    }

    Scalar scalar() throws MalformedEncodingException {
      byte[] b = take(32);
      try {
        Scalar s = Scalar.fromCanonicalBytes(b);
        if (s == null) {
          throw fail("a scalar at offset " + (pos - 32) + " is not below the group order");
        }
        return s;
      } finally {
        Arrays.fill(b, (byte) 0);
      }
    }

    EdwardsPoint element() throws MalformedEncodingException, InvalidElementException {
      return Group.ed25519().deserialize(take(32));
    }

    long varint(long max) throws MalformedEncodingException {
      long result = 0;
      int shift = 0;
      while (true) {
        if (pos >= in.length) {
          throw fail("truncated varint at offset " + pos);
        }
        int b = in[pos++] & 0xff;
        if (shift == 63 || (shift > 0 && b == 0)) {
          throw fail("non-minimal or oversized varint at offset " + (pos - 1));
        }
        result |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
        shift += 7;
      }
      if (result > max) {
        throw fail("value " + result + " exceeds the maximum " + max);
      }
      return result;
    }

    int remaining() {
      return in.length - pos;
    }

    void end() throws MalformedEncodingException {
      if (pos != in.length) {
        throw fail((in.length - pos) + " trailing bytes");
      }
    }

    MalformedEncodingException fail(String rule) {
      return new MalformedEncodingException(what + ": " + rule);
    }
  }
}
