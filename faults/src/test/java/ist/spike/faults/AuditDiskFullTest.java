package ist.spike.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.bench.stack.LocalStack;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.audit.AuditChainVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under Nexus's audit chain, made as {@link DiskFullTest} makes it: Nexus restarts
 * under a file-size limit ({@code ulimit -f}) just above its audit file's size, so the audit file
 * cannot grow while the database (reads only) does not need to. Fail-closed ({@code
 * SPIKE_NEXUS_AUDIT_REQUIRED=true}) must then answer 503 and never the secret; fail-open must keep
 * serving, and once space returns the chain must still verify (a failed write is cut back to the
 * last whole record).
 */
class AuditDiskFullTest {
  private static final String VALUE = "audit-disk-full-canary";

  @Test
  void auditFileFull_failClosed_answers503WithoutTheValue(@TempDir Path dir) throws Exception {
    try (LocalStack stack =
        LocalStack.builder(dir)
            .nexusEnv("SPIKE_NEXUS_AUDIT_REQUIRED", "true")
            .build()
            .startAll(Duration.ofSeconds(120))) {
      Nexus nexus = new Nexus(stack);
      assertThat(nexus.put("faults/audit", "value", VALUE).status()).isEqualTo(200);
      Nexus.Reply refused = fillAuditFile(stack, nexus);
      assertThat(refused).as("a read fails once the audit file cannot grow").isNotNull();
      System.out.println("a read with a full audit disk (fail-closed) answered " + refused);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.err()).isEqualTo("state_not_ready");
      assertThat(refused.body().toString()).doesNotContain(VALUE).contains("audit");
      Nexus.Reply next = nexus.get("faults/audit");
      assertThat(next.status()).as("still refused while the disk is full").isEqualTo(503);
      assertThat(next.body().toString()).doesNotContain(VALUE);
      assertThat(stack.nexus().orElseThrow().isAlive()).isTrue();

      // Space returns: serving again, and every record written verifies.
      stack.nexus().orElseThrow().kill();
      stack.startNexus();
      assertThat(stack.awaitReady(Duration.ofSeconds(60))).isTrue();
      assertThat(nexus.get("faults/audit").status()).isEqualTo(200);
      assertThat(verify(auditFile(stack)).failure()).isEmpty();
    }
  }

  @Test
  void auditFileFull_failOpen_servesAndTheChainStillVerifies(@TempDir Path dir) throws Exception {
    try (LocalStack stack = LocalStack.builder(dir).build().startAll(Duration.ofSeconds(120))) {
      Nexus nexus = new Nexus(stack);
      assertThat(nexus.put("faults/audit", "value", VALUE).status()).isEqualTo(200);
      assertThat(fillAuditFile(stack, nexus)).as("fail-open never refuses a read").isNull();

      stack.nexus().orElseThrow().kill();
      stack.startNexus();
      assertThat(stack.awaitReady(Duration.ofSeconds(60))).isTrue();
      assertThat(nexus.get("faults/audit").status()).isEqualTo(200);
      AuditChainVerifier.Report report = verify(auditFile(stack));
      assertThat(report.failure()).isEmpty();
      String text = Files.readString(auditFile(stack));
      assertThat(text).doesNotContain(VALUE);
      assertThat(report.records()).isGreaterThan(0);
    }
  }

  /**
   * Restarts Nexus with the file-size limit 16 KiB above its audit file and reads until a read
   * fails (returned) or 300 reads succeeded (null).
   */
  private static Nexus.Reply fillAuditFile(LocalStack stack, Nexus nexus) throws Exception {
    Path audit = auditFile(stack);
    long limit =
        Math.max(Files.size(audit), NexusFiles.largestWritten(stack.nexusDataDir(), "audit"))
            + 16 * 1024;
    stack.nexus().orElseThrow().kill();
    stack.startNexus(OptionalLong.of(limit));
    assertThat(stack.awaitReady(Duration.ofSeconds(60))).isTrue();
    for (int i = 0; i < 300; i++) {
      Nexus.Reply r = nexus.get("faults/audit");
      if (r.status() != 200) {
        return r;
      }
      assertThat(r.body().path("data").path("value").asText()).isEqualTo(VALUE);
    }
    assertThat(Files.size(audit)).as("the audit file reached the limit").isLessThanOrEqualTo(limit);
    return null;
  }

  private static Path auditFile(LocalStack stack) throws IOException {
    try (Stream<Path> files = Files.walk(stack.dir())) {
      return files
          .filter(p -> p.getFileName().toString().equals("nexus-audit.jsonl"))
          .findFirst()
          .orElseThrow();
    }
  }

  private static AuditChainVerifier.Report verify(Path file) throws IOException {
    GroupPublicKey key =
        GroupPublicKey.parseHex(
            Files.readString(file.resolveSibling("nexus-audit.key.pub")).strip());
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return AuditChainVerifier.verify(r, key);
    }
  }
}
