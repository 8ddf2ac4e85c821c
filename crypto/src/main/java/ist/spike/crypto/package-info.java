/**
 * Key material holders shared by every SPIKE component: {@link ist.spike.crypto.SecretBytes}, the
 * {@link ist.spike.crypto.RootKey}, the {@link ist.spike.crypto.KeyCheckValue}, and the {@link
 * ist.spike.crypto.SecretAccess} token that makes every reveal of secret bytes greppable.
 *
 * <p>Subpackages: {@code aead} (AES-256-GCM with associated data and key ids, plus the
 * SPIKE-compatible cipher) and {@code shamir} (SPIKE-compatible Shamir sharing over the P-256
 * scalar field). Everything in {@code internal} is not API.
 */
package ist.spike.crypto;
