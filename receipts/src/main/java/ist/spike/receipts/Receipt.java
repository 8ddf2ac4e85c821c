package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * One receipt: kind, subject, timestamp (Unix seconds), payload (a JSON object), the content hash
 * of the previous receipt (absent for the first), and the group's signature over this receipt's
 * content hash (absent until signed).
 *
 * <p>The content hash is BLAKE3-256 of the canonical JSON of the five fields other than the
 * signature, keys sorted: {@code kind, payload, prev_hash, subject, timestamp}. The stored form
 * ({@link #toJson()}) is the canonical JSON of all six fields, {@code signature} as 128 lower-case
 * hex digits or {@code ""} when unsigned. Immutable.
 */
public final class Receipt {
  /** Length of an Ed25519 (FROST) signature in bytes. */
  public static final int SIGNATURE_LENGTH = 64;

  private static final int MAX_RECEIPT_CHARS = 64 * 1024;
  private static final Set<String> FIELDS =
      Set.of("kind", "payload", "prev_hash", "signature", "subject", "timestamp");
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(32)
                          .maxStringLength(MAX_RECEIPT_CHARS)
                          .maxNumberLength(20)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private final ReceiptKind kind;
  private final String subject;
  private final long timestamp;
  private final ObjectNode payload;
  private final ContentHash prevHash;
  private final String signatureHex;
  private final ContentHash contentHash;

  private Receipt(
      ReceiptKind kind,
      String subject,
      long timestamp,
      ObjectNode payload,
      ContentHash prevHash,
      String signatureHex)
      throws ReceiptFormatException {
    this.kind = kind;
    this.subject = subject;
    this.timestamp = timestamp;
    this.payload = payload;
    this.prevHash = prevHash;
    this.signatureHex = signatureHex;
    this.contentHash = ContentHash.blake3(CanonicalJson.encode(contentNode()));
  }

  /**
   * Creates an unsigned receipt.
   *
   * @param kind the kind; not null
   * @param subject who the receipt is about, for example {@code did:example:alice}; not blank
   * @param timestamp Unix seconds, not negative
   * @param payload a JSON object of integers, strings, booleans, arrays and objects; not null
   * @param prevHash the previous receipt's content hash, empty for the first receipt
   * @return the receipt
   * @throws ReceiptFormatException if the subject is blank, the timestamp negative, or the payload
   *     not an object of canonical JSON values
   */
  public static Receipt unsigned(
      ReceiptKind kind,
      String subject,
      long timestamp,
      JsonNode payload,
      Optional<ContentHash> prevHash)
      throws ReceiptFormatException {
    requireNonNull(kind, "kind");
    requireNonNull(subject, "subject");
    requireNonNull(payload, "payload");
    requireNonNull(prevHash, "prevHash");
    if (subject.isBlank()) {
      throw new ReceiptFormatException("a receipt subject must not be blank");
    }
    if (timestamp < 0) {
      throw new ReceiptFormatException("a receipt timestamp must not be negative");
    }
    if (!payload.isObject()) {
      throw new ReceiptFormatException("a receipt payload must be a JSON object");
    }
    ObjectNode copy = (ObjectNode) payload.deepCopy();
    CanonicalJson.encode(copy);
    return new Receipt(kind, subject, timestamp, copy, prevHash.orElse(null), "");
  }

  /**
   * Returns this receipt with a signature attached.
   *
   * @param signature the 64-byte signature over {@link #contentHash()}; not null
   * @return a new receipt
   */
  public Receipt withSignature(byte[] signature) {
    requireNonNull(signature, "signature");
    if (signature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException(
          "a signature is " + SIGNATURE_LENGTH + " bytes, not " + signature.length);
    }
    try {
      return new Receipt(
          kind, subject, timestamp, payload, prevHash, HexFormat.of().formatHex(signature));
    } catch (ReceiptFormatException e) {
      throw new IllegalStateException("payload was validated at construction", e);
    }
  }

  /**
   * Parses a stored receipt, which must be exactly the canonical JSON {@link #toJson()} produces,
   * so that every change of a byte changes the content or breaks the parse.
   *
   * @param json one receipt; not null
   * @return the receipt (its signature is not verified here)
   * @throws ReceiptFormatException if it is not a canonical receipt
   */
  public static Receipt parse(String json) throws ReceiptFormatException {
    requireNonNull(json, "json");
    if (json.length() > MAX_RECEIPT_CHARS) {
      throw new ReceiptFormatException("a receipt is at most " + MAX_RECEIPT_CHARS + " characters");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ReceiptFormatException("not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new ReceiptFormatException("a receipt must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new ReceiptFormatException("unknown receipt field '" + field + "'");
      }
    }
    JsonNode kindNode = node.get("kind");
    if (kindNode == null || !kindNode.isTextual()) {
      throw new ReceiptFormatException("kind must be a string");
    }
    ReceiptKind kind =
        ReceiptKind.fromWireName(kindNode.textValue())
            .orElseThrow(() -> new ReceiptFormatException("unknown receipt kind"));
    JsonNode subject = node.get("subject");
    if (subject == null || !subject.isTextual()) {
      throw new ReceiptFormatException("subject must be a string");
    }
    JsonNode ts = node.get("timestamp");
    if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong() || ts.longValue() < 0) {
      throw new ReceiptFormatException("timestamp must be a non-negative integer");
    }
    JsonNode prev = node.get("prev_hash");
    if (prev == null || !(prev.isNull() || prev.isTextual())) {
      throw new ReceiptFormatException("prev_hash must be null or a hex string");
    }
    JsonNode sig = node.get("signature");
    if (sig == null || !sig.isTextual()) {
      throw new ReceiptFormatException("signature must be a string");
    }
    JsonNode payload = node.get("payload");
    if (payload == null) {
      throw new ReceiptFormatException("payload is missing");
    }
    Receipt unsigned =
        unsigned(
            kind,
            subject.textValue(),
            ts.longValue(),
            payload,
            prev.isNull() ? Optional.empty() : Optional.of(ContentHash.parseHex(prev.textValue())));
    Receipt receipt =
        new Receipt(
            kind,
            unsigned.subject,
            unsigned.timestamp,
            unsigned.payload,
            unsigned.prevHash,
            sig.textValue());
    if (!receipt.toJson().equals(json)) {
      throw new ReceiptFormatException("receipt is not in canonical form");
    }
    return receipt;
  }

  /** Returns the kind. */
  public ReceiptKind kind() {
    return kind;
  }

  /** Returns the subject. */
  public String subject() {
    return subject;
  }

  /** Returns the timestamp in Unix seconds. */
  public long timestamp() {
    return timestamp;
  }

  /** Returns a copy of the payload. */
  public ObjectNode payload() {
    return payload.deepCopy();
  }

  /** Returns the previous receipt's content hash; empty for the first receipt. */
  public Optional<ContentHash> prevHash() {
    return Optional.ofNullable(prevHash);
  }

  /** Returns the stored signature text: 128 hex digits, or {@code ""} when unsigned. */
  public String signatureHex() {
    return signatureHex;
  }

  /** Returns the BLAKE3-256 content hash (the signature is not part of it). */
  public ContentHash contentHash() {
    return contentHash;
  }

  /** Returns the canonical JSON of the five hashed fields. */
  public String contentJson() {
    try {
      return CanonicalJson.encodeToString(contentNode());
    } catch (ReceiptFormatException e) {
      throw new IllegalStateException("payload was validated at construction", e);
    }
  }

  /** Returns the stored form: canonical JSON of all six fields, on one line. */
  public String toJson() {
    ObjectNode node = contentNode();
    node.put("signature", signatureHex);
    try {
      return CanonicalJson.encodeToString(node);
    } catch (ReceiptFormatException e) {
      throw new IllegalStateException("payload was validated at construction", e);
    }
  }

  private ObjectNode contentNode() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("kind", kind.wireName());
    node.set("payload", payload.deepCopy());
    if (prevHash == null) {
      node.putNull("prev_hash");
    } else {
      node.put("prev_hash", prevHash.toHex());
    }
    node.put("subject", subject);
    node.put("timestamp", timestamp);
    return node;
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }

  @Override
  public String toString() {
    return "Receipt["
        + kind.wireName()
        + " "
        + subject
        + " @"
        + timestamp
        + " "
        + contentHash
        + "]";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
