package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures of a whole Nexus in this JVM: the parts made in parallel report as before. */
class NexusStartTest {
  @TempDir Path dir;

  @Test
  void start_auditChainCannotBeOpened_failsNamingTheFile() throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("td"));
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a directory");
    Map<String, String> env = new HashMap<>();
    env.put("SPIKE_SVID_DIR", td.svidDirFor(SpikeRole.NEXUS).toString());
    env.put("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:0");
    env.put("SPIKE_NEXUS_DATA_DIR", dir.resolve("nexus").toString());
    env.put("SPIKE_NEXUS_BACKEND_STORE", "sqlite");
    env.put("SPIKE_NEXUS_KEEPER_PEERS", "https://127.0.0.1:9,https://127.0.0.1:11");
    env.put("SPIKE_NEXUS_SHAMIR_THRESHOLD", "2");
    env.put("SPIKE_NEXUS_SHAMIR_SHARES", "2");
    env.put("SPIKE_NEXUS_AUDIT_FILE", blocker.resolve("nexus-audit.jsonl").toString());

    assertThatThrownBy(() -> NexusMain.Nexus.start(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(blocker.toString());
  }
}
