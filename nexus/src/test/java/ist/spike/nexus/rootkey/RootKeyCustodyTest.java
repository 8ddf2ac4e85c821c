package ist.spike.nexus.rootkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RootKeyCustodyTest {
  final SecureRandom random = new SecureRandom();
  final FakeData data = new FakeData();
  final RootKeyCustody custody = FakeData.custody(data, 2, 3);

  @Test
  void install_firstStartWithEmptyData_storesTheKeyCheckAndBecomesReady() throws Exception {
    RootKey key = RootKey.generate(random);
    List<String> sources = new ArrayList<>();
    custody.onInstalled(sources::add);
    assertThat(custody.install(key, "keepers")).isTrue();
    assertThat(custody.isReady()).isTrue();
    assertThat(data.stored.orElseThrow().matches(key)).isTrue();
    assertThat(sources).containsExactly("keepers");
  }

  @Test
  void install_mismatchingKey_isRefusedZeroedAndNotReady() throws Exception {
    data.stored = Optional.of(KeyCheckValue.of(RootKey.generate(random)));
    RootKey wrong = RootKey.generate(random);
    assertThatThrownBy(() -> custody.install(wrong, "operator restore"))
        .isInstanceOf(KeyCheckMismatchException.class);
    assertThat(custody.isReady()).isFalse();
    assertThat(wrong.isClosed()).isTrue();
  }

  @Test
  void install_secondKey_isIgnoredAndZeroed() throws Exception {
    RootKey first = RootKey.generate(random);
    RootKey second = RootKey.generate(random);
    custody.install(first, "keepers");
    assertThat(custody.install(second, "operator restore")).isFalse();
    assertThat(second.isClosed()).isTrue();
    assertThat(custody.withKey(k -> k.equalsSecret(first))).contains(true);
  }

  @Test
  void close_zeroesTheKey() throws Exception {
    RootKey key = RootKey.generate(random);
    custody.install(key, "keepers");
    custody.close();
    assertThat(key.isClosed()).isTrue();
    assertThat(custody.isReady()).isFalse();
    assertThat(custody.toString()).contains("no root key");
  }
}
