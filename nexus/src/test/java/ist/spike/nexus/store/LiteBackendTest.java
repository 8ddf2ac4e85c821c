package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

final class LiteBackendTest extends BackendContractTest {
  @Override
  BackendKind kind() {
    return BackendKind.LITE;
  }

  @Test
  void put_refusedClearly_nothingListed() {
    assertThatThrownBy(() -> secrets.put("a", kv("k", "v"), OptionalInt.empty()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("lite backend stores no secrets");
    assertThat(backend.listSecretPaths()).isEmpty();
    assertThat(backend.hasData()).isFalse();
    assertThat(backend.storesData()).isFalse();
  }
}
