package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.Scalar;
import java.math.BigInteger;

/**
 * A participant identifier: a non-zero scalar modulo the group order, serialized as 32
 * little-endian bytes. Identifiers are public. They order numerically, which is the order RFC 9591
 * uses for commitment lists.
 */
public final class Identifier implements Comparable<Identifier> {
  private final BigInteger value;

  private Identifier(BigInteger value) {
    this.value = value;
  }

  /**
   * Returns the identifier for a positive integer (participants 1, 2, 3 ...).
   *
   * @throws IllegalArgumentException if {@code value < 1}
   */
  public static Identifier of(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("an identifier must be at least 1, got " + value);
    }
    return new Identifier(BigInteger.valueOf(value));
  }

  /**
   * Parses a 32-byte little-endian identifier.
   *
   * @throws MalformedEncodingException if the length is wrong, the value is zero, or it is not
   *     below the group order
   */
  public static Identifier fromBytes(byte[] bytes) throws MalformedEncodingException {
    requireNonNull(bytes, "bytes");
    Scalar s = Scalar.fromCanonicalBytes(bytes);
    if (s == null) {
      throw new MalformedEncodingException(
          "an identifier is a canonical 32-byte scalar below the group order");
    }
    BigInteger v = s.toBigIntegerPublic();
    if (v.signum() == 0) {
      throw new MalformedEncodingException("an identifier must not be zero");
    }
    return new Identifier(v);
  }

  /** The 32-byte little-endian serialization. */
  public byte[] toBytes() {
    try (Scalar s = toScalar()) {
      return s.toBytes();
    }
  }

  /** The identifier as a (public) scalar; the caller closes it. */
  Scalar toScalar() {
    return Scalar.fromBigInteger(value);
  }

  BigInteger value() {
    return value;
  }

  @Override
  public int compareTo(Identifier other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identifier other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** The decimal value, for example {@code 3}. */
  @Override
  public String toString() {
    return value.toString();
  }
}
