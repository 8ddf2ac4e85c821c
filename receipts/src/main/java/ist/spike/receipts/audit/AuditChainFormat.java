package ist.spike.receipts.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.receipts.CanonicalJson;
import ist.spike.receipts.ContentHash;
import ist.spike.receipts.ReceiptFormatException;
import ist.spike.receipts.ReceiptSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The link fields of an audit record and how a record is sealed.
 *
 * <p>A stored record is one line: the canonical JSON of an object that holds the record's own
 * fields plus {@value #SEQ} (0 for the first record of a chain, then +1), {@value #PREV} (the
 * content hash of the previous record as 64 hex digits; {@link #GENESIS} for the first) and {@value
 * #SIG} (128 hex digits). The content hash is BLAKE3-256 of the canonical JSON of the object
 * without {@value #SIG}; the signature is Ed25519 over its 32 raw bytes.
 */
public final class AuditChainFormat {
  /** The sequence-number field. */
  public static final String SEQ = "seq";

  /** The previous record's content hash. */
  public static final String PREV = "prev";

  /** The signature field. */
  public static final String SIG = "sig";

  /** The {@value #PREV} of the first record: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  /** Longest record line accepted by the verifier, in characters. */
  public static final int MAX_LINE_CHARS = 64 * 1024;

  private AuditChainFormat() {}

  /**
   * Returns the content hash of a record: BLAKE3-256 of its canonical JSON without {@value #SIG}.
   *
   * @param record the record; not null; not changed
   * @return the hash
   * @throws ReceiptFormatException if the record holds a value canonical JSON cannot encode
   */
  public static ContentHash contentHash(ObjectNode record) throws ReceiptFormatException {
    requireNonNull(record, "record");
    ObjectNode unsigned = record.deepCopy();
    unsigned.remove(SIG);
    return ContentHash.blake3(CanonicalJson.encode(unsigned));
  }

  /** A sealed record: its line (without the newline) and its content hash for the next link. */
  public record Sealed(String line, ContentHash hash) {
    /** Checks the components. */
    public Sealed {
      requireNonNull(line, "line");
      requireNonNull(hash, "hash");
    }
  }

  /**
   * Links and signs a record.
   *
   * @param fields the record's own fields (must not use {@value #SEQ}, {@value #PREV} or {@value
   *     #SIG}); not null; not changed
   * @param seq the sequence number, not negative
   * @param prev the previous record's hash, or {@link #GENESIS} as text for the first
   * @param signer signs the content hash; not null
   * @return the sealed record
   * @throws ReceiptFormatException if a field cannot be encoded canonically
   * @throws GeneralSecurityException if signing fails
   */
  public static Sealed seal(ObjectNode fields, long seq, String prev, ReceiptSigner signer)
      throws ReceiptFormatException, GeneralSecurityException {
    requireNonNull(fields, "fields");
    requireNonNull(prev, "prev");
    requireNonNull(signer, "signer");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
    if (fields.has(SEQ) || fields.has(PREV) || fields.has(SIG)) {
      throw new IllegalArgumentException("fields must not contain seq, prev or sig");
    }
    ObjectNode record = fields.deepCopy();
    record.put(SEQ, seq);
    record.put(PREV, prev);
    ContentHash hash = ContentHash.blake3(CanonicalJson.encode(record));
    record.put(SIG, HexFormat.of().formatHex(signer.sign(hash.toBytes())));
    return new Sealed(new String(CanonicalJson.encode(record), StandardCharsets.UTF_8), hash);
  }
}
