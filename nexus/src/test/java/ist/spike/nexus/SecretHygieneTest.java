package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.client.SpikeClient;
import ist.spike.identity.SpikeRole;
import ist.spike.nexus.store.BackendKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs and audit records written while secrets flow through Nexus — including failures, refusals
 * and integrity errors — never contain a secret value (issue 5, done-when 4).
 */
final class SecretHygieneTest {
  private static final String VALUE = "s3cr3t-value-Zq8x";
  private static final String KEY_VALUE = "hunter2-Pw-77";
  private static final String CIPHER_PLAIN = "plaintext-for-cipher-Kk1";

  @Test
  void logsAndAudit_afterTrafficAndFailures_containNoSecretValue(@TempDir Path dir)
      throws Exception {
    try (NexusHarness nexus = new NexusHarness(dir, BackendKind.SQLITE)) {
      SpikeClient su = nexus.client(SpikeRole.PILOT_SUPERUSER);
      SpikeClient stranger = nexus.client(nexus.td.id("workload/stranger"));
      su.secrets().put("h/db", Map.of("password", KEY_VALUE, "v", VALUE));
      su.secrets().get("h/db");
      su.secrets().metadata("h/db", 0);
      su.secrets().delete("h/db", List.of(1));
      su.secrets().undelete("h/db", List.of(1));
      assertThatThrownBy(() -> stranger.secrets().get("h/db")).isNotNull();
      assertThatThrownBy(() -> su.secrets().put("bad path!", Map.of("k", VALUE))).isNotNull();
      assertThatThrownBy(() -> su.secrets().put("h/x", Map.of("bad.key", VALUE))).isNotNull();
      var m = su.cipher().encrypt(CIPHER_PLAIN.getBytes(StandardCharsets.UTF_8));
      su.cipher().decrypt(m);
      // a stream-mode decrypt failure and a JSON-mode one
      byte[] bad = m.toStreamBytes();
      bad[bad.length - 1] ^= 1;
      assertThatThrownBy(
              () ->
                  su.cipher()
                      .decryptStream(
                          new java.io.ByteArrayInputStream(bad),
                          new java.io.ByteArrayOutputStream()))
          .isNotNull();
      // raw requests carrying secrets in malformed bodies
      var http = nexus.http(nexus.td.idOf(SpikeRole.PILOT_SUPERUSER));
      NexusHarness.postJson(
          http,
          nexus.uri(),
          "/v1/store/secrets",
          "{\"path\":\"h/y\",\"values\":{\"k\":\"" + VALUE + "\"");
      NexusHarness.postJson(
          http,
          nexus.uri(),
          "/v1/store/secrets?action=get",
          "{\"path\":\"" + VALUE + "\",\"version\":\"x\"}");
      // an integrity failure: corrupt the stored values and read them
      corrupt(dir.resolve("data").resolve("spike.db"));
      assertThatThrownBy(() -> su.secrets().get("h/db")).isNotNull();

      List<String> lines = nexus.logLines();
      assertThat(lines).isNotEmpty();
      assertThat(lines).anyMatch(l -> l.contains("spike.audit"));
      String b64 =
          Base64.getEncoder().encodeToString(CIPHER_PLAIN.getBytes(StandardCharsets.UTF_8));
      for (String line : lines) {
        assertThat(line)
            .doesNotContain(VALUE)
            .doesNotContain(KEY_VALUE)
            .doesNotContain(CIPHER_PLAIN)
            .doesNotContain(b64);
      }
    }
  }

  private static void corrupt(Path db) throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE secret_versions SET encrypted_values = zeroblob(64) WHERE path = 'h/db'");
    }
    try (Stream<Path> files = Files.list(db.getParent())) {
      assertThat(files.count()).isPositive();
    }
  }
}
