package ist.spike.frost.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.InvalidElementException;
import java.security.MessageDigest;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * edwards25519 on top of BouncyCastle's constant-time {@link X25519Field}. Point addition uses the
 * complete unified formulas of Hisil–Wong–Carter–Dawson (2008) for {@code a = -1}, which also
 * double; doubling uses the dedicated dbl-2008-hwcd formula. Scalar multiplication uses a fixed
 * 4-bit window (variable base) or a precomputed comb (base point) with masked table lookups, so the
 * sequence of field operations and memory accesses never depends on the scalar. Stateless; {@link
 * #INSTANCE} holds only constants.
 */
final class Ed25519Group implements Group {
  private static final byte[] BASE_ENCODING = new byte[32];

  static {
    BASE_ENCODING[0] = 0x58;
    for (int i = 1; i < 32; i++) {
      BASE_ENCODING[i] = 0x66;
    }
  }

  static final Ed25519Group INSTANCE = new Ed25519Group();

  /** d = -121665/121666. */
  private final int[] d = X25519Field.create();

  /** 2d, used by the addition formula. */
  private final int[] d2 = X25519Field.create();

  private final EdwardsPoint base;

  /** [j * 16^i]B for i in 0..63, j in 0..15; immutable after construction. */
  private final EdwardsPoint[][] baseTable;

  private Ed25519Group() {
    int[] den = X25519Field.create();
    X25519Field.one(den);
    X25519Field.mul(den, 121666, den);
    X25519Field.inv(den, den);
    X25519Field.mul(den, 121665, d);
    X25519Field.negate(d, d);
    X25519Field.normalize(d);
    X25519Field.add(d, d, d2);
    X25519Field.normalize(d2);
    EdwardsPoint decoded = decodeUnchecked(BASE_ENCODING);
    if (decoded == null) {
      throw new IllegalStateException("cannot decode the edwards25519 base point");
    }
    base = decoded;
    baseTable = buildBaseTable();
  }

  @Override
  public EdwardsPoint identity() {
    int[] x = X25519Field.create();
    int[] y = X25519Field.create();
    int[] z = X25519Field.create();
    int[] t = X25519Field.create();
    X25519Field.one(y);
    X25519Field.one(z);
    return new EdwardsPoint(x, y, z, t);
  }

  @Override
  public EdwardsPoint generator() {
    return base;
  }

  @Override
  public EdwardsPoint add(EdwardsPoint p, EdwardsPoint q) {
    requireNonNull(p, "p");
    requireNonNull(q, "q");
    int[] a = X25519Field.create();
    int[] b = X25519Field.create();
    int[] c = X25519Field.create();
    int[] dd = X25519Field.create();
    int[] e = X25519Field.create();
    int[] f = X25519Field.create();
    int[] g = X25519Field.create();
    int[] h = X25519Field.create();
    int[] u = X25519Field.create();
    // A = (Y1-X1)(Y2-X2), B = (Y1+X1)(Y2+X2), C = T1*2d*T2, D = 2*Z1*Z2
    X25519Field.sub(p.y, p.x, a);
    X25519Field.carry(a);
    X25519Field.sub(q.y, q.x, u);
    X25519Field.carry(u);
    X25519Field.mul(a, u, a);
    X25519Field.add(p.y, p.x, b);
    X25519Field.carry(b);
    X25519Field.add(q.y, q.x, u);
    X25519Field.carry(u);
    X25519Field.mul(b, u, b);
    X25519Field.mul(p.t, q.t, c);
    X25519Field.mul(c, d2, c);
    X25519Field.mul(p.z, q.z, dd);
    X25519Field.add(dd, dd, dd);
    X25519Field.carry(dd);
    // E = B-A, F = D-C, G = D+C, H = B+A
    X25519Field.sub(b, a, e);
    X25519Field.carry(e);
    X25519Field.sub(dd, c, f);
    X25519Field.carry(f);
    X25519Field.add(dd, c, g);
    X25519Field.carry(g);
    X25519Field.add(b, a, h);
    X25519Field.carry(h);
    int[] x3 = X25519Field.create();
    int[] y3 = X25519Field.create();
    int[] z3 = X25519Field.create();
    int[] t3 = X25519Field.create();
    X25519Field.mul(e, f, x3);
    X25519Field.mul(g, h, y3);
    X25519Field.mul(f, g, z3);
    X25519Field.mul(e, h, t3);
    return new EdwardsPoint(x3, y3, z3, t3);
  }

  @Override
  public EdwardsPoint subtract(EdwardsPoint p, EdwardsPoint q) {
    return add(p, negate(q));
  }

  private EdwardsPoint negate(EdwardsPoint p) {
    int[] x = X25519Field.create();
    int[] t = X25519Field.create();
    X25519Field.negate(p.x, x);
    X25519Field.negate(p.t, t);
    X25519Field.carry(x);
    X25519Field.carry(t);
    return new EdwardsPoint(x, p.y.clone(), p.z.clone(), t);
  }

  @Override
  public EdwardsPoint multiply(EdwardsPoint p, Scalar k) {
    requireNonNull(p, "p");
    requireNonNull(k, "k");
    // Fixed 4-bit window: 64 digits, each step four doublings and one addition of a table entry
    // chosen by a masked scan of all 16 entries. The operation sequence never depends on k.
    EdwardsPoint[] table = new EdwardsPoint[16];
    table[0] = identity();
    for (int j = 1; j < 16; j++) {
      table[j] = add(table[j - 1], p);
    }
    EdwardsPoint acc = identity();
    EdwardsPoint entry = identity();
    for (int i = 63; i >= 0; i--) {
      acc = dbl(dbl(dbl(dbl(acc))));
      select(table, k.nibble(i), entry);
      acc = add(acc, entry);
    }
    return acc;
  }

  @Override
  public EdwardsPoint multiplyBase(Scalar k) {
    requireNonNull(k, "k");
    // Precomputed comb: baseTable[i][j] = [j * 16^i]B, so [k]B is the sum of one masked table
    // lookup per 4-bit digit of k, with no doublings.
    EdwardsPoint acc = identity();
    EdwardsPoint entry = identity();
    for (int i = 0; i < 64; i++) {
      select(baseTable[i], k.nibble(i), entry);
      acc = add(acc, entry);
    }
    return acc;
  }

  private EdwardsPoint[][] buildBaseTable() {
    EdwardsPoint[][] t = new EdwardsPoint[64][16];
    EdwardsPoint row = base; // [16^i]B
    for (int i = 0; i < 64; i++) {
      t[i][0] = identity();
      for (int j = 1; j < 16; j++) {
        t[i][j] = add(t[i][j - 1], row);
      }
      row = add(t[i][15], row);
    }
    return t;
  }

  /** Copies {@code table[index]} into {@code out} reading every entry (constant time in index). */
  private static void select(EdwardsPoint[] table, int index, EdwardsPoint out) {
    java.util.Arrays.fill(out.x, 0);
    java.util.Arrays.fill(out.y, 0);
    java.util.Arrays.fill(out.z, 0);
    java.util.Arrays.fill(out.t, 0);
    for (int j = 0; j < table.length; j++) {
      int mask = ((j ^ index) - 1) >> 31; // all ones iff j == index (both in 0..15)
      EdwardsPoint e = table[j];
      for (int w = 0; w < X25519Field.SIZE; w++) {
        out.x[w] |= e.x[w] & mask;
        out.y[w] |= e.y[w] & mask;
        out.z[w] |= e.z[w] & mask;
        out.t[w] |= e.t[w] & mask;
      }
    }
  }

  /** Doubling for a = -1 (Hisil–Wong–Carter–Dawson dbl-2008-hwcd); valid for every point. */
  private EdwardsPoint dbl(EdwardsPoint p) {
    int[] a = X25519Field.create();
    int[] b = X25519Field.create();
    int[] c = X25519Field.create();
    int[] e = X25519Field.create();
    int[] f = X25519Field.create();
    int[] g = X25519Field.create();
    int[] h = X25519Field.create();
    X25519Field.sqr(p.x, a); // A = X^2
    X25519Field.sqr(p.y, b); // B = Y^2
    X25519Field.sqr(p.z, c);
    X25519Field.add(c, c, c); // C = 2 Z^2
    X25519Field.carry(c);
    X25519Field.add(p.x, p.y, e);
    X25519Field.carry(e);
    X25519Field.sqr(e, e);
    X25519Field.sub(e, a, e);
    X25519Field.sub(e, b, e); // E = (X+Y)^2 - A - B
    X25519Field.carry(e);
    X25519Field.sub(b, a, g); // G = D + B with D = -A
    X25519Field.carry(g);
    X25519Field.sub(g, c, f); // F = G - C
    X25519Field.carry(f);
    X25519Field.add(a, b, h);
    X25519Field.negate(h, h); // H = D - B = -A - B
    X25519Field.carry(h);
    int[] x3 = X25519Field.create();
    int[] y3 = X25519Field.create();
    int[] z3 = X25519Field.create();
    int[] t3 = X25519Field.create();
    X25519Field.mul(e, f, x3);
    X25519Field.mul(g, h, y3);
    X25519Field.mul(f, g, z3);
    X25519Field.mul(e, h, t3);
    return new EdwardsPoint(x3, y3, z3, t3);
  }

  @Override
  public boolean isIdentity(EdwardsPoint p) {
    requireNonNull(p, "p");
    int[] x = p.x.clone();
    int[] yz = X25519Field.create();
    X25519Field.sub(p.y, p.z, yz);
    X25519Field.normalize(x);
    X25519Field.normalize(yz);
    return (X25519Field.isZero(x) & X25519Field.isZero(yz)) != 0;
  }

  @Override
  public boolean equal(EdwardsPoint p, EdwardsPoint q) {
    requireNonNull(p, "p");
    requireNonNull(q, "q");
    int[] l = X25519Field.create();
    int[] r = X25519Field.create();
    X25519Field.mul(p.x, q.z, l);
    X25519Field.mul(q.x, p.z, r);
    X25519Field.normalize(l);
    X25519Field.normalize(r);
    int eqX = X25519Field.areEqual(l, r);
    X25519Field.mul(p.y, q.z, l);
    X25519Field.mul(q.y, p.z, r);
    X25519Field.normalize(l);
    X25519Field.normalize(r);
    int eqY = X25519Field.areEqual(l, r);
    return (eqX & eqY) != 0;
  }

  @Override
  public byte[] serialize(EdwardsPoint p) throws InvalidElementException {
    requireNonNull(p, "p");
    if (isIdentity(p)) {
      throw new InvalidElementException("the identity element cannot be serialized");
    }
    return encode(p);
  }

  private byte[] encode(EdwardsPoint p) {
    int[] zInv = X25519Field.create();
    int[] x = X25519Field.create();
    int[] y = X25519Field.create();
    X25519Field.inv(p.z, zInv);
    X25519Field.mul(p.x, zInv, x);
    X25519Field.mul(p.y, zInv, y);
    X25519Field.normalize(x);
    X25519Field.normalize(y);
    byte[] out = new byte[32];
    byte[] xb = new byte[32];
    X25519Field.encode(y, out, 0);
    X25519Field.encode(x, xb, 0);
    out[31] = (byte) ((out[31] & 0x7f) | ((xb[0] & 1) << 7));
    return out;
  }

  @Override
  public EdwardsPoint deserialize(byte[] encoding) throws InvalidElementException {
    requireNonNull(encoding, "encoding");
    if (encoding.length != 32) {
      throw new InvalidElementException(
          "a group element is 32 bytes, got " + encoding.length + " bytes");
    }
    EdwardsPoint p = decodeUnchecked(encoding);
    if (p == null) {
      throw new InvalidElementException("the encoding is not a point on edwards25519");
    }
    // Re-encoding catches y >= p and a set sign bit on x = 0 (RFC 8032 section 5.1.3).
    if (!MessageDigest.isEqual(encode(p), encoding)) {
      throw new InvalidElementException("the point encoding is not canonical");
    }
    if (isIdentity(p)) {
      throw new InvalidElementException("the identity element is not allowed");
    }
    if (!isIdentity(multiplyByOrder(p))) {
      throw new InvalidElementException("the point is not in the prime-order subgroup");
    }
    return p;
  }

  private EdwardsPoint multiplyByOrder(EdwardsPoint p) {
    // [L]p = [L-1]p + p; L-1 is a canonical scalar.
    try (Scalar lMinusOne = Scalar.one().negate()) {
      return add(multiply(p, lMinusOne), p);
    }
  }

  /** RFC 8032 section 5.1.3 decoding without the canonical, identity and subgroup checks. */
  private EdwardsPoint decodeUnchecked(byte[] encoding) {
    int sign = (encoding[31] >>> 7) & 1;
    int[] y = X25519Field.create();
    X25519Field.decode255(encoding, y); // ignores bit 255
    X25519Field.normalize(y);
    int[] yy = X25519Field.create();
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(y, yy);
    X25519Field.sub(yy, one(), u); // u = y^2 - 1
    X25519Field.mul(yy, d, v);
    X25519Field.add(v, one(), v); // v = d y^2 + 1
    X25519Field.normalize(u);
    X25519Field.normalize(v);
    int[] x = X25519Field.create();
    if (!X25519Field.sqrtRatioVar(u, v, x)) {
      return null;
    }
    X25519Field.normalize(x);
    byte[] xb = new byte[32];
    X25519Field.encode(x, xb, 0);
    boolean xIsZero = X25519Field.isZeroVar(x);
    if (xIsZero && sign == 1) {
      return null;
    }
    if ((xb[0] & 1) != sign) {
      X25519Field.negate(x, x);
      X25519Field.normalize(x);
    }
    int[] z = one();
    int[] t = X25519Field.create();
    X25519Field.mul(x, y, t);
    return new EdwardsPoint(x, y, z, t);
  }

  private static int[] one() {
    int[] r = X25519Field.create();
    X25519Field.one(r);
    return r;
  }
}
