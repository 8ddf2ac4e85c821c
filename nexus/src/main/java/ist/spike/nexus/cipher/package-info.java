/**
 * Encryption as a service ({@code /v1/cipher/encrypt|decrypt}) in SPIKE's byte format: version byte
 * {@code 0x01}, 12-byte nonce, AES-256-GCM ciphertext and tag, no associated data, keyed by the
 * root key, so ciphertexts move freely between SPIKE and this implementation.
 */
package ist.spike.nexus.cipher;
