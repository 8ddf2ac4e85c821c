package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.SpikeSealed;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.rootkey.KeeperUnavailableException;
import ist.spike.nexus.rotation.MapKeepers;
import ist.spike.nexus.rotation.RotationDriver;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nexus's activation of a store that records key generations: after a rotation only the new key (or
 * an interrupted rotation's either key) opens it, data and old SPIKE cipher texts stay readable,
 * and the superseded key is refused with a message naming the rotation.
 */
class RotationActivationTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ShamirParameters TWO_OF_THREE = new ShamirParameters(2, 3);

  @TempDir Path dir;
  private BackendConfig config;
  private RootKey old;
  private Backend store;
  private SpikeSealed oldCipherText;

  private final MapKeepers keepers = new MapKeepers(3);

  RotationDriver driver() {
    return new RotationDriver(
        keepers,
        TWO_OF_THREE,
        (current, older) -> {
          store.close();
          store = BackendFactory.open(config, current, older, n -> {});
          return store;
        },
        RANDOM,
        3);
  }

  String read(Backend b, String path) {
    return new SecretService(b, Clock.systemUTC(), 10).get(path, 0).asMap().orElseThrow().get("k");
  }

  @BeforeEach
  void setUp() throws Exception {
    config = BackendConfig.of(BackendKind.SQLITE, dir.resolve("nexus"));
    old = RootKey.generate(RANDOM);
    store = NexusMain.activate(config, old);
    new SecretService(store, Clock.systemUTC(), 10)
        .put("app/db", Map.of("k", "pw"), OptionalInt.empty());
    oldCipherText = store.cipher().seal("made before".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void tearDown() {
    store.close();
    old.close();
  }

  @Test
  void afterARotation_theNewKeyOpensEverything_theOldKeyIsRefusedNamingTheRotation()
      throws Exception {
    try (RootKey next = driver().rotate(store, old)) {
      store.close();
      store = NexusMain.activate(config, next);
      assertThat(read(store, "app/db")).isEqualTo("pw");
      assertThat(new String(store.cipher().open(oldCipherText), StandardCharsets.UTF_8))
          .as("a SPIKE-format cipher text made under the old key still decrypts")
          .isEqualTo("made before");
      assertThatThrownBy(() -> NexusMain.activate(config, old))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("root-key generation 1")
          .hasMessageContaining("superseded by a rotation to generation 2")
          .hasMessageContaining("spike operator recover");
      try (RootKey stranger = RootKey.generate(RANDOM)) {
        assertThatThrownBy(() -> NexusMain.activate(config, stranger))
            .isInstanceOf(KeyCheckMismatchException.class);
      }
    }
  }

  @Test
  void interruptedWhileDelivering_eitherKeyOpensEverything() throws Exception {
    for (Shard s : Shamir.split(old, TWO_OF_THREE)) {
      keepers.values.put(s.index(), s.revealValue(InsecureSecretAccess.get()));
      s.close();
    }
    keepers.down.add(3);
    assertThatThrownBy(() -> driver().rotate(store, old))
        .isInstanceOf(KeeperUnavailableException.class);
    store.close();
    try (RootKey next = keepers.recover(1, 2)) {
      assertThat(next.equalsSecret(old)).isFalse();
      try (Backend withNew = NexusMain.activate(config, next)) {
        assertThat(read(withNew, "app/db")).isEqualTo("pw");
        new SecretService(withNew, Clock.systemUTC(), 10)
            .put("app/db", Map.of("k", "pw2"), OptionalInt.empty());
      }
      store = NexusMain.activate(config, old);
      assertThat(read(store, "app/db")).isEqualTo("pw2");
      assertThat(new String(store.cipher().open(oldCipherText), StandardCharsets.UTF_8))
          .isEqualTo("made before");
    }
  }
}
