/**
 * Helpers of the encryption-as-a-service routes ({@code /v1/cipher/encrypt|decrypt}). The cipher
 * itself is {@link ist.spike.crypto.aead.SpikeCompatCipher}, the one implementation of SPIKE's
 * format (version byte {@code 0x01}, 12-byte nonce, AES-256-GCM, no associated data, keyed by the
 * root key), so ciphertexts move freely between SPIKE and this implementation.
 */
package ist.spike.nexus.cipher;
