package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code SPIKE_PILOT_ROLE} applies to every command, not only {@code spike operator}. */
final class PilotRoleSelectionTest {
  private static final Map<String, String> DEV_ENV =
      Map.of(
          "SPIKE_SVID_DIR", "/d/superuser",
          "SPIKE_PILOT_RECOVER_SVID_DIR", "/d/recover",
          "SPIKE_PILOT_RESTORE_SVID_DIR", "/d/restore");

  private record Run(int code, String err, Map<String, String> clientEnv) {}

  private static Run run(Map<String, String> env, String... args) {
    StringWriter err = new StringWriter();
    AtomicReference<Map<String, String>> seen = new AtomicReference<>();
    int code =
        PilotMain.run(
            args,
            env,
            new PrintWriter(new StringWriter()),
            new ByteArrayOutputStream(),
            new PrintWriter(err),
            new ByteArrayInputStream(new byte[0]),
            e -> {
              seen.set(e);
              throw new IllegalStateException("no client in this test");
            });
    return new Run(code, err.toString(), seen.get());
  }

  private static Map<String, String> with(String role) {
    Map<String, String> env = new java.util.HashMap<>(DEV_ENV);
    env.put("SPIKE_PILOT_ROLE", role);
    return env;
  }

  @Test
  void secretCommand_restoreRole_clientGetsRestoreSvidDir() {
    Run r = run(with("restore"), "secret", "list");
    assertThat(r.clientEnv()).containsEntry("SPIKE_SVID_DIR", "/d/restore");
  }

  @Test
  void policyCommand_recoverRole_clientGetsRecoverSvidDir() {
    Run r = run(with("recover"), "policy", "list");
    assertThat(r.clientEnv()).containsEntry("SPIKE_SVID_DIR", "/d/recover");
  }

  @Test
  void secretCommand_noRole_environmentUnchanged() {
    Run r = run(DEV_ENV, "secret", "list");
    assertThat(r.clientEnv()).containsEntry("SPIKE_SVID_DIR", "/d/superuser");
  }

  @Test
  void anyCommand_unknownRole_failsBeforeOpeningClient() {
    Run r = run(with("admin"), "secret", "list");
    assertThat(r.code()).isEqualTo(ApiErrors.FAILURE);
    assertThat(r.err()).contains("SPIKE_PILOT_ROLE must be superuser, recover or restore");
    assertThat(r.clientEnv()).isNull();
  }
}
