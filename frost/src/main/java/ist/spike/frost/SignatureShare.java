package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.Scalar;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A signer's round-2 output {@code z_i}. Public once sent (it reveals nothing without the nonces).
 *
 * <p>Serialized form, 37 bytes: {@code 00 | b169f0da | z_i (32, little-endian, below L)}.
 */
public final class SignatureShare {
  private final byte[] encoding;

  SignatureShare(Scalar z) {
    this.encoding = z.toBytes();
  }

  Scalar scalar() {
    return Scalar.fromCanonicalBytes(encoding);
  }

  /** Serializes as described in the class comment. */
  public byte[] toBytes() {
    return new Wire.Writer().header().bytes(encoding).toByteArray();
  }

  /**
   * Parses {@link #toBytes} output strictly.
   *
   * @throws MalformedEncodingException for a wrong header or length, or a value not below the group
   *     order
   */
  public static SignatureShare fromBytes(byte[] bytes) throws FrostException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, "signature share").header();
    if (r.remaining() != 32) {
      throw r.fail("expected 37 bytes, got " + bytes.length);
    }
    try (Scalar z = r.scalar()) {
      r.end();
      return new SignatureShare(z);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignatureShare other && MessageDigest.isEqual(encoding, other.encoding);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoding);
  }

  @Override
  public String toString() {
    return "SignatureShare[" + HexFormat.of().formatHex(encoding) + "]";
  }
}
