package ist.spike.crypto.shamir;

import ist.spike.crypto.InvalidRootKeyException;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random Shamir schemes and root keys for the property tests of splitting and commitments. */
final class ShamirSchemes {
  private ShamirSchemes() {}

  /** A split of the key drawn from {@code seed} into {@code shares} with {@code threshold}. */
  record Scheme(long seed, int threshold, int shares) {}

  /** Schemes of 1 to {@code maxShares} shares, each with a threshold from 1 to its share count. */
  static Arbitrary<Scheme> upTo(int maxShares) {
    return Arbitraries.integers()
        .between(1, maxShares)
        .flatMap(
            n ->
                Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(1, n))
                    .as((seed, t) -> new Scheme(seed, t, n)));
  }

  /** A valid root key drawn from {@code seed} (below the group order, nonzero). */
  static RootKey key(long seed) {
    byte[] raw = new byte[32];
    new Random(seed).nextBytes(raw);
    raw[0] &= 0x7f; // below n
    raw[31] |= 1; // nonzero
    try (SecretBytes b = SecretBytes.takeOwnership(raw)) {
      return RootKey.of(b);
    } catch (InvalidRootKeyException e) {
      throw new AssertionError(e);
    }
  }
}
