package ist.spike.nexus.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.nexus.store.PolicyRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Policy patterns are refused exactly where Go's {@code regexp.Compile} refuses them: the verdicts
 * in {@code go-regexp-verdicts.tsv} were produced by Go itself (SPIKE spec examples, counted
 * repetitions at and past Go's limits, nesting at Go's depth limit, the largest programs that fit
 * in a path pattern).
 */
final class PatternComplexityTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static Stream<Arguments> goVerdicts() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    PatternComplexityTest.class.getResourceAsStream("go-regexp-verdicts.tsv")),
                StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        String label = f[0] + " " + (f[1].length() > 60 ? f[1].substring(0, 60) + "…" : f[1]);
        out.add(Arguments.of(Named.of(label, f[1]), f[0].equals("ACCEPT")));
      }
    }
    return out.stream();
  }

  private static CompiledPolicy compile(String spiffeIdPattern, String pathPattern) {
    return CompiledPolicy.compile(
        new PolicyRecord("t", spiffeIdPattern, pathPattern, List.of("read"), NOW, NOW));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goVerdicts")
  void compile_pattern_acceptedOrRefusedAsGo(String pattern, boolean goAccepts) {
    if (goAccepts) {
      assertThatCode(() -> compile(pattern, "x")).doesNotThrowAnyException();
      if (pattern.length() <= 500) {
        assertThatCode(() -> compile(".*", pattern)).doesNotThrowAnyException();
      }
    } else {
      assertThatThrownBy(() -> compile(pattern, "x"))
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageStartingWith("spiffeidPattern");
      if (pattern.length() <= 500) {
        assertThatThrownBy(() -> compile(".*", pattern))
            .isInstanceOf(InvalidPolicyException.class)
            .hasMessageStartingWith("pathPattern");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a{1000}){1000}", "((a{100}){100}){100}"})
  void compile_nestedCountedRepeats_refusedFastWithReason(String pattern) {
    long start = System.nanoTime();
    assertThatThrownBy(() -> compile(".*", pattern))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("pathPattern is too complex")
        .hasMessageContaining("at most 1000 times");
    // RE2/J alone needs seconds and hundreds of MiB for these; the check needs microseconds.
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
  }

  @Test
  void compile_deepNesting_refusedAsTooDeep() {
    String deep = "(".repeat(1000) + "a" + ")".repeat(1000);
    assertThatThrownBy(() -> compile(deep, "x"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("spiffeidPattern nests too deeply: more than 1000 levels (Go's RE2 limit)");
  }

  @Test
  void compile_overlongPatterns_refusedBeforeParsing() {
    assertThatThrownBy(() -> compile("(".repeat(100_000) + ")".repeat(100_000), "x"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("spiffeidPattern must be at most 2048 characters; got 200000");
    assertThatThrownBy(() -> compile(".*", "a".repeat(501)))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("pathPattern must be at most 500 characters; got 501");
  }

  @Test
  void check_sizeBeyondGoLimit_refusedAsTooLarge() {
    // 4 × 1000 × 1000 instructions by Go's estimate (not reachable within the length limits).
    String big = "(?:(?:(?:x{1000})(?:x{1000})(?:x{1000})(?:x{1000})){1000})";
    assertThatThrownBy(() -> PatternComplexity.check("pathPattern", big))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("at most 1000 times");
    String wide = "(?:x{1000})".repeat(3400);
    assertThatThrownBy(() -> PatternComplexity.check("pathPattern", wide))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage(
            "pathPattern is too large: it would compile to more than 3355443 instructions"
                + " (Go's RE2 limit)");
  }
}
