package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.rootkey.RestoreRefusedException;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.rootkey.SplitInForce;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restore while a rekey is unfinished accepts the files of either split, not a mix (ADR-0163).
 */
class RekeyRestoreTest {
  final RootKey key = RootKey.generate(new SecureRandom());
  final KeyCheckValue check = KeyCheckValue.of(key);
  final SplitInForce split = new SplitInForce(new ShamirParameters(3, 5));
  final RootKeyCustody custody = new RootKeyCustody(split, check::verify);
  final List<Shard> old = Shamir.split(key, new ShamirParameters(2, 3));
  final List<Shard> next = Shamir.split(key, new ShamirParameters(3, 5));

  RekeyRestoreTest() {
    split.update(
        Optional.of(FeldmanCommitments.of(key, 2)),
        Optional.of(FeldmanCommitments.of(key, 3)),
        true);
  }

  @AfterEach
  void close() {
    custody.close();
    old.forEach(Shard::close);
    next.forEach(Shard::close);
    key.close();
  }

  boolean installed() {
    return custody.withKey(k -> k.equalsSecret(key)).orElse(false);
  }

  @Test
  void oldFiles_threeOfThem_restore() throws Exception {
    assertThat(split.restoreThreshold()).isEqualTo(3);
    NexusMain.rebuild(custody, old);
    assertThat(installed()).isTrue();
  }

  @Test
  void newFiles_restore() throws Exception {
    NexusMain.rebuild(custody, List.of(next.get(4), next.get(0), next.get(2)));
    assertThat(installed()).isTrue();
  }

  @Test
  void aMixOfBothSplits_refusedWithWhatToDo() {
    assertThatThrownBy(
            () -> NexusMain.rebuild(custody, List.of(old.get(0), next.get(1), next.get(2))))
        .isInstanceOf(RestoreRefusedException.class)
        .hasMessageContaining("do not hold a threshold of one split");
    assertThat(custody.isReady()).isFalse();
  }
}
