package ist.spike.pilot.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PilotRoleEnvTest {
  final Map<String, String> devEnv =
      Map.of(
          "SPIKE_SVID_DIR", "/d/superuser",
          "SPIKE_PILOT_RECOVER_SVID_DIR", "/d/recover",
          "SPIKE_PILOT_RESTORE_SVID_DIR", "/d/restore",
          "SPIFFE_ENDPOINT_SOCKET", "unix:///x");

  @Test
  void apply_roleSet_switchesTheSvidDirectory() {
    Map<String, String> env = new java.util.HashMap<>(devEnv);
    env.put("SPIKE_PILOT_ROLE", "Recover");
    Map<String, String> applied = PilotRoleEnv.apply(env);
    assertThat(applied).containsEntry("SPIKE_SVID_DIR", "/d/recover");
    assertThat(applied).doesNotContainKey("SPIFFE_ENDPOINT_SOCKET");
  }

  @Test
  void apply_noRoleOrSuperuserOrNoRoleDirectory_keepsTheEnvironment() {
    assertThat(PilotRoleEnv.apply(devEnv)).isSameAs(devEnv);
    Map<String, String> su = new java.util.HashMap<>(devEnv);
    su.put("SPIKE_PILOT_ROLE", "superuser");
    assertThat(PilotRoleEnv.apply(su)).containsEntry("SPIKE_SVID_DIR", "/d/superuser");
    Map<String, String> spire = Map.of("SPIKE_PILOT_ROLE", "restore");
    assertThat(PilotRoleEnv.apply(spire)).isSameAs(spire);
  }

  @Test
  void apply_unknownRole_isRefusedNamingTheVariable() {
    assertThatThrownBy(() -> PilotRoleEnv.apply(Map.of("SPIKE_PILOT_ROLE", "admin")))
        .hasMessageContaining(
            "SPIKE_PILOT_ROLE must be superuser, recover or restore; got 'admin'");
  }
}
