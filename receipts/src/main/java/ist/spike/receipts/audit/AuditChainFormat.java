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
 *
 * <p>Records of version {@value #SIGNED_EACH} (or without {@value #VERSION}) each carry a
 * signature. Records of version {@value #GROUPED} come in groups (ADR 0199): a group is a run of at
 * most {@value #MAX_GROUP_RECORDS} records of which only the last carries {@value #SIG}; because
 * every record's {@value #PREV} links the one before, that one signature covers the whole group. A
 * writer writes a group with one write, so a file cut by a crash ends inside a group only if it
 * ends with records that no signature covers.
 */
public final class AuditChainFormat {
  /** The sequence-number field. */
  public static final String SEQ = "seq";

  /** The previous record's content hash. */
  public static final String PREV = "prev";

  /** The signature field. */
  public static final String SIG = "sig";

  /** The record-format version field. */
  public static final String VERSION = "v";

  /**
   * The version whose records each carry a signature (also assumed when {@value #VERSION} is
   * absent).
   */
  public static final int SIGNED_EACH = 1;

  /** The version whose records are signed per group: only a group's last record carries one. */
  public static final int GROUPED = 2;

  /** Most records in one group, the signed one included. */
  public static final int MAX_GROUP_RECORDS = 256;

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
   * A linked record not yet signed: the record with {@value #SEQ} and {@value #PREV}, its content
   * hash and its canonical line (without the newline). As written, it is a group's inner record.
   */
  public static final class Linked {
    private final ObjectNode record;
    private final ContentHash hash;
    private final byte[] canonical;

    private Linked(ObjectNode record, ContentHash hash, byte[] canonical) {
      this.record = record;
      this.hash = hash;
      this.canonical = canonical;
    }

    /** Returns the content hash, which the next record's {@value #PREV} links. */
    public ContentHash hash() {
      return hash;
    }

    /** Returns the line as an unsigned record (without the newline). */
    public String line() {
      return new String(canonical, StandardCharsets.UTF_8);
    }

    /** Returns the line's UTF-8 bytes as an unsigned record (without the newline); a copy. */
    public byte[] lineBytes() {
      return canonical.clone();
    }
  }

  /**
   * Links a record to the one before without signing it.
   *
   * @param fields the record's own fields (must not use {@value #SEQ}, {@value #PREV} or {@value
   *     #SIG}); not null; not changed
   * @param seq the sequence number, not negative
   * @param prev the previous record's hash, or {@link #GENESIS} as text for the first
   * @return the linked record
   * @throws ReceiptFormatException if a field cannot be encoded canonically
   */
  public static Linked link(ObjectNode fields, long seq, String prev)
      throws ReceiptFormatException {
    requireNonNull(fields, "fields");
    requireNonNull(prev, "prev");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
    if (fields.has(SEQ) || fields.has(PREV) || fields.has(SIG)) {
      throw new IllegalArgumentException("fields must not contain seq, prev or sig");
    }
    ObjectNode record = fields.deepCopy();
    record.put(SEQ, seq);
    record.put(PREV, prev);
    byte[] canonical = CanonicalJson.encode(record);
    return new Linked(record, ContentHash.blake3(canonical), canonical);
  }

  /**
   * Signs a linked record: its content hash, so the signature also covers every record its {@value
   * #PREV} chain reaches back to within the group.
   *
   * @param linked the record; not null
   * @param signer signs the content hash; not null
   * @return the sealed record
   * @throws GeneralSecurityException if signing fails
   */
  public static Sealed sign(Linked linked, ReceiptSigner signer) throws GeneralSecurityException {
    requireNonNull(linked, "linked");
    requireNonNull(signer, "signer");
    ObjectNode signed = linked.record.deepCopy();
    signed.put(SIG, HexFormat.of().formatHex(signer.sign(linked.hash.toBytes())));
    try {
      return new Sealed(
          new String(CanonicalJson.encode(signed), StandardCharsets.UTF_8), linked.hash);
    } catch (ReceiptFormatException e) {
      // The record encoded without sig; a hex string cannot make it unencodable.
      throw new IllegalStateException(e);
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
    requireNonNull(signer, "signer");
    return sign(link(fields, seq, prev), signer);
  }
}
