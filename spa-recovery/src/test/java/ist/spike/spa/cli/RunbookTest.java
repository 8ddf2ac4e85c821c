package ist.spike.spa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the runbook block of {@code docs/spa-recovery.md} verbatim with bash, {@code spa-recovery}
 * being this module's CLI in its own JVM per command (production Argon2id, real files).
 */
class RunbookTest {
  @TempDir Path dir;

  static String runbookBlock() throws IOException {
    Path repo = Path.of(System.getProperty("spike.repo.dir", ".."));
    Path doc = repo.resolve("docs").resolve("spa-recovery.md");
    if (!Files.exists(doc)) {
      doc = Path.of("..", "docs", "spa-recovery.md");
    }
    String text = Files.readString(doc);
    int begin = text.indexOf("<!-- runbook:begin -->");
    int end = text.indexOf("<!-- runbook:end -->");
    assertThat(begin).as("runbook markers in %s", doc).isNotNegative().isLessThan(end);
    String block = text.substring(begin, end);
    int open = block.indexOf("```sh\n") + "```sh\n".length();
    int close = block.lastIndexOf("```");
    return block.substring(open, close);
  }

  @Test
  void runbook_runVerbatim_recoversVetoesAndAuditsValid() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String script =
        "set -euo pipefail\n"
            + "spa-recovery() { '"
            + java
            + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp \"$SPA_TEST_CP\""
            + " ist.spike.spa.cli.SpaRecoveryMain \"$@\"; }\n"
            + runbookBlock();
    Path file = dir.resolve("runbook.sh");
    Files.writeString(file, script);
    ProcessBuilder pb =
        new ProcessBuilder("bash", file.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true);
    pb.environment().put("SPA_TEST_CP", System.getProperty("java.class.path"));
    pb.environment().remove("SPA_TEST_CLOCK");
    pb.environment().remove("SPA_RECOVERY_HOME");
    Process p = pb.start();
    boolean done;
    String out;
    try {
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      done = p.waitFor(300, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }
    assertThat(done).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("recovery cancelled by bob")
        .contains("transition: recovery_probation_start")
        .contains("state: Live")
        .contains("repaired: device share")
        .containsPattern("chain: valid \\(\\d+ receipts, group key [0-9a-f]{64}, final state")
        .doesNotContain("error:")
        .doesNotContain("Exception");
    assertThat(dir.resolve("onboard.txt")).doesNotExist();
    assertThat(dir.resolve("spa-home").resolve("drill").resolve("receipts.jsonl")).exists();
  }
}
