package ist.spike.receipts.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.receipts.CanonicalJson;
import ist.spike.receipts.JdkSigner;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The verifier over chains of version-2 records signed per group (ADR 0199). */
class GroupedAuditChainTest {
  private static final JdkSigner SIGNER = new JdkSigner();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A chain written as the server writes it, with the given group sizes. */
  static final class Chain {
    final List<String> lines = new ArrayList<>();
    final List<Integer> groupStart = new ArrayList<>(); // per line: index of its group's first line
    final List<Boolean> signed = new ArrayList<>();
  }

  static ObjectNode fields(int i) {
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    fields.put("event", "request");
    fields.put("route", "/v1/store/secrets");
    fields.put("path", "app/db-" + i);
    fields.put("status", 200);
    fields.put(AuditChainFormat.VERSION, AuditChainFormat.GROUPED);
    return fields;
  }

  static Chain chain(List<Integer> sizes) throws Exception {
    Chain c = new Chain();
    String prev = AuditChainFormat.GENESIS;
    int i = 0;
    for (int size : sizes) {
      int start = i;
      for (int k = 0; k < size; k++, i++) {
        AuditChainFormat.Linked linked = AuditChainFormat.link(fields(i), i, prev);
        boolean last = k == size - 1;
        c.lines.add(last ? AuditChainFormat.sign(linked, SIGNER).line() : linked.line());
        c.groupStart.add(start);
        c.signed.add(last);
        prev = linked.hash().toHex();
      }
    }
    return c;
  }

  static AuditChainVerifier.Report verify(List<String> lines) throws Exception {
    String text = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    return AuditChainVerifier.verify(
        new BufferedReader(new StringReader(text)), SIGNER.publicKey());
  }

  static long failedLine(List<String> lines) throws Exception {
    return verify(lines).failure().orElseThrow().line();
  }

  /** Changes a record's content and writes it back in canonical form, keeping its other fields. */
  static String edit(String line) throws Exception {
    ObjectNode record = (ObjectNode) MAPPER.readTree(line);
    record.put("status", record.get("status").intValue() + 1);
    return new String(CanonicalJson.encode(record), StandardCharsets.UTF_8);
  }

  @Property(tries = 60)
  void verify_randomGroupSizes_validAndCountsEveryRecord(
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 9) Integer> sizes)
      throws Exception {
    Chain c = chain(sizes);
    AuditChainVerifier.Report report = verify(c.lines);
    assertThat(report.failure()).isEmpty();
    assertThat(report.records()).isEqualTo(c.lines.size());
  }

  @Property(tries = 80)
  void verify_anyRecordEdited_namesThatRecord(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 8) Integer> sizes,
      @ForAll @IntRange(min = 0, max = 1000) int pick)
      throws Exception {
    Chain c = chain(sizes);
    int i = pick % c.lines.size();
    List<String> lines = new ArrayList<>(c.lines);
    lines.set(i, edit(lines.get(i)));
    AuditChainVerifier.Report report = verify(lines);
    assertThat(report.failure().orElseThrow().line()).isEqualTo(i + 1);
    // Nothing of the edited record's group counts as proven.
    assertThat(report.records()).isLessThanOrEqualTo(c.groupStart.get(i));
  }

  @Property(tries = 80)
  void verify_anyRecordButTheLastDeleted_namesTheRecordInItsPlace(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 8) Integer> sizes,
      @ForAll @IntRange(min = 0, max = 1000) int pick)
      throws Exception {
    Chain c = chain(sizes);
    if (c.lines.size() < 2) {
      return;
    }
    int i = pick % (c.lines.size() - 1);
    List<String> lines = new ArrayList<>(c.lines);
    lines.remove(i);
    assertThat(failedLine(lines)).isEqualTo(i + 1);
  }

  @Property(tries = 80)
  void verify_neighboursSwapped_namesTheFirstSwapped(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 8) Integer> sizes,
      @ForAll @IntRange(min = 0, max = 1000) int pick)
      throws Exception {
    Chain c = chain(sizes);
    if (c.lines.size() < 2) {
      return;
    }
    int i = pick % (c.lines.size() - 1);
    List<String> lines = new ArrayList<>(c.lines);
    Collections.swap(lines, i, i + 1);
    assertThat(failedLine(lines)).isEqualTo(i + 1);
  }

  @Property(tries = 80)
  void verify_forgedLinkedRecordInserted_namesTheInsertedRecord(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 8) Integer> sizes,
      @ForAll @IntRange(min = 0, max = 1000) int pick,
      @ForAll boolean signedWithAnotherKey)
      throws Exception {
    Chain c = chain(sizes);
    int i = pick % (c.lines.size() + 1);
    // The forger links the record properly (right seq, right prev) but has not the key.
    String prev =
        i == 0
            ? AuditChainFormat.GENESIS
            : AuditChainFormat.contentHash((ObjectNode) MAPPER.readTree(c.lines.get(i - 1)))
                .toHex();
    AuditChainFormat.Linked forged = AuditChainFormat.link(fields(9999), i, prev);
    String line =
        signedWithAnotherKey
            ? AuditChainFormat.sign(forged, new JdkSigner()).line()
            : forged.line();
    List<String> lines = new ArrayList<>(c.lines);
    lines.add(i, line);
    assertThat(failedLine(lines)).isEqualTo(i + 1);
  }

  @Property(tries = 80)
  void verify_cutAfterAnyLine_detectedUnlessAtAGroupsEnd(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 8) Integer> sizes,
      @ForAll @IntRange(min = 0, max = 1000) int pick)
      throws Exception {
    Chain c = chain(sizes);
    int keep = 1 + pick % c.lines.size();
    List<String> lines = new ArrayList<>(c.lines.subList(0, keep));
    AuditChainVerifier.Report report = verify(lines);
    if (c.signed.get(keep - 1)) {
      // Whole groups cut off the end leave a valid chain: the last hash is what shows it.
      assertThat(report.failure()).isEmpty();
      assertThat(report.records()).isEqualTo(keep);
    } else {
      int start = c.groupStart.get(keep - 1);
      assertThat(report.failure().orElseThrow().line()).isEqualTo(start + 1);
      assertThat(report.failure().get().reason()).contains("no signature covers");
      assertThat(report.records()).isEqualTo(start);
    }
  }

  @Test
  void verify_everyByteOfARecordInAGroupFlipped_namesThatRecord() throws Exception {
    Chain c = chain(List.of(2, 3, 2));
    for (int target : new int[] {2, 3, 4}) { // the second group: two inner records, its signed one
      byte[] bytes = c.lines.get(target).getBytes(StandardCharsets.UTF_8);
      for (int pos = 0; pos < bytes.length; pos++) {
        byte[] copy = bytes.clone();
        copy[pos] ^= (byte) (pos % 2 == 0 ? 0x01 : 0x20);
        List<String> tampered = new ArrayList<>(c.lines);
        tampered.set(target, new String(copy, StandardCharsets.UTF_8));
        AuditChainVerifier.Report report = verify(tampered);
        assertThat(report.failure()).as("line %d byte %d", target, pos).isPresent();
        assertThat(report.failure().get().line())
            .as("line %d byte %d", target, pos)
            .isEqualTo(target + 1);
      }
    }
  }

  @Test
  void verify_oldFileThenGroupedRecords_verifies() throws Exception {
    // Records as every release before ADR 0199 wrote them: each signed, version 1.
    List<String> lines = new ArrayList<>();
    String prev = AuditChainFormat.GENESIS;
    for (int i = 0; i < 3; i++) {
      ObjectNode f = fields(i);
      f.put(AuditChainFormat.VERSION, AuditChainFormat.SIGNED_EACH);
      AuditChainFormat.Sealed sealed = AuditChainFormat.seal(f, i, prev, SIGNER);
      lines.add(sealed.line());
      prev = sealed.hash().toHex();
    }
    AuditChainFormat.Linked inner = AuditChainFormat.link(fields(3), 3, prev);
    AuditChainFormat.Linked end = AuditChainFormat.link(fields(4), 4, inner.hash().toHex());
    lines.add(inner.line());
    lines.add(AuditChainFormat.sign(end, SIGNER).line());
    assertThat(verify(lines).failure()).isEmpty();
    assertThat(verify(lines).records()).isEqualTo(5);
  }

  @Test
  void verify_unsignedRecordOfVersionOne_refused() throws Exception {
    ObjectNode f = fields(0);
    f.put(AuditChainFormat.VERSION, AuditChainFormat.SIGNED_EACH);
    AuditChainFormat.Linked a = AuditChainFormat.link(f, 0, AuditChainFormat.GENESIS);
    AuditChainFormat.Linked b = AuditChainFormat.link(fields(1), 1, a.hash().toHex());
    List<String> lines = List.of(a.line(), AuditChainFormat.sign(b, SIGNER).line());
    assertThat(failedLine(lines)).isEqualTo(1);
    assertThat(verify(lines).failure().get().reason()).contains("sig is missing");
  }

  @Test
  void verify_unknownVersion_refusedNamingIt() throws Exception {
    ObjectNode f = fields(0);
    f.put(AuditChainFormat.VERSION, 3);
    List<String> lines =
        List.of(AuditChainFormat.seal(f, 0, AuditChainFormat.GENESIS, SIGNER).line());
    assertThat(verify(lines).failure().orElseThrow().reason()).contains("version 3");
  }

  @Test
  void verify_runLongerThanAGroup_refusedAtTheLimit() throws Exception {
    List<String> lines = new ArrayList<>();
    String prev = AuditChainFormat.GENESIS;
    for (int i = 0; i < AuditChainFormat.MAX_GROUP_RECORDS + 5; i++) {
      AuditChainFormat.Linked l = AuditChainFormat.link(fields(i), i, prev);
      lines.add(l.line());
      prev = l.hash().toHex();
    }
    AuditChainVerifier.Report report = verify(lines);
    assertThat(report.failure().orElseThrow().line()).isEqualTo(AuditChainFormat.MAX_GROUP_RECORDS);
    assertThat(report.failure().get().reason()).contains("without a signature");
  }

  @Test
  void verify_groupSignedByAnotherKey_namesTheSignedRecordAndProvesNone() throws Exception {
    Chain c = chain(List.of(1, 3));
    AuditChainVerifier.Report report =
        AuditChainVerifier.verify(
            new BufferedReader(new StringReader(String.join("\n", c.lines) + "\n")),
            new JdkSigner().publicKey());
    assertThat(report.failure().orElseThrow().line()).isEqualTo(1);
    List<String> lines = new ArrayList<>(c.lines);
    lines.set(3, edit(lines.get(3)));
    report = verify(lines);
    assertThat(report.failure().orElseThrow().line()).isEqualTo(4);
    assertThat(report.failure().get().reason())
        .contains("signature does not verify")
        .contains("2 record(s) before it in its group are not proven");
    assertThat(report.records()).isEqualTo(1);
  }
}
