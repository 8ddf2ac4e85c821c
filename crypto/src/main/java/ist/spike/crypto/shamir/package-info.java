/**
 * Shamir secret sharing of the {@link ist.spike.crypto.RootKey} over the P-256 scalar field,
 * byte-compatible with SPIKE (spike-sdk-go {@code ComputeShares} / {@code ComputeRootKeyFromShards}
 * on circl {@code secretsharing}).
 *
 * <p>Entry points: {@link ist.spike.crypto.shamir.Shamir#split} and {@link
 * ist.spike.crypto.shamir.Shamir#recover}, with {@link ist.spike.crypto.shamir.ShamirParameters},
 * {@link ist.spike.crypto.shamir.Shard} and the recovery-file format {@link
 * ist.spike.crypto.shamir.RecoveryLine}.
 */
package ist.spike.crypto.shamir;
