/**
 * FROST(Ed25519, SHA-512) threshold signatures (RFC 9591), with trusted-dealer key generation,
 * share repair and share refresh.
 *
 * <p>A {@code t}-of-{@code n} group is created by {@link ist.spike.frost.TrustedDealer}; each
 * participant keeps a secret {@link ist.spike.frost.KeyPackage}, and everybody shares the public
 * {@link ist.spike.frost.PublicKeyPackage}. Signing takes two rounds: {@link
 * ist.spike.frost.Round1#commit} (nonces and commitments), then {@link ist.spike.frost.Round2#sign}
 * over the coordinator's {@link ist.spike.frost.SigningPackage}; {@link
 * ist.spike.frost.Aggregator#aggregate} sums the shares into an ordinary 64-byte Ed25519 {@link
 * ist.spike.frost.Signature} that {@link ist.spike.frost.VerifyingKey#verify} (the JDK verifier)
 * accepts. {@link ist.spike.frost.FrostSession} runs all of it for local signers.
 *
 * <p>{@link ist.spike.frost.Repair} restores a lost share with the help of threshold-many other
 * holders; {@link ist.spike.frost.Refresh} re-randomizes all shares for the same group key. No
 * function assembles the group signing key: each operation touches one share at a time.
 *
 * <p>Every failure is a {@link ist.spike.frost.FrostException} subclass that names its cause;
 * secret types ({@code KeyPackage}, {@code SigningNonces}, {@code RepairDelta}, {@code
 * RepairSigma}, {@code RefreshShare}) are {@link java.lang.AutoCloseable}, zero their scalars on
 * close and never print them.
 */
package ist.spike.frost;
