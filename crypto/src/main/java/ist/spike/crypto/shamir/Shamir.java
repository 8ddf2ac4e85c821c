package ist.spike.crypto.shamir;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.InvalidRootKeyException;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.internal.P256;
import ist.spike.crypto.internal.P256Scalar;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits and recovers the root key exactly as SPIKE does.
 *
 * <p><b>Split</b>: the polynomial's constant term is the root key read as a big-endian scalar;
 * coefficients {@code c1..c(t-1)} are drawn in that order from a {@link HashChainReader} seeded
 * with the root key, each as the next 32-byte block that is below n (blocks {@code >= n} are
 * skipped, never reduced). Share {@code i} (1..N) is {@code f(i) mod n} as 32 bytes big-endian. The
 * scheme is therefore deterministic: the same key and parameters always give the same shards.
 *
 * <p><b>Recover</b>: Lagrange interpolation at 0 over the <em>first</em> {@code threshold} shards
 * in the given order, like circl. Shards have no integrity protection: a wrong shard yields a wrong
 * key without error, so callers must check the result (see {@link ist.spike.crypto.KeyCheckValue}).
 *
 * <p>Arithmetic on secret values is constant time on fixed-width limbs that are zeroed after use
 * ({@code P256Scalar}); only the public Lagrange basis uses {@code BigInteger} (ADR 0002).
 */
public final class Shamir {
  private static final BigInteger N = P256.ORDER;

  private Shamir() {}

  /**
   * Splits the root key into {@code parameters.shares()} shards with indexes 1..N.
   *
   * <p>Like SPIKE's {@code VerifyShamirReconstruction}, the result is checked by recovering the key
   * from the first {@code threshold} shards before it is returned.
   *
   * @param rootKey the key to split (unchanged)
   * @param parameters threshold and share count
   * @return the shards in index order; the caller owns and must close them
   */
  public static List<Shard> split(RootKey rootKey, ShamirParameters parameters) {
    requireNonNull(rootKey, "rootKey");
    requireNonNull(parameters, "parameters");
    byte[][] coefficients = coefficients(rootKey, parameters.threshold());
    List<Shard> shards = new ArrayList<>(parameters.shares());
    try {
      for (int i = 1; i <= parameters.shares(); i++) {
        shards.add(new Shard(i, SecretBytes.takeOwnership(evaluate(coefficients, i))));
      }
    } finally {
      for (byte[] c : coefficients) {
        Arrays.fill(c, (byte) 0);
      }
    }
    verifyReconstruction(rootKey, shards, parameters.threshold());
    return List.copyOf(shards);
  }

  /**
   * Recovers the root key from the first {@code threshold} shards, in the order given. Later shards
   * are not used (but must have distinct indexes).
   *
   * @param shards at least {@code threshold} shards with distinct indexes; not closed by this call
   * @param threshold the scheme's threshold; at least 1
   * @return the recovered key; the caller owns and must close it
   * @throws NotEnoughShardsException if fewer than {@code threshold} shards are given
   * @throws InvalidShardException if two shards share an index
   * @throws InvalidRootKeyException if the interpolated value is zero (only possible with wrong
   *     shards)
   */
  public static RootKey recover(List<Shard> shards, int threshold)
      throws NotEnoughShardsException, InvalidShardException, InvalidRootKeyException {
    requireNonNull(shards, "shards");
    if (threshold < 1) {
      throw new IllegalArgumentException("Shamir threshold must be at least 1, was " + threshold);
    }
    Set<Integer> seen = new HashSet<>();
    for (Shard shard : shards) {
      requireNonNull(shard, "shard");
      if (!seen.add(shard.index())) {
        throw new InvalidShardException(
            "shard index " + shard.index() + " appears more than once; indexes must be distinct");
      }
    }
    if (shards.size() < threshold) {
      throw new NotEnoughShardsException(shards.size(), threshold);
    }
    List<Shard> used = shards.subList(0, threshold);
    long[] secret = new long[P256Scalar.LIMBS];
    long[] y = new long[P256Scalar.LIMBS];
    long[] basis = new long[P256Scalar.LIMBS];
    byte[] raw = new byte[P256.SCALAR_BYTES];
    try {
      for (int j = 0; j < threshold; j++) {
        // The Lagrange basis at 0 depends only on the public indexes.
        P256Scalar.fromBytes(lagrangeBasisAtZero(used, j), basis);
        byte[] value = used.get(j).revealValue(InsecureSecretAccess.get());
        try {
          P256Scalar.fromBytes(value, y);
        } finally {
          Arrays.fill(value, (byte) 0);
        }
        P256Scalar.mul(y, basis, y);
        P256Scalar.add(secret, y, secret);
      }
      P256Scalar.toBytes(secret, raw);
      try (SecretBytes holder = SecretBytes.copyOf(raw, InsecureSecretAccess.get())) {
        return RootKey.of(holder);
      } catch (InvalidRootKeyException e) {
        throw new InvalidRootKeyException("the shards interpolate to an all-zero root key");
      }
    } finally {
      Arrays.fill(secret, 0);
      Arrays.fill(y, 0);
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Returns prod_{m != j} (0 - x_m) / (x_j - x_m) mod n as 32 bytes (public values only). */
  private static byte[] lagrangeBasisAtZero(List<Shard> used, int j) {
    BigInteger xj = BigInteger.valueOf(used.get(j).index());
    BigInteger num = BigInteger.ONE;
    BigInteger den = BigInteger.ONE;
    for (int m = 0; m < used.size(); m++) {
      if (m != j) {
        BigInteger xm = BigInteger.valueOf(used.get(m).index());
        num = num.multiply(xm.negate()).mod(N);
        den = den.multiply(xj.subtract(xm)).mod(N);
      }
    }
    return toFixed32(num.multiply(den.modInverse(N)).mod(N));
  }

  /**
   * Returns c0..c(threshold-1) as SPIKE draws them, each 32 bytes big-endian; the caller zeroes
   * them. Package-private for the vector tests.
   */
  static byte[][] coefficients(RootKey rootKey, int threshold) {
    byte[][] c = new byte[threshold][];
    c[0] = rootKey.revealBytes(InsecureSecretAccess.get());
    try (HashChainReader reader = new HashChainReader(c[0])) {
      for (int k = 1; k < threshold; k++) {
        c[k] = new byte[HashChainReader.BLOCK_SIZE];
        do {
          reader.nextBlock(c[k]);
        } while (!P256.isBelowOrder(c[k]));
      }
      return c;
    }
  }

  /**
   * Evaluates the polynomial at {@code x} by Horner's rule mod n, in constant time.
   *
   * @param coefficients c0..ct, 32 bytes big-endian each, all below n
   * @param x the point, at least 1
   * @return f(x) as 32 bytes big-endian; the caller owns it
   */
  static byte[] evaluate(byte[][] coefficients, int x) {
    long[] acc = new long[P256Scalar.LIMBS];
    long[] c = new long[P256Scalar.LIMBS];
    long[] xm = new long[P256Scalar.LIMBS];
    try {
      P256Scalar.fromLong(x, xm);
      for (int k = coefficients.length - 1; k >= 0; k--) {
        P256Scalar.mul(acc, xm, acc);
        P256Scalar.fromBytes(coefficients[k], c);
        P256Scalar.add(acc, c, acc);
      }
      byte[] out = new byte[P256.SCALAR_BYTES];
      P256Scalar.toBytes(acc, out);
      return out;
    } finally {
      Arrays.fill(acc, 0);
      Arrays.fill(c, 0);
    }
  }

  /** Encodes {@code 0 <= v < 2^256} as exactly 32 big-endian bytes. */
  static byte[] toFixed32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static void verifyReconstruction(RootKey rootKey, List<Shard> shards, int threshold) {
    try (RootKey check = recover(shards, threshold)) {
      if (!check.equalsSecret(rootKey)) {
        throw new IllegalStateException("Shamir self-check failed: shards do not recover the key");
      }
    } catch (ShamirException | InvalidRootKeyException e) {
      throw new IllegalStateException("Shamir self-check failed: " + e.getMessage(), e);
    }
  }
}
