package ist.spike.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.receipts.audit.AuditChainVerifier;
import ist.spike.receipts.audit.AuditKeys;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainedAuditFileTest {
  @TempDir Path dir;

  static AuditRequest get(String path) {
    return new AuditRequest(
        "abcdefgh",
        "spiffe://spike.ist/spike/pilot/role/superuser",
        "POST",
        "/v1/store/secrets",
        "get",
        200,
        "",
        1_500_000,
        Map.of("path", path, "versions", "1"));
  }

  static AuditChainVerifier.Report verify(Path file, AuditKeys keys) throws Exception {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return AuditChainVerifier.verify(r, keys.publicKey());
    }
  }

  @Test
  void open_newFileAndKey_createdOwnerOnlyAndChainVerifies() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("keys/audit.key"));
    Path file = dir.resolve("audit/nexus-audit.jsonl");
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", keys, false, n -> {})) {
      assertThat(audit.request(get("app/db"))).isTrue();
      assertThat(audit.event("root_key_rebuilt", "ok", Map.of("source", "keepers"))).isTrue();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("keys/audit.key"))))
        .isEqualTo("rw-------");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .contains("\"resource\":{\"path\":\"app/db\",\"versions\":\"1\"}")
        .contains("\"peer\":\"spiffe://spike.ist/spike/pilot/role/superuser\"")
        .contains("\"route\":\"/v1/store/secrets\"")
        .contains("\"action\":\"get\"")
        .contains("\"duration_us\":1500")
        .contains("\"seq\":0");
    assertThat(lines.get(1)).contains("\"event\":\"root_key_rebuilt\"").contains("\"seq\":1");
    assertThat(verify(file, keys).isValid()).isTrue();
  }

  @Test
  void open_existingChain_continuesItAcrossRestartsWithTheSameKey() throws Exception {
    Path keyFile = dir.resolve("audit.key");
    Path file = dir.resolve("audit.jsonl");
    try (ChainedAuditFile audit =
        ChainedAuditFile.open(file, "nexus", AuditKeys.loadOrCreate(keyFile), false, n -> {})) {
      audit.request(get("a"));
    }
    try (ChainedAuditFile audit =
        ChainedAuditFile.open(file, "nexus", AuditKeys.loadOrCreate(keyFile), false, n -> {})) {
      audit.request(get("b"));
    }
    AuditChainVerifier.Report report = verify(file, AuditKeys.loadOrCreate(keyFile));
    assertThat(report.failure()).isEmpty();
    assertThat(report.records()).isEqualTo(2);
  }

  @Test
  void open_tornLastLine_cutAndChainContinues() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit.key"));
    Path file = dir.resolve("audit.jsonl");
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", keys, false, n -> {})) {
      audit.request(get("a"));
    }
    Files.writeString(file, "{\"event\":\"requ", StandardOpenOption.APPEND);
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", keys, false, n -> {})) {
      audit.request(get("b"));
    }
    assertThat(verify(file, keys).records()).isEqualTo(2);
    assertThat(verify(file, keys).isValid()).isTrue();
  }

  @Test
  void open_lastLineNotARecord_refusedNamingTheFile() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit.key"));
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(file, "not json\n");
    assertThatThrownBy(() -> ChainedAuditFile.open(file, "nexus", keys, false, n -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("spike audit verify");
  }

  @Test
  void request_diskFullFailOpen_countsLostAndReportsThemWhenWritableAgain() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit.key"));
    AtomicLong counted = new AtomicLong();
    // /dev/full answers every write with ENOSPC, as a full file system does.
    try (ChainedAuditFile audit =
        ChainedAuditFile.open(Path.of("/dev/full"), "nexus", keys, false, counted::addAndGet)) {
      assertThat(audit.request(get("a"))).isFalse();
      assertThat(audit.request(get("b"))).isFalse();
      assertThat(audit.admits()).isTrue();
      assertThat(audit.lostRecords()).isEqualTo(2);
      assertThat(counted.get()).isEqualTo(2);
    }
  }

  @Test
  void request_diskFullFailClosed_refusesUntilAWriteSucceeds() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit.key"));
    try (ChainedAuditFile audit =
        ChainedAuditFile.open(Path.of("/dev/full"), "nexus", keys, true, n -> {})) {
      assertThat(audit.admits()).isTrue();
      assertThat(audit.request(get("a"))).isFalse();
      assertThat(audit.admits()).isFalse();
    }
  }

  @Test
  void loadOrCreate_publicKeyOfAnotherKey_refused() throws Exception {
    Path a = dir.resolve("a.key");
    Path b = dir.resolve("b.key");
    AuditKeys.loadOrCreate(a);
    AuditKeys.loadOrCreate(b);
    Files.copy(
        AuditKeys.publicKeyFile(b),
        AuditKeys.publicKeyFile(a),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> AuditKeys.loadOrCreate(a))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not belong");
  }
}
