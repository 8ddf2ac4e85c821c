/**
 * Authenticated encryption.
 *
 * <p>{@link ist.spike.crypto.aead.AesGcmAead} is what SPIKE for Java uses for its own data:
 * AES-256-GCM with a nonce it picks itself, mandatory {@link ist.spike.crypto.aead.Aad associated
 * data}, and a header with a format version and a key id so that keys can rotate. Keys are {@link
 * ist.spike.crypto.aead.AeadKey} objects, typically derived from the root key per purpose.
 *
 * <p>{@link ist.spike.crypto.aead.SpikeCompatCipher} reproduces SPIKE's cipher byte for byte (root
 * key used directly, no associated data); use it only where compatibility demands it.
 */
package ist.spike.crypto.aead;
