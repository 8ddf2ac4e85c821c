package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.RootKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SqliteStoreTest {
  @TempDir Path dir;

  private Path dataDir() {
    return dir.resolve("data");
  }

  private void withStore(Consumer<Backend> writes) {
    try (RootKey key = RootKey.generate(new SecureRandom());
        Backend b = BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dataDir()), key)) {
      writes.accept(b);
    }
  }

  private Set<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dataDir())) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  @Test
  void inspect_missingDirectory_emptyAndCreatesNothing() {
    assertThat(SqliteStore.inspect(dataDir())).isEqualTo(SqliteStore.Contents.EMPTY);
    assertThat(dataDir()).doesNotExist();
  }

  @Test
  void inspect_emptyDirectory_emptyAndCreatesNoDatabase() throws IOException {
    Files.createDirectories(dataDir());
    assertThat(SqliteStore.inspect(dataDir()).initialized()).isFalse();
    assertThat(files()).isEmpty();
  }

  @Test
  void inspect_freshStore_empty() throws IOException {
    withStore(b -> {});
    Set<String> before = files();
    assertThat(SqliteStore.inspect(dataDir())).isEqualTo(SqliteStore.Contents.EMPTY);
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void inspect_keyCheckOnly_hasKeyCheckNoData() {
    withStore(b -> b.storeKeyCheck(new byte[] {1, 2, 3}));
    SqliteStore.Contents c = SqliteStore.inspect(dataDir());
    assertThat(c.hasKeyCheck()).isTrue();
    assertThat(c.hasData()).isFalse();
    assertThat(c.initialized()).isTrue();
  }

  @Test
  void inspect_policyStored_hasData() {
    withStore(
        b ->
            b.upsertPolicy(
                "p",
                old ->
                    new PolicyRecord(
                        "p", ".*", "x", List.of("read"), Instant.EPOCH, Instant.EPOCH)));
    SqliteStore.Contents c = SqliteStore.inspect(dataDir());
    assertThat(c.hasData()).isTrue();
    assertThat(c.hasKeyCheck()).isFalse();
  }

  @Test
  void inspect_whileStoreOpen_seesUncheckpointedRows() {
    try (RootKey key = RootKey.generate(new SecureRandom());
        Backend b = BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dataDir()), key)) {
      b.storeKeyCheck(new byte[] {9});
      assertThat(SqliteStore.inspect(dataDir()).hasKeyCheck()).isTrue();
    }
  }

  @Test
  void inspect_notADatabase_storeException() throws IOException {
    Files.createDirectories(dataDir());
    Files.writeString(dataDir().resolve("spike.db"), "this is not a SQLite database file....");
    assertThatThrownBy(() -> SqliteStore.inspect(dataDir()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("spike.db");
  }
}
