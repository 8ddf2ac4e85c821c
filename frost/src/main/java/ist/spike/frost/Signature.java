package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.Scalar;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An aggregated FROST(Ed25519, SHA-512) signature: 64 bytes {@code R || z}, an ordinary RFC 8032
 * Ed25519 signature over the message under the group's verifying key.
 */
public final class Signature {
  private final byte[] bytes;

  private Signature(byte[] bytes) {
    this.bytes = bytes;
  }

  static Signature of(byte[] r, byte[] z) {
    byte[] b = Arrays.copyOf(r, 64);
    System.arraycopy(z, 0, b, 32, 32);
    return new Signature(b);
  }

  /**
   * Parses 64 bytes {@code R || z}.
   *
   * @throws MalformedEncodingException for a wrong length or {@code z} not below the group order
   */
  public static Signature fromBytes(byte[] bytes) throws MalformedEncodingException {
    requireNonNull(bytes, "bytes");
    if (bytes.length != 64) {
      throw new MalformedEncodingException("a signature is 64 bytes, got " + bytes.length);
    }
    Scalar z = Scalar.fromCanonicalBytes(Arrays.copyOfRange(bytes, 32, 64));
    if (z == null) {
      throw new MalformedEncodingException("signature scalar z is not below the group order");
    }
    return new Signature(bytes.clone());
  }

  /** The 64 bytes {@code R || z}. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signature other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Signature[" + HexFormat.of().formatHex(bytes) + "]";
  }
}
