package ist.spike.nexus.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.RootKey;
import ist.spike.nexus.secret.InvalidInputException;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transit key service on real backends: its limits, check-and-set and sealed storage. */
final class TransitKeysTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private static Backend memory(RootKey key) {
    return BackendFactory.open(BackendConfig.of(BackendKind.MEMORY, Path.of("unused")), key);
  }

  @Test
  void rotate_beyond256Versions_refusedAndKeyUnchanged() throws Exception {
    try (RootKey key = RootKey.generate(RANDOM);
        Backend b = memory(key)) {
      TransitKeys keys = new TransitKeys(b, Clock.systemUTC(), RANDOM);
      keys.create("many", "", false);
      for (int i = 2; i <= TransitLimits.MAX_VERSIONS; i++) {
        assertThat(keys.rotate("many").latestVersion()).isEqualTo(i);
      }
      assertThatThrownBy(() -> keys.rotate("many"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "transit key many has 256 versions, the most a key may have; create a new key and"
                  + " rewrap into it");
      assertThat(keys.info("many").latestVersion()).isEqualTo(256);
      // every version still decrypts what it made: version 1 and 256 through the same keyring
      String last =
          keys.withKeyring(
              "many", r -> r.encrypt(new byte[] {7}, TransitKeys.aad("many")).format());
      assertThat(last).startsWith("spike:v256:");
    }
  }

  @Test
  void create_atKeyCap_refused_tombstonesCount_deletedNameReusable() throws Exception {
    try (RootKey key = RootKey.generate(RANDOM);
        Backend b = memory(key)) {
      TransitKeys keys = new TransitKeys(b, Clock.systemUTC(), RANDOM, 3);
      keys.create("a", "", true);
      keys.create("b", "", false);
      keys.create("c", "", false);
      assertThatThrownBy(() -> keys.create("d", "", false))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("at most 3 transit keys");
      keys.delete("a");
      assertThat(keys.list()).containsExactly("b", "c");
      assertThatThrownBy(() -> keys.create("d", "", false))
          .isInstanceOf(InvalidInputException.class);
      assertThat(keys.create("a", "", false).latestVersion()).isEqualTo(1);
      assertThat(keys.list()).containsExactly("a", "b", "c");
    }
  }

  @Test
  void concurrentRotations_noneLost() throws Exception {
    try (RootKey key = RootKey.generate(RANDOM);
        Backend b =
            BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("db")), key)) {
      TransitKeys keys = new TransitKeys(b, Clock.systemUTC(), RANDOM);
      keys.create("shared", "", false);
      // 4 writers × 5 rotations: a writer can lose at most 15 times in a row, below the retry cap
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Object>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          Callable<Object> writer =
              () -> {
                for (int i = 0; i < 5; i++) {
                  keys.rotate("shared");
                }
                return null;
              };
          done.add(pool.submit(writer));
        }
        for (Future<Object> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      TransitKeyState s = keys.info("shared");
      assertThat(s.latestVersion()).isEqualTo(21);
      assertThat(s.versions().keySet()).hasSize(21);
      keys.configure("shared", Optional.of(21), Optional.empty());
      assertThat(keys.info("shared").minDecryptionVersion()).isEqualTo(21);
    }
  }

  @Test
  void sqliteFiles_holdNoTransitValueInTheClear() throws Exception {
    Path db = dir.resolve("sealed");
    try (RootKey key = RootKey.generate(RANDOM);
        Backend b = BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, db), key)) {
      TransitKeys keys = new TransitKeys(b, Clock.systemUTC(), RANDOM);
      keys.create("sealed-key", "", true);
      keys.rotate("sealed-key");
    }
    byte[] type = "aes256-gcm".getBytes(StandardCharsets.US_ASCII);
    try (Stream<Path> files = Files.walk(db)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(f), type)).as(f.toString()).isEqualTo(-1);
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
