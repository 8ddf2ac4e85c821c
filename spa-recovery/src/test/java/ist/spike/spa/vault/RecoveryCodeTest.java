package ist.spike.spa.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RecoveryCodeTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void generate_tenThousandCodes_alphabetOnlyAndNoPerPositionBias() {
    int[][] counts = new int[RecoveryCode.LENGTH][32];
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      try (RecoveryCode c = RecoveryCode.generate(random)) {
        char[] g = c.grouped();
        assertThat(g).hasSize(34);
        int pos = 0;
        for (char ch : g) {
          if (ch == '-') {
            continue;
          }
          int v = RecoveryCode.ALPHABET.indexOf(ch);
          assertThat(v).isNotNegative();
          counts[pos++][v]++;
        }
      }
    }
    // Chi-square, 31 degrees of freedom; 70 is far beyond the 0.9999 quantile (~66).
    double expected = n / 32.0;
    for (int[] position : counts) {
      double chi = 0;
      for (int c : position) {
        chi += (c - expected) * (c - expected) / expected;
      }
      assertThat(chi).isLessThan(70);
    }
  }

  @Test
  void parse_lowerCaseWithSeparatorsAndAliases_normalizes() throws Exception {
    try (RecoveryCode c = RecoveryCode.generate(random)) {
      String shown = new String(c.grouped());
      String typed = shown.toLowerCase().replace('1', 'l').replace('0', 'o').replace("-", " - ");
      try (RecoveryCode back = RecoveryCode.parse(typed.toCharArray())) {
        assertThat(back.equalsSecret(c)).isTrue();
      }
    }
  }

  @Test
  void parse_wrongLength_throwsWithRule() {
    assertThatThrownBy(() -> RecoveryCode.parse("ABCD-EFGH".toCharArray()))
        .isInstanceOf(InvalidRecoveryCodeException.class)
        .hasMessageContaining("28 characters")
        .hasMessageContaining("got 8");
  }

  @Test
  void parse_letterU_throws() {
    assertThatThrownBy(() -> RecoveryCode.parse("U".repeat(28).toCharArray()))
        .isInstanceOf(InvalidRecoveryCodeException.class)
        .hasMessageContaining("outside the alphabet");
  }

  @Test
  void toString_doesNotRevealBytes() {
    try (RecoveryCode c = RecoveryCode.generate(random)) {
      String shown = new String(c.grouped());
      assertThat(c.toString()).doesNotContain(shown.substring(0, 4));
    }
  }

  @Property(tries = 200)
  void parse_groupedOutput_roundTrips(@ForAll long seed) throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(seed);
    try (RecoveryCode c = RecoveryCode.generate(r);
        RecoveryCode back = RecoveryCode.parse(c.grouped())) {
      assertThat(back.equalsSecret(c)).isTrue();
    }
  }
}
