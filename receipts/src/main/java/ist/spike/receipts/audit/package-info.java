/**
 * The audit chain of a SPIKE server: one canonical-JSON record per line, each carrying its sequence
 * number, the content hash of the record before it and an Ed25519 signature over its own content
 * hash; and a stateless verifier that needs only the lines and the public key.
 *
 * <p>Records reuse the receipts' encoding: {@link ist.spike.receipts.CanonicalJson} for the bytes,
 * {@link ist.spike.receipts.ContentHash} (BLAKE3-256) for the hash, {@link
 * ist.spike.receipts.ReceiptSigner} and {@link ist.spike.receipts.GroupPublicKey} (plain Ed25519)
 * for signing and verifying.
 */
package ist.spike.receipts.audit;
