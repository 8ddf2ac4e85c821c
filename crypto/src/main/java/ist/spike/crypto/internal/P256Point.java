package ist.spike.crypto.internal;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;

/**
 * A point of the P-256 curve (affine, or the point at infinity), for Feldman commitments.
 *
 * <p>Points are public values: their arithmetic ({@link #add}, {@link #times}) uses {@code
 * BigInteger} and is <em>not</em> constant time. The only operation on a secret scalar, {@link
 * #timesGenerator}, goes through ECDH (constant-time P-256 code) and never puts the scalar into a
 * {@code BigInteger}. The ECDH is Conscrypt's (BoringSSL) when the process has installed that
 * provider, the JDK's (SunEC) otherwise: in a freshly started JVM SunEC's P-256 runs interpreted,
 * which made the commitments check the longest step of a Nexus restart (ADR 0215).
 */
public final class P256Point {
  /** Length of the fixed-width encoding: SEC1 compressed, or 33 zero bytes for infinity. */
  public static final int ENCODED_SIZE = 33;

  private static final ECParameterSpec PARAMS = loadParams();
  private static final BigInteger P = ((ECFieldFp) PARAMS.getCurve().getField()).getP();
  private static final BigInteger A = PARAMS.getCurve().getA();
  private static final BigInteger B = PARAMS.getCurve().getB();
  private static final BigInteger SQRT_EXPONENT = P.add(BigInteger.ONE).shiftRight(2);
  private static final BigInteger THREE = BigInteger.valueOf(3);

  /** The point at infinity (the group identity). */
  public static final P256Point INFINITY = new P256Point(null, null);

  /** The generator G. */
  public static final P256Point GENERATOR =
      new P256Point(PARAMS.getGenerator().getAffineX(), PARAMS.getGenerator().getAffineY());

  // PKCS#8 PrivateKeyInfo for a P-256 key without the optional public key; the scalar follows.
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of()
          .parseHex("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420");

  private final BigInteger x;
  private final BigInteger y;

  private P256Point(BigInteger x, BigInteger y) {
    this.x = x;
    this.y = y;
  }

  private static ECParameterSpec loadParams() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Returns whether this is the point at infinity. */
  public boolean isInfinity() {
    return x == null;
  }

  /**
   * Returns {@code scalar * G} for a secret scalar.
   *
   * @param scalar 32 bytes big-endian, below n (may be zero); not retained, not modified
   * @return the point
   */
  public static P256Point timesGenerator(byte[] scalar) {
    return timesGenerator(scalar, ecdhProvider());
  }

  /**
   * {@link #timesGenerator(byte[])} with the ECDH of a given provider (tests compare providers).
   *
   * @param scalar 32 bytes big-endian, below n (may be zero); not retained, not modified
   * @param provider the provider of {@code KeyFactory.EC} and {@code KeyAgreement.ECDH}, or null
   *     for the JDK's first
   * @return the point
   */
  static P256Point timesGenerator(byte[] scalar, Provider provider) {
    requireNonNull(scalar, "scalar");
    if (scalar.length != P256.SCALAR_BYTES || !P256.isBelowOrder(scalar)) {
      throw new IllegalArgumentException("a P-256 scalar is 32 bytes below n");
    }
    if (ConstantTime.isZero(scalar)) {
      return INFINITY;
    }
    long[] limbs = new long[P256Scalar.LIMBS];
    long[] one = new long[P256Scalar.LIMBS];
    byte[] next = new byte[P256.SCALAR_BYTES];
    try {
      BigInteger x = ecdhX(scalar, provider);
      P256Scalar.fromBytes(scalar, limbs);
      P256Scalar.fromLong(1, one);
      P256Scalar.add(limbs, one, limbs);
      P256Scalar.toBytes(limbs, next);
      P256Point candidate = fromX(x, false);
      if (ConstantTime.isZero(next)) {
        // scalar = n - 1, so the point is -G
        return GENERATOR.negate();
      }
      // (scalar + 1) * G tells the two square roots apart: P + G and -P + G differ in x.
      BigInteger xNext = ecdhX(next, provider);
      P256Point plusG = candidate.add(GENERATOR);
      if (!plusG.isInfinity() && plusG.x.equals(xNext)) {
        return candidate;
      }
      return candidate.negate();
    } finally {
      Arrays.fill(limbs, 0);
      Arrays.fill(next, (byte) 0);
    }
  }

  /**
   * Conscrypt when the process has installed it with P-256 ECDH, else null (the JDK's first
   * provider). Looked up by name on each use: {@code crypto} does not depend on Conscrypt, and the
   * servers install it after this class may have been loaded.
   */
  static Provider ecdhProvider() {
    Provider p = Security.getProvider("Conscrypt");
    if (p != null
        && p.getService("KeyAgreement", "ECDH") != null
        && p.getService("KeyFactory", "EC") != null) {
      return p;
    }
    return null;
  }

  /** Returns the x coordinate of {@code scalar * G} through ECDH with G as the peer key. */
  private static BigInteger ecdhX(byte[] scalar, Provider provider) {
    byte[] pkcs8 = new byte[PKCS8_PREFIX.length + P256.SCALAR_BYTES];
    byte[] shared = null;
    try {
      System.arraycopy(PKCS8_PREFIX, 0, pkcs8, 0, PKCS8_PREFIX.length);
      System.arraycopy(scalar, 0, pkcs8, PKCS8_PREFIX.length, P256.SCALAR_BYTES);
      KeyFactory kf =
          provider == null ? KeyFactory.getInstance("EC") : KeyFactory.getInstance("EC", provider);
      PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      PublicKey g = kf.generatePublic(new ECPublicKeySpec(PARAMS.getGenerator(), PARAMS));
      KeyAgreement ka =
          provider == null
              ? KeyAgreement.getInstance("ECDH")
              : KeyAgreement.getInstance("ECDH", provider);
      ka.init(priv);
      ka.doPhase(g, true);
      shared = ka.generateSecret();
      return new BigInteger(1, shared);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 ECDH is unavailable", e);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
      if (shared != null) {
        Arrays.fill(shared, (byte) 0);
      }
    }
  }

  private static P256Point fromX(BigInteger x, boolean odd) {
    BigInteger rhs = x.pow(3).add(A.multiply(x)).add(B).mod(P);
    BigInteger y = rhs.modPow(SQRT_EXPONENT, P);
    if (!y.multiply(y).mod(P).equals(rhs)) {
      return null;
    }
    if (y.testBit(0) != odd) {
      y = P.subtract(y).mod(P);
    }
    return new P256Point(x, y);
  }

  /** Returns {@code -this}. */
  public P256Point negate() {
    return isInfinity() ? this : new P256Point(x, P.subtract(y).mod(P));
  }

  /**
   * Returns {@code this + other}.
   *
   * @param other another point
   * @return the sum
   */
  public P256Point add(P256Point other) {
    requireNonNull(other, "other");
    if (isInfinity()) {
      return other;
    }
    if (other.isInfinity()) {
      return this;
    }
    BigInteger lambda;
    if (x.equals(other.x)) {
      if (!y.equals(other.y) || y.signum() == 0) {
        return INFINITY;
      }
      lambda = x.pow(2).multiply(THREE).add(A).multiply(y.shiftLeft(1).modInverse(P)).mod(P);
    } else {
      lambda = other.y.subtract(y).multiply(other.x.subtract(x).modInverse(P)).mod(P);
    }
    BigInteger x3 = lambda.pow(2).subtract(x).subtract(other.x).mod(P);
    BigInteger y3 = lambda.multiply(x.subtract(x3)).subtract(y).mod(P);
    return new P256Point(x3, y3);
  }

  /**
   * Returns {@code k * this} for a <em>public</em> scalar (not constant time).
   *
   * @param k a non-negative scalar
   * @return the multiple
   */
  public P256Point times(BigInteger k) {
    requireNonNull(k, "k");
    if (k.signum() < 0) {
      throw new IllegalArgumentException("scalar must not be negative");
    }
    P256Point acc = INFINITY;
    for (int i = k.bitLength() - 1; i >= 0; i--) {
      acc = acc.add(acc);
      if (k.testBit(i)) {
        acc = acc.add(this);
      }
    }
    return acc;
  }

  /** Returns the fixed-width encoding: SEC1 compressed, or 33 zero bytes for infinity. */
  public byte[] encode() {
    byte[] out = new byte[ENCODED_SIZE];
    if (isInfinity()) {
      return out;
    }
    out[0] = (byte) (y.testBit(0) ? 3 : 2);
    byte[] xb = x.toByteArray();
    int copy = Math.min(xb.length, 32);
    System.arraycopy(xb, xb.length - copy, out, ENCODED_SIZE - copy, copy);
    return out;
  }

  /**
   * Decodes {@link #encode()}'s format, checking that the point is on the curve.
   *
   * @param encoded 33 bytes
   * @return the point
   * @throws IllegalArgumentException if the bytes are not a P-256 point in that format
   */
  public static P256Point decode(byte[] encoded) {
    requireNonNull(encoded, "encoded");
    if (encoded.length != ENCODED_SIZE) {
      throw new IllegalArgumentException(
          "a P-256 point is " + ENCODED_SIZE + " bytes, was " + encoded.length);
    }
    if (ConstantTime.isZero(encoded)) {
      return INFINITY;
    }
    int prefix = encoded[0] & 0xff;
    if (prefix != 2 && prefix != 3) {
      throw new IllegalArgumentException("a compressed P-256 point starts with 02 or 03");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, ENCODED_SIZE));
    P256Point point = x.compareTo(P) < 0 ? fromX(x, prefix == 3) : null;
    if (point == null) {
      throw new IllegalArgumentException("the bytes are not a point of the P-256 curve");
    }
    return point;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof P256Point other
        && (isInfinity() ? other.isInfinity() : x.equals(other.x) && y.equals(other.y));
  }

  @Override
  public int hashCode() {
    return isInfinity() ? 0 : x.hashCode();
  }

  @Override
  public String toString() {
    return isInfinity()
        ? "P256Point[infinity]"
        : "P256Point[" + HexFormat.of().formatHex(encode()) + "]";
  }
}
