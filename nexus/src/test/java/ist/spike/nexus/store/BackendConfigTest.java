package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class BackendConfigTest {
  @Test
  void fromEnvironment_unset_sqliteFullWal() {
    BackendConfig c = BackendConfig.fromEnvironment(Map.of("HOME", "/home/u"));
    assertThat(c.kind()).isEqualTo(BackendKind.SQLITE);
    assertThat(c.synchronous()).isEqualTo(SqliteSynchronous.FULL);
    assertThat(c.journalMode()).isEqualTo("WAL");
    assertThat(c.dataDir()).isEqualTo(Path.of("/home/u/.spike/data"));
  }

  @Test
  void fromEnvironment_values_parsedCaseInsensitively() {
    BackendConfig c =
        BackendConfig.fromEnvironment(
            Map.of(
                "SPIKE_NEXUS_BACKEND_STORE", " Memory ",
                "SPIKE_NEXUS_DATA_DIR", "/srv/spike",
                "SPIKE_NEXUS_DB_SYNCHRONOUS", "normal"));
    assertThat(c.kind()).isEqualTo(BackendKind.MEMORY);
    assertThat(c.synchronous()).isEqualTo(SqliteSynchronous.NORMAL);
    assertThat(c.dataDir()).isEqualTo(Path.of("/srv/spike/data"));
  }

  @Test
  void fromEnvironment_unknownBackend_errorNamesVariable() {
    assertThatThrownBy(
            () -> BackendConfig.fromEnvironment(Map.of("SPIKE_NEXUS_BACKEND_STORE", "mysql")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SPIKE_NEXUS_BACKEND_STORE must be one of memory, sqlite, lite, postgres; got 'mysql'");
  }

  @Test
  void fromEnvironment_badSynchronous_error() {
    assertThatThrownBy(
            () -> BackendConfig.fromEnvironment(Map.of("SPIKE_NEXUS_DB_SYNCHRONOUS", "fast")))
        .hasMessageContaining("SPIKE_NEXUS_DB_SYNCHRONOUS");
  }

  @Test
  void secretValues_toString_doesNotRevealValues() {
    assertThat(SecretValues.of(Map.of("pw", "hunter2")).toString())
        .isEqualTo("SecretValues[1 keys]");
  }
}
