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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an audit chain with no state but the lines and the public key. Line by line, in order: the
 * line is a canonical JSON object no longer than {@value AuditChainFormat#MAX_LINE_CHARS}
 * characters, of a known {@value AuditChainFormat#VERSION}; its {@value AuditChainFormat#SEQ} is
 * the record's position (so the chain starts at 0); its {@value AuditChainFormat#PREV} is the
 * content hash of the record before (or {@link AuditChainFormat#GENESIS}). Records are proven in
 * groups (ADR 0199): a group ends with a record that carries a signature, which must verify;
 * walking back from that record, each {@value AuditChainFormat#PREV} gives the authentic hash of
 * the record before it, so a record of the group whose hash differs is named as edited. A version
 * {@value AuditChainFormat#SIGNED_EACH} record (every record of an older file) is a group of its
 * own. It stops at the first failure and names the record (its line number, from 1) and why.
 *
 * <p>Editing a record breaks its signature, its canonical form, or the link the signed part of its
 * group holds to it; deleting, inserting or swapping records breaks the sequence or the hash link
 * at the first record changed. A file that ends with records no signature covers (cut inside a
 * group) is named at the first of them. Whole groups cut off the end are not detectable from the
 * file alone: compare the last hash with one kept elsewhere ({@link Report#lastHash()}). When a
 * group's signature does not verify, none of its records is proven: the report counts only the
 * records before the group, and the failure names the signed record.
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
    List<Parsed> group = new ArrayList<>();
    String line;
    while ((line = readBounded(reader)) != null) {
      long number = seq + group.size() + 1;
      Parsed parsed;
      try {
        parsed = parseRecord(line);
      } catch (BadLine e) {
        return failed(seq, last, number, e.getMessage());
      }
      group.add(parsed);
      if (parsed.sig != null) {
        Optional<Failure> failure = checkGroup(group, seq, prev, key);
        if (failure.isPresent()) {
          return new Report(seq, Optional.ofNullable(last), failure);
        }
        seq += group.size();
        last = parsed.hash;
        prev = last.toHex();
        group.clear();
      } else if (group.size() >= AuditChainFormat.MAX_GROUP_RECORDS) {
        return failed(
            seq,
            last,
            number,
            "more than "
                + (AuditChainFormat.MAX_GROUP_RECORDS - 1)
                + " records in a row without a signature (a group's signed record was removed)");
      }
    }
    if (!group.isEmpty()) {
      Optional<Failure> failure = checkGroup(group, seq, prev, key);
      return new Report(seq, Optional.ofNullable(last), failure);
    }
    if (seq == 0) {
      return failed(0, null, 1, "the file has no records");
    }
    return new Report(seq, Optional.of(last), Optional.empty());
  }

  private static Report failed(long records, ContentHash last, long line, String reason) {
    return new Report(records, Optional.ofNullable(last), Optional.of(new Failure(line, reason)));
  }

  /** What the group check needs of a line that parsed: its links, hash and signature. */
  private record Parsed(long seq, String prev, ContentHash hash, byte[] sig) {}

  private static final class BadLine extends Exception {
    BadLine(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The checks one line passes on its own: limits, JSON, canonical form, field types, version. */
  private static Parsed parseRecord(String line) throws BadLine {
    if (line.length() > AuditChainFormat.MAX_LINE_CHARS) {
      throw new BadLine("the line is longer than " + AuditChainFormat.MAX_LINE_CHARS);
    }
    ObjectNode record =
        parse(line)
            .orElseThrow(() -> new BadLine("not a JSON object (the record was edited or cut)"));
    ContentHash hash;
    try {
      hash = AuditChainFormat.contentHash(record);
      if (!line.equals(new String(CanonicalJson.encode(record), StandardCharsets.UTF_8))) {
        throw new BadLine("not in canonical form (the record was edited)");
      }
    } catch (ReceiptFormatException e) {
      throw new BadLine("not canonical JSON: " + e.getMessage());
    }
    JsonNode s = record.get(AuditChainFormat.SEQ);
    if (s == null || !s.canConvertToExactIntegral() || !s.isIntegralNumber()) {
      throw new BadLine("seq is missing or not an integer");
    }
    JsonNode p = record.get(AuditChainFormat.PREV);
    if (p == null || !p.isTextual()) {
      throw new BadLine("prev is missing");
    }
    JsonNode v = record.get(AuditChainFormat.VERSION);
    boolean grouped;
    if (v == null || (v.isIntegralNumber() && v.asLong() == AuditChainFormat.SIGNED_EACH)) {
      grouped = false;
    } else if (v.isIntegralNumber() && v.asLong() == AuditChainFormat.GROUPED) {
      grouped = true;
    } else {
      throw new BadLine(
          "version "
              + v
              + " is not one this verifier knows ("
              + AuditChainFormat.SIGNED_EACH
              + " or "
              + AuditChainFormat.GROUPED
              + "); verify with the spike release that wrote the file");
    }
    JsonNode sig = record.get(AuditChainFormat.SIG);
    if (sig == null && grouped) {
      return new Parsed(s.longValue(), p.textValue(), hash, null);
    }
    if (sig == null || !sig.isTextual() || !isLowerHex(sig.textValue(), 128)) {
      throw new BadLine("sig is missing or not 128 lower-case hex digits");
    }
    return new Parsed(s.longValue(), p.textValue(), hash, HexFormat.of().parseHex(sig.textValue()));
  }

  /**
   * Checks a group that starts at record {@code seq}: the links of each record in order, each
   * record against the authentic hash the signed record's chain gives it, then the signature. A
   * group without a signed record (the end of the file) fails at its first record.
   */
  private static Optional<Failure> checkGroup(
      List<Parsed> group, long seq, String prev, GroupPublicKey key) {
    int n = group.size();
    Parsed end = group.get(n - 1);
    boolean signed = end.sig != null;
    boolean verified = signed && key.verify(end.hash.toBytes(), end.sig);
    // The authentic hash of each seq the signed record's chain reaches, walking back while each
    // record is the one the record after it links to.
    Map<Long, String> authentic = new HashMap<>();
    if (verified) {
      authentic.put(end.seq, end.hash.toHex());
      for (int j = n - 1; j > 0; j--) {
        Parsed r = group.get(j);
        if (!r.hash.toHex().equals(authentic.get(r.seq))) {
          break;
        }
        authentic.put(r.seq - 1, r.prev);
        if (group.get(j - 1).seq != r.seq - 1) {
          break;
        }
      }
    }
    String expectedPrev = prev;
    for (int j = 0; j < n; j++) {
      Parsed r = group.get(j);
      long expected = seq + j;
      long line = expected + 1;
      if (r.seq != expected) {
        return failure(
            line,
            "seq is "
                + r.seq
                + " where "
                + expected
                + " was expected (records were deleted, inserted or reordered before it)");
      }
      if (!r.prev.equals(expectedPrev)) {
        return failure(
            line,
            expected == 0
                ? "the first record's prev is not the genesis value (the chain's start is missing)"
                : "prev does not match the hash of the record before it (a record was edited,"
                    + " deleted or reordered)");
      }
      String proven = authentic.get(expected);
      if (proven != null && !proven.equals(r.hash.toHex())) {
        return failure(
            line,
            "the record is not the one the signed record on line "
                + (seq + n)
                + " links to (the record was edited, or put in the place of another)");
      }
      expectedPrev = r.hash.toHex();
    }
    if (!signed) {
      return failure(
          seq + 1,
          "the file ends with "
              + n
              + " record(s) that no signature covers (cut inside a group, or the group's signed"
              + " record was removed)");
    }
    if (!verified) {
      return failure(
          seq + n,
          "the signature does not verify under key "
              + key.toHex()
              + " (the record was edited, or written by another instance)"
              + (n > 1
                  ? "; the " + (n - 1) + " record(s) before it in its group are not proven"
                  : ""));
    }
    return Optional.empty();
  }

  private static Optional<Failure> failure(long line, String reason) {
    return Optional.of(new Failure(line, reason));
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
