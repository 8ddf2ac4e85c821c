package ist.spike.frost.internal;

import ist.spike.frost.InvalidElementException;

/**
 * The prime-order group FROST runs in, as RFC 9591 section 3.1 describes it. The protocol layer
 * only talks to this interface, so another implementation of edwards25519 (for example one backed
 * by a different field library) can be swapped in without touching the protocol code.
 *
 * <p>Scalar multiplication is constant time in the scalar; decoding is variable time and is only
 * applied to public data.
 */
public interface Group {
  /** The neutral element. */
  EdwardsPoint identity();

  /** The standard generator B. */
  EdwardsPoint generator();

  /** Returns {@code a + b}. */
  EdwardsPoint add(EdwardsPoint a, EdwardsPoint b);

  /** Returns {@code a - b}. */
  EdwardsPoint subtract(EdwardsPoint a, EdwardsPoint b);

  /** Returns {@code [k]p}; constant time in {@code k}. */
  EdwardsPoint multiply(EdwardsPoint p, Scalar k);

  /** Returns {@code [k]B}; constant time in {@code k}. */
  EdwardsPoint multiplyBase(Scalar k);

  /** Returns whether {@code p} is the identity. */
  boolean isIdentity(EdwardsPoint p);

  /** Returns whether the two points are equal. */
  boolean equal(EdwardsPoint a, EdwardsPoint b);

  /**
   * {@code SerializeElement}: the 32-byte RFC 8032 encoding.
   *
   * @throws InvalidElementException for the identity, which RFC 9591 refuses to serialize
   */
  byte[] serialize(EdwardsPoint p) throws InvalidElementException;

  /**
   * {@code DeserializeElement}: decodes and validates 32 bytes.
   *
   * @throws InvalidElementException for a wrong length, a non-canonical encoding, a value that is
   *     not on the curve, the identity, or a point outside the prime-order subgroup
   */
  EdwardsPoint deserialize(byte[] encoding) throws InvalidElementException;

  /** Returns the default implementation. */
  static Group ed25519() {
    return Ed25519Group.INSTANCE;
  }
}
