package ist.spike.crypto.shamir;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.InvalidRootKeyException;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.internal.P256;
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
 * <p>Arithmetic uses {@link BigInteger}, whose intermediate values cannot be zeroed (see ADR 0002).
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
    BigInteger[] coefficients = coefficients(rootKey, parameters.threshold());
    List<Shard> shards = new ArrayList<>(parameters.shares());
    for (int i = 1; i <= parameters.shares(); i++) {
      byte[] value = toFixed32(evaluate(coefficients, BigInteger.valueOf(i)));
      shards.add(new Shard(i, SecretBytes.takeOwnership(value)));
    }
    Arrays.fill(coefficients, BigInteger.ZERO);
    verifyReconstruction(rootKey, shards, parameters.threshold());
    return List.copyOf(shards);
  }

  /**
   * Recovers the root key from the first {@code threshold} shards, in the order given. Later shards
   * are not used (but must be valid and have distinct indexes).
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
    BigInteger secret = BigInteger.ZERO;
    for (int j = 0; j < threshold; j++) {
      BigInteger xj = BigInteger.valueOf(used.get(j).index());
      BigInteger num = BigInteger.ONE;
      BigInteger den = BigInteger.ONE;
      for (int m = 0; m < threshold; m++) {
        if (m == j) {
          continue;
        }
        BigInteger xm = BigInteger.valueOf(used.get(m).index());
        num = num.multiply(xm.negate()).mod(N);
        den = den.multiply(xj.subtract(xm)).mod(N);
      }
      BigInteger basis = num.multiply(den.modInverse(N)).mod(N);
      byte[] y = used.get(j).revealValue(InsecureSecretAccess.get());
      try {
        secret = secret.add(new BigInteger(1, y).multiply(basis)).mod(N);
      } finally {
        Arrays.fill(y, (byte) 0);
      }
    }
    byte[] raw = toFixed32(secret);
    try (SecretBytes holder = SecretBytes.takeOwnership(raw)) {
      return RootKey.of(holder);
    } catch (InvalidRootKeyException e) {
      throw new InvalidRootKeyException("the shards interpolate to an all-zero root key");
    }
  }

  /** Returns c0..c(threshold-1) as SPIKE draws them. Package-private for the vector tests. */
  static BigInteger[] coefficients(RootKey rootKey, int threshold) {
    BigInteger[] c = new BigInteger[threshold];
    byte[] key = rootKey.revealBytes(InsecureSecretAccess.get());
    byte[] block = new byte[HashChainReader.BLOCK_SIZE];
    try (HashChainReader reader = new HashChainReader(key)) {
      c[0] = new BigInteger(1, key);
      for (int k = 1; k < threshold; k++) {
        do {
          reader.nextBlock(block);
        } while (!P256.isBelowOrder(block));
        c[k] = new BigInteger(1, block);
      }
      return c;
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(block, (byte) 0);
    }
  }

  /** Horner's rule mod n. */
  static BigInteger evaluate(BigInteger[] coefficients, BigInteger x) {
    BigInteger acc = BigInteger.ZERO;
    for (int k = coefficients.length - 1; k >= 0; k--) {
      acc = acc.multiply(x).add(coefficients[k]).mod(N);
    }
    return acc;
  }

  /** Encodes {@code 0 <= v < 2^256} as exactly 32 big-endian bytes. */
  static byte[] toFixed32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    Arrays.fill(raw, (byte) 0);
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
