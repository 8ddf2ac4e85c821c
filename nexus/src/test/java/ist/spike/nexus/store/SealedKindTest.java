package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SealedKindTest {

  @Test
  void everySealedRowType_isListedByExactlyOneKind() {
    Class<?>[] rows = SealedRow.class.getPermittedSubclasses();
    assertThat(Arrays.stream(SealedKind.values()).<Class<?>>map(SealedKind::rowType))
        .as("a new SealedRow record needs its SealedKind constant, so rotation re-seals it")
        .containsExactlyInAnyOrder(rows);
  }

  @Test
  void of_mapsEachRowToItsKind() {
    assertThat(SealedKind.of(new SealedRow.Index("a", new byte[1])))
        .isEqualTo(SealedKind.SECRET_INDEX);
    assertThat(SealedKind.of(new SealedRow.Values("a", 1, new byte[1])))
        .isEqualTo(SealedKind.SECRET_VALUES);
    assertThat(SealedKind.of(new SealedRow.Policy("p", new byte[1]))).isEqualTo(SealedKind.POLICY);
  }
}
