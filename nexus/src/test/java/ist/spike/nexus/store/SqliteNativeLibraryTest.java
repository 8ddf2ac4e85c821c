package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SqliteNativeLibraryTest {
  @TempDir Path dir;
  private String savedPath;
  private String savedName;

  @BeforeEach
  void clearProperties() {
    savedPath = System.clearProperty(SqliteNativeLibrary.LIB_PATH);
    savedName = System.clearProperty(SqliteNativeLibrary.LIB_NAME);
  }

  @AfterEach
  void restoreProperties() {
    restore(SqliteNativeLibrary.LIB_PATH, savedPath);
    restore(SqliteNativeLibrary.LIB_NAME, savedName);
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  @Test
  void extractsOncePrivatelyAndPointsSqliteJdbcAtTheCopy() throws Exception {
    Optional<Path> first = SqliteNativeLibrary.useCopyIn(dir);

    assertThat(first).isPresent();
    Path lib = first.get();
    assertThat(lib.getParent().getParent()).isEqualTo(dir.resolve("native"));
    assertThat(lib.getParent().getFileName().toString()).startsWith("sqlite-jdbc-3.");
    for (Path d : List.of(lib.getParent(), lib.getParent().getParent())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d)))
          .isEqualTo("rwx------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lib)))
        .isEqualTo("rw-------");
    assertThat(Files.size(lib)).isGreaterThan(100_000);
    assertThat(System.getProperty(SqliteNativeLibrary.LIB_PATH))
        .isEqualTo(lib.getParent().toAbsolutePath().toString());
    assertThat(System.getProperty(SqliteNativeLibrary.LIB_NAME))
        .isEqualTo(lib.getFileName().toString());
    try (var files = Files.list(lib.getParent())) {
      assertThat(files).containsExactly(lib); // no temporary file left behind
    }

    // a restart finds the copy and does not write it again
    Files.setLastModifiedTime(lib, FileTime.fromMillis(1_000_000_000_000L));
    System.clearProperty(SqliteNativeLibrary.LIB_PATH);
    assertThat(SqliteNativeLibrary.useCopyIn(dir)).contains(lib);
    assertThat(Files.getLastModifiedTime(lib).toMillis()).isEqualTo(1_000_000_000_000L);
  }

  @Test
  void leavesSqliteJdbcsDefaultBeforeTheDataDirectoryExists() {
    Path absent = dir.resolve("not-yet");

    assertThat(SqliteNativeLibrary.useCopyIn(absent)).isEmpty();
    assertThat(absent).doesNotExist();
    assertThat(System.getProperty(SqliteNativeLibrary.LIB_PATH)).isNull();
  }

  @Test
  void keepsALibraryPathTheOperatorSet() {
    System.setProperty(SqliteNativeLibrary.LIB_PATH, "/opt/sqlite");

    assertThat(SqliteNativeLibrary.useCopyIn(dir)).isEmpty();
    assertThat(System.getProperty(SqliteNativeLibrary.LIB_PATH)).isEqualTo("/opt/sqlite");
    assertThat(dir.resolve("native")).doesNotExist();
  }

  @Test
  void aLinkInPlaceOfTheLibraryIsReplacedNotFollowed() throws Exception {
    Path lib = SqliteNativeLibrary.useCopyIn(dir).orElseThrow();
    Path elsewhere = Files.writeString(dir.resolve("elsewhere.so"), "not a library");
    Files.delete(lib);
    Files.createSymbolicLink(lib, elsewhere);
    System.clearProperty(SqliteNativeLibrary.LIB_PATH);

    assertThat(SqliteNativeLibrary.useCopyIn(dir)).contains(lib);
    assertThat(Files.isSymbolicLink(lib)).isFalse();
    assertThat(Files.size(lib)).isGreaterThan(100_000);
    assertThat(Files.readString(elsewhere)).isEqualTo("not a library");
  }
}
