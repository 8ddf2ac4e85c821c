package ist.spike.nexus.rootkey;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeeperRehydratorTest {
  final FakeKeepers keepers = new FakeKeepers(3);
  final FakeData data = new FakeData();
  final RootKeyCustody custody = FakeData.custody(data, 2, 3);

  @Test
  void run_withoutKey_sendsNothing() {
    new KeeperRehydrator(keepers, custody).run();
    assertThat(keepers.contributions).isZero();
  }

  @Test
  void run_withKey_givesKeeperIShardIWithItsIndex() throws Exception {
    RootKey key = RootKey.generate(new SecureRandom());
    List<Shard> expected = Shamir.split(key, ShamirParameters.of(2, 3));
    custody.install(key, "test");
    keepers.down.add(2);
    KeeperRehydrator r = new KeeperRehydrator(keepers, custody);
    r.run();
    assertThat(keepers.values).containsOnlyKeys(1, 3);
    keepers.down.clear();
    r.run();
    for (Shard s : expected) {
      assertThat(keepers.values.get(s.index()))
          .isEqualTo(s.revealValue(InsecureSecretAccess.get()));
      assertThat(keepers.indexes.get(s.index())).isEqualTo(s.index());
    }
  }
}
