package ist.spike.pilot.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.pilot.PilotMain;
import ist.spike.receipts.audit.AuditKeys;
import ist.spike.server.audit.AuditRequest;
import ist.spike.server.audit.ChainedAuditFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyCommandTest {
  record Result(int code, String out, String err) {}

  @TempDir Path dir;
  Path file;
  List<String> lines;

  @BeforeEach
  void writeChain() throws Exception {
    file = dir.resolve("nexus-audit.jsonl");
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("nexus-audit.key"));
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", keys, false, n -> {})) {
      for (int i = 0; i < 5; i++) {
        audit.request(
            new AuditRequest(
                "trail00" + i,
                "spiffe://spike.ist/spike/pilot/role/superuser",
                "POST",
                "/v1/store/secrets",
                "get",
                200,
                "",
                1000,
                Map.of("path", "app/" + i)));
      }
    }
    lines = Files.readAllLines(file);
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        PilotMain.run(
            args,
            Map.of(),
            new PrintWriter(out, true),
            new ByteArrayOutputStream(),
            new PrintWriter(err, true),
            new ByteArrayInputStream(new byte[0]),
            env -> {
              throw new IllegalStateException("audit verify must not connect to Nexus");
            });
    return new Result(code, out.toString(), err.toString());
  }

  Result verifyWith(List<String> changed) throws Exception {
    Files.write(file, changed);
    return run("audit", "verify", file.toString());
  }

  @Test
  void verify_intactChainWithKeyBesideIt_ok() {
    Result r = run("audit", "verify", file.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("OK: ")
        .contains("5 records verify")
        .contains("last record hash");
  }

  @Test
  void verify_oneByteEdited_failsNamingTheRecord() throws Exception {
    List<String> changed = new ArrayList<>(lines);
    changed.set(3, changed.get(3).replace("app/3", "app/4"));
    Result r = verifyWith(changed);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("record 4 (line 4)").contains("signature does not verify");
  }

  @Test
  void verify_recordDeleted_failsNamingTheRecordAfterTheGap() throws Exception {
    List<String> changed = new ArrayList<>(lines);
    changed.remove(2);
    Result r = verifyWith(changed);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("record 3 (line 3)").contains("seq is 3 where 2 was expected");
  }

  @Test
  void verify_recordsSwapped_failsNamingTheFirstOfThem() throws Exception {
    List<String> changed = new ArrayList<>(lines);
    Collections.swap(changed, 1, 2);
    Result r = verifyWith(changed);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("record 2 (line 2)");
  }

  @Test
  void verify_explicitKeyOfAnotherInstance_fails() throws Exception {
    AuditKeys other = AuditKeys.loadOrCreate(dir.resolve("other.key"));
    Result r = run("audit", "verify", file.toString(), "--public-key", other.publicKey().toHex());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("record 1 (line 1)");
  }

  @Test
  void verify_missingFileOrKey_failsWithWhatToFix() throws Exception {
    Result r = run("audit", "verify", dir.resolve("nope.jsonl").toString(), "-k", "00");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("Error:");
    Files.delete(dir.resolve("nexus-audit.key.pub"));
    Result noKey = run("audit", "verify", file.toString());
    assertThat(noKey.code()).isEqualTo(1);
    assertThat(noKey.err()).contains("no --public-key given");
  }
}
