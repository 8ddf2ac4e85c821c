package ist.spike.receipts.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.receipts.CanonicalJson;
import ist.spike.receipts.ContentHash;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.ReceiptFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks an audit chain with no state but the lines and the public key. Record by record, in order:
 * the line is a canonical JSON object no longer than {@value AuditChainFormat#MAX_LINE_CHARS}
 * characters; its {@value AuditChainFormat#SEQ} is the record's position (so the chain starts at
 * 0); its {@value AuditChainFormat#PREV} is the content hash of the record before (or {@link
 * AuditChainFormat#GENESIS}); its signature verifies. It stops at the first failure and names the
 * record (its line number, from 1) and why.
 *
 * <p>Editing a record breaks its signature (or its canonical form); deleting, inserting or swapping
 * records breaks the sequence or the hash link of the first record after the change. Records cut
 * off the end are not detectable from the file alone: compare the last hash with one kept elsewhere
 * ({@link Report#lastHash()}).
 */
public final class AuditChainVerifier {
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxStringLength(AuditChainFormat.MAX_LINE_CHARS)
                          .maxNumberLength(20)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private AuditChainVerifier() {}

  /**
   * The first bad record.
   *
   * @param line the record's line number, from 1
   * @param reason why it is bad, for a person
   */
  public record Failure(long line, String reason) {
    /** Checks the components. */
    public Failure {
      requireNonNull(reason, "reason");
    }
  }

  /**
   * The verdict.
   *
   * @param records how many records verified before the first failure (all, when valid)
   * @param lastHash the content hash of the last verified record, if any
   * @param failure the first failure, or empty when the whole chain verifies
   */
  public record Report(long records, Optional<ContentHash> lastHash, Optional<Failure> failure) {
    /** Checks the components. */
    public Report {
      requireNonNull(lastHash, "lastHash");
      requireNonNull(failure, "failure");
    }

    /** Returns whether every record verified. */
    public boolean isValid() {
      return failure.isEmpty();
    }
  }

  /**
   * Verifies a chain read line by line.
   *
   * @param reader the chain, one record per line; not null; not closed
   * @param key the public key of the instance that wrote it; not null
   * @return the report
   * @throws IOException if reading fails
   */
  public static Report verify(BufferedReader reader, GroupPublicKey key) throws IOException {
    requireNonNull(reader, "reader");
    requireNonNull(key, "key");
    long seq = 0;
    String prev = AuditChainFormat.GENESIS;
    ContentHash last = null;
    String line;
    while ((line = readBounded(reader)) != null) {
      long number = seq + 1;
      Optional<String> problem;
      ContentHash hash = null;
      if (line.length() > AuditChainFormat.MAX_LINE_CHARS) {
        problem = Optional.of("the line is longer than " + AuditChainFormat.MAX_LINE_CHARS);
      } else {
        ObjectNode record = parse(line).orElse(null);
        if (record == null) {
          problem = Optional.of("not a JSON object (the record was edited or cut)");
        } else {
          try {
            hash = AuditChainFormat.contentHash(record);
            problem = check(line, record, seq, prev, hash, key);
          } catch (ReceiptFormatException e) {
            problem = Optional.of("not canonical JSON: " + e.getMessage());
          }
        }
      }
      if (problem.isPresent()) {
        return new Report(
            seq, Optional.ofNullable(last), Optional.of(new Failure(number, problem.get())));
      }
      last = hash;
      prev = hash.toHex();
      seq++;
    }
    if (seq == 0) {
      return new Report(
          0, Optional.empty(), Optional.of(new Failure(1, "the file has no records")));
    }
    return new Report(seq, Optional.of(last), Optional.empty());
  }

  private static Optional<String> check(
      String line, ObjectNode record, long seq, String prev, ContentHash hash, GroupPublicKey key)
      throws ReceiptFormatException {
    if (!line.equals(new String(CanonicalJson.encode(record), StandardCharsets.UTF_8))) {
      return Optional.of("not in canonical form (the record was edited)");
    }
    JsonNode s = record.get(AuditChainFormat.SEQ);
    if (s == null || !s.canConvertToExactIntegral() || !s.isIntegralNumber()) {
      return Optional.of("seq is missing or not an integer");
    }
    if (s.longValue() != seq) {
      return Optional.of(
          "seq is "
              + s.longValue()
              + " where "
              + seq
              + " was expected (records were deleted, inserted or reordered before it)");
    }
    JsonNode p = record.get(AuditChainFormat.PREV);
    if (p == null || !p.isTextual()) {
      return Optional.of("prev is missing");
    }
    if (!p.textValue().equals(prev)) {
      return Optional.of(
          seq == 0
              ? "the first record's prev is not the genesis value (the chain's start is missing)"
              : "prev does not match the hash of the record before it (a record was edited,"
                  + " deleted or reordered)");
    }
    JsonNode sig = record.get(AuditChainFormat.SIG);
    if (sig == null || !sig.isTextual() || !isLowerHex(sig.textValue(), 128)) {
      return Optional.of("sig is missing or not 128 lower-case hex digits");
    }
    if (!key.verify(hash.toBytes(), HexFormat.of().parseHex(sig.textValue()))) {
      return Optional.of(
          "the signature does not verify under key "
              + key.toHex()
              + " (the record was edited, or written by another instance)");
    }
    return Optional.empty();
  }

  private static Optional<ObjectNode> parse(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Reads one line, keeping at most one character past the limit so a huge line is bounded. */
  private static String readBounded(BufferedReader reader) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    boolean any = false;
    while ((c = reader.read()) != -1) {
      any = true;
      if (c == '\n') {
        return b.toString();
      }
      if (b.length() <= AuditChainFormat.MAX_LINE_CHARS) {
        b.append((char) c);
      }
    }
    return any ? b.toString() : null;
  }

  private static boolean isLowerHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
