package ist.spike.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.bench.stack.LocalStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under Nexus. Tests run as root here, so a read-only directory (chmod) would not stop
 * anything and mounting a small filesystem needs privileges CI does not have; instead Nexus runs
 * under the kernel's per-process file-size limit ({@code ulimit -f}, RLIMIT_FSIZE) set just above
 * its files' current size: its SQLite files can no longer grow, and the write that needs more space
 * fails with EFBIG exactly where a full disk fails with ENOSPC. Writes must then fail with {@code
 * 507 store_unavailable} and a message that says what to fix, reads must keep working, and after
 * the limit is lifted ("space returns") everything acknowledged is intact, SQLite's integrity check
 * passes, and writes work again.
 */
class DiskFullTest {
  private static final String BIG = "x".repeat(8192);

  @Test
  void fileSizeLimit_writesFailReadsWork_noCorruptionAfterSpaceReturns(@TempDir Path dir)
      throws Exception {
    try (LocalStack stack = LocalStack.builder(dir).build().startAll(Duration.ofSeconds(120))) {
      Nexus nexus = new Nexus(stack);
      Map<String, String> acked = new LinkedHashMap<>();
      for (int i = 0; i < 5; i++) {
        String path = "faults/before/" + i;
        assertThat(nexus.put(path, "value", "v" + i).status()).isEqualTo(200);
        acked.put(path, "v" + i);
      }
      long largest = NexusFiles.largestWritten(stack.nexusDataDir(), "");
      stack.nexus().orElseThrow().kill();
      stack.startNexus(OptionalLong.of(largest + 64 * 1024));
      assertThat(stack.awaitReady(Duration.ofSeconds(60)))
          .as("Nexus starts on a full disk")
          .isTrue();

      Nexus.Reply failed = null;
      for (int i = 0; i < 200 && failed == null; i++) {
        String path = "faults/full/" + i;
        Nexus.Reply r = nexus.put(path, "value", BIG + i);
        if (r.status() == 200) {
          acked.put(path, BIG + i);
        } else {
          failed = r;
        }
      }
      assertThat(failed).as("a write fails once the files cannot grow").isNotNull();
      System.out.println("a write on a full disk answered " + failed);
      assertThat(failed.status())
          .as("a write on a full disk answers 507 Insufficient Storage: %s", failed.body())
          .isEqualTo(507);
      assertThat(failed.err()).as("the error answer names the code").isEqualTo("store_unavailable");
      assertThat(failed.body().path("message").asText())
          .as("the error answer says what to fix")
          .contains("disk full or read-only data directory")
          .contains("free space");
      assertThat(stack.nexus().orElseThrow().isAlive()).as("Nexus survives a full disk").isTrue();
      for (Map.Entry<String, String> e : acked.entrySet()) {
        Nexus.Reply r = nexus.get(e.getKey());
        assertThat(r.status()).as("read of %s on a full disk", e.getKey()).isEqualTo(200);
        assertThat(r.body().path("data").path("value").asText()).isEqualTo(e.getValue());
      }

      // Space returns: the same data directory without the limit.
      stack.nexus().orElseThrow().kill();
      stack.startNexus();
      assertThat(stack.awaitReady(Duration.ofSeconds(60))).isTrue();
      for (Map.Entry<String, String> e : acked.entrySet()) {
        Nexus.Reply r = nexus.get(e.getKey());
        assertThat(r.status()).as("read of %s after space returns", e.getKey()).isEqualTo(200);
        assertThat(r.body().path("data").path("value").asText()).isEqualTo(e.getValue());
      }
      assertThat(nexus.put("faults/after", "value", "again").status()).isEqualTo(200);
      assertThat(nexus.get("faults/after").body().path("data").path("value").asText())
          .isEqualTo("again");
      for (Path db : sqliteFiles(stack.nexusDataDir())) {
        assertThat(integrityCheck(db)).as("PRAGMA integrity_check of %s", db).isEqualTo("ok");
      }
    }
  }

  private static List<Path> sqliteFiles(Path dir) throws IOException {
    byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> dbs =
          files
              .filter(Files::isRegularFile)
              .filter(
                  p -> {
                    try (InputStream in = Files.newInputStream(p)) {
                      return Arrays.equals(in.readNBytes(magic.length), magic);
                    } catch (IOException e) {
                      return false;
                    }
                  })
              .toList();
      assertThat(dbs).as("SQLite databases in %s", dir).isNotEmpty();
      return dbs;
    }
  }

  private static String integrityCheck(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
