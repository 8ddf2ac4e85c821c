package ist.spike.receipts.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.junit.jupiter.api.Test;

class AuditChainVerifierTest {
  private static final JdkSigner SIGNER = new JdkSigner();

  static List<String> chain(int n) throws Exception {
    List<String> lines = new ArrayList<>();
    String prev = AuditChainFormat.GENESIS;
    for (int i = 0; i < n; i++) {
      ObjectNode fields = JsonNodeFactory.instance.objectNode();
      fields.put("event", "request");
      fields.put("route", "/v1/store/secrets");
      fields.put("path", "app/db-" + i);
      fields.put("status", 200);
      AuditChainFormat.Sealed sealed = AuditChainFormat.seal(fields, i, prev, SIGNER);
      lines.add(sealed.line());
      prev = sealed.hash().toHex();
    }
    return lines;
  }

  static AuditChainVerifier.Report verify(List<String> lines) throws Exception {
    String text = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    return AuditChainVerifier.verify(
        new BufferedReader(new StringReader(text)), SIGNER.publicKey());
  }

  @Test
  void verify_intactChain_validWithLastHash() throws Exception {
    List<String> lines = chain(5);
    AuditChainVerifier.Report report = verify(lines);
    assertThat(report.isValid()).isTrue();
    assertThat(report.records()).isEqualTo(5);
    assertThat(report.lastHash()).isPresent();
  }

  @Test
  void verify_everyByteOfARecordFlipped_namesThatRecord() throws Exception {
    List<String> lines = chain(4);
    byte[] bytes = lines.get(2).getBytes(StandardCharsets.UTF_8);
    for (int pos = 0; pos < bytes.length; pos++) {
      byte[] copy = bytes.clone();
      copy[pos] ^= (byte) (pos % 2 == 0 ? 0x01 : 0x20);
      List<String> tampered = new ArrayList<>(lines);
      tampered.set(2, new String(copy, StandardCharsets.UTF_8));
      AuditChainVerifier.Report report = verify(tampered);
      assertThat(report.failure()).as("byte %d", pos).isPresent();
      assertThat(report.failure().get().line()).as("byte %d", pos).isEqualTo(3);
    }
  }

  @Test
  void verify_recordDeleted_namesTheRecordAfterTheGap() throws Exception {
    List<String> lines = new ArrayList<>(chain(5));
    lines.remove(1);
    AuditChainVerifier.Report report = verify(lines);
    assertThat(report.failure().orElseThrow().line()).isEqualTo(2);
    assertThat(report.failure().get().reason()).contains("seq is 2 where 1 was expected");
  }

  @Test
  void verify_firstRecordDeleted_refused() throws Exception {
    List<String> lines = new ArrayList<>(chain(3));
    lines.remove(0);
    assertThat(verify(lines).failure().orElseThrow().line()).isEqualTo(1);
  }

  @Test
  void verify_twoRecordsSwapped_namesTheFirstSwapped() throws Exception {
    List<String> lines = new ArrayList<>(chain(5));
    Collections.swap(lines, 2, 3);
    assertThat(verify(lines).failure().orElseThrow().line()).isEqualTo(3);
  }

  @Test
  void verify_resequencedButRelinkedWithoutTheKey_failsOnSignature() throws Exception {
    List<String> lines = new ArrayList<>(chain(3));
    // A forger who renumbers a record cannot re-sign it.
    lines.set(1, lines.get(1).replace("\"seq\":1", "\"seq\":1 "));
    assertThat(verify(lines).failure().orElseThrow().reason()).contains("canonical");
  }

  @Test
  void verify_otherInstancesKey_refused() throws Exception {
    List<String> lines = chain(2);
    AuditChainVerifier.Report report =
        AuditChainVerifier.verify(
            new BufferedReader(new StringReader(String.join("\n", lines))),
            new JdkSigner().publicKey());
    assertThat(report.failure().orElseThrow().line()).isEqualTo(1);
    assertThat(report.failure().get().reason()).contains("signature does not verify");
  }

  @Test
  void verify_emptyOrOversizedLine_refusedWithReason() throws Exception {
    assertThat(verify(List.of()).failure().orElseThrow().reason()).contains("no records");
    List<String> lines = new ArrayList<>(chain(1));
    lines.add("x".repeat(AuditChainFormat.MAX_LINE_CHARS + 10));
    AuditChainVerifier.Report report = verify(lines);
    assertThat(report.failure().orElseThrow().line()).isEqualTo(2);
    assertThat(report.failure().get().reason()).contains("longer than");
  }

  @Property(tries = 30)
  void verify_anyDeletionOrSwap_detectedAtTheFirstChangedPosition(
      @ForAll @IntRange(min = 2, max = 8) int n,
      @ForAll @IntRange(min = 0, max = 7) int a,
      @ForAll boolean delete)
      throws Exception {
    int i = a % (n - 1);
    List<String> lines = new ArrayList<>(chain(n));
    if (delete) {
      lines.remove(i);
    } else {
      Collections.swap(lines, i, i + 1);
    }
    assertThat(verify(lines).failure().orElseThrow().line()).isEqualTo(i + 1);
  }
}
