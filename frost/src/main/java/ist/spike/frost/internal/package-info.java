/**
 * Not API. The edwards25519 group ({@link ist.spike.frost.internal.Group}, implemented on
 * BouncyCastle's constant-time {@code X25519Field}), constant-time scalar arithmetic modulo the
 * group order ({@link ist.spike.frost.internal.Scalar}) and the ciphersuite's hash functions
 * ({@link ist.spike.frost.internal.Ciphersuite}). Public only so that the protocol package can use
 * it; may change without notice.
 */
package ist.spike.frost.internal;
