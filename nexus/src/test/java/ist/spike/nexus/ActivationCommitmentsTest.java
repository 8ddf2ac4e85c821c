package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.nexus.operator.CommitmentRoutes;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commitments' part of an activation, over a real SQLite store (ADR 0207). */
class ActivationCommitmentsTest {
  @TempDir Path dir;
  SplitInForce split;
  ActivationCommitments commitments;
  RootKeyCustody custody;
  RootKey key;
  Backend store;

  @BeforeEach
  void open() throws Exception {
    split = new SplitInForce(ShamirParameters.of(2, 3));
    commitments = new ActivationCommitments(split, 2, true);
    custody = new RootKeyCustody(split, candidate -> {});
    key = RootKey.generate(new SecureRandom());
    store = BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("data")), key);
  }

  @AfterEach
  void close() {
    store.close();
    custody.close();
    key.close();
  }

  @Test
  void firstStart_nothingStored_storedBeforeTheKeyIsInstalled_nothingLeftForLater()
      throws Exception {
    commitments.onActivated(store, key);

    FeldmanCommitments expected = FeldmanCommitments.of(key, 2);
    assertThat(FeldmanCommitments.fromBytes(store.loadShardCommitments().orElseThrow()))
        .isEqualTo(expected);
    assertThat(split.current()).contains(expected);
    custody.install(copy(key), "test");
    assertThat(commitments.finishDeferred(custody, () -> store)).isFalse();
  }

  @Test
  void restart_storedCommitments_splitFromTheStoreNow_checkedAndReplacedAfterInstall()
      throws Exception {
    // commitments of another key: what a rotation that stopped before storing its own leaves
    try (RootKey other = RootKey.generate(new SecureRandom())) {
      CommitmentRoutes.publish(store, other, 2);
      FeldmanCommitments stale = FeldmanCommitments.of(other, 2);

      commitments.onActivated(store, key);

      assertThat(split.current()).as("split applied before ready").contains(stale);
      assertThat(FeldmanCommitments.fromBytes(store.loadShardCommitments().orElseThrow()))
          .as("not recomputed before ready")
          .isEqualTo(stale);
    }
    custody.install(copy(key), "test");

    assertThat(commitments.finishDeferred(custody, () -> store)).isTrue();

    FeldmanCommitments expected = FeldmanCommitments.of(key, 2);
    assertThat(FeldmanCommitments.fromBytes(store.loadShardCommitments().orElseThrow()))
        .isEqualTo(expected);
    assertThat(split.current()).contains(expected);
    assertThat(commitments.finishDeferred(custody, () -> store)).as("runs once").isFalse();
  }

  @Test
  void restart_storeReopenedBeforeTheCheck_checkSkipped() throws Exception {
    try (RootKey other = RootKey.generate(new SecureRandom())) {
      CommitmentRoutes.publish(store, other, 2);
      FeldmanCommitments stale = FeldmanCommitments.of(other, 2);
      commitments.onActivated(store, key);
      custody.install(copy(key), "test");

      // a rotation re-opened the store meanwhile: it owns the commitments of its new key
      try (Backend reopened =
          BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("other")), key)) {
        assertThat(commitments.finishDeferred(custody, () -> reopened)).isFalse();
      }
      assertThat(FeldmanCommitments.fromBytes(store.loadShardCommitments().orElseThrow()))
          .isEqualTo(stale);
    }
  }

  @Test
  void sharedStore_storedCommitmentsOfAnotherKey_replacedBeforeTheKeyIsInstalled()
      throws Exception {
    ActivationCommitments shared = new ActivationCommitments(split, 2, false);
    try (RootKey other = RootKey.generate(new SecureRandom())) {
      CommitmentRoutes.publish(store, other, 2);

      shared.onActivated(store, key);
    }

    FeldmanCommitments expected = FeldmanCommitments.of(key, 2);
    assertThat(FeldmanCommitments.fromBytes(store.loadShardCommitments().orElseThrow()))
        .isEqualTo(expected);
    assertThat(split.current()).contains(expected);
    custody.install(copy(key), "test");
    assertThat(shared.finishDeferred(custody, () -> store)).isFalse();
  }

  @Test
  void restart_malformedStoredCommitments_replacedBeforeTheKeyIsInstalled() throws Exception {
    store.storeShardCommitments(new byte[] {1, 2, 3});

    commitments.onActivated(store, key);

    assertThat(FeldmanCommitments.fromBytes(store.loadShardCommitments().orElseThrow()))
        .isEqualTo(FeldmanCommitments.of(key, 2));
  }

  @Test
  void finishDeferred_noKeyInstalled_nothingWrittenAndNoException() throws Exception {
    try (RootKey other = RootKey.generate(new SecureRandom())) {
      CommitmentRoutes.publish(store, other, 2);
      commitments.onActivated(store, key);

      assertThat(commitments.finishDeferred(custody, () -> store)).isFalse();
      assertThat(FeldmanCommitments.fromBytes(store.loadShardCommitments().orElseThrow()))
          .isEqualTo(FeldmanCommitments.of(other, 2));
    }
  }

  private static RootKey copy(RootKey key) throws Exception {
    byte[] raw = key.revealBytes(InsecureSecretAccess.get());
    try (SecretBytes holder = SecretBytes.takeOwnership(raw)) {
      return RootKey.of(holder);
    }
  }
}
