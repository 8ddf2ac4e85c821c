package ist.spike.nexus.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §12, {@code reserved_test}: anchoring, describing, precise identity, reserved set. */
final class ReservedPathsTest {
  @ParameterizedTest
  @ValueSource(strings = {"^spike/system/acl$", "^.*$"})
  void isAnchored_anchored_true(String p) {
    assertThat(ReservedPaths.isAnchored(p)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"acl", "^acl", "acl$", "", "^a$|acl"})
  void isAnchored_notAnchored_false(String p) {
    assertThat(ReservedPaths.isAnchored(p)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"^spike/system/acl$", "spike/system/acl", "^spike/system/.*$", ".*", "^.*$"})
  void describes_acl_true(String p) {
    assertThat(ReservedPaths.describes(p, ReservedPaths.ACL)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"acl", "system", "spike", "^spike", "acl$"})
  void describes_acl_false(String p) {
    assertThat(ReservedPaths.describes(p, ReservedPaths.ACL)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"^spiffe://example\\.org/admin$", ".*", "^.*$", "^spiffe://example\\.org/.*$"})
  void isPreciseOrCatchAll_true(String p) {
    assertThat(ReservedPaths.isPreciseOrCatchAll(p)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"spiffe://example\\.org/admin", "admin"})
  void isPreciseOrCatchAll_false(String p) {
    assertThat(ReservedPaths.isPreciseOrCatchAll(p)).isFalse();
  }

  @Test
  void isReserved_onlyTheThreePaths() {
    assertThat(ReservedPaths.ALL)
        .containsExactlyInAnyOrder(
            "spike/system/acl", "spike/system/secret", "spike/system/cipher/exec");
    ReservedPaths.ALL.forEach(p -> assertThat(ReservedPaths.isReserved(p)).isTrue());
    assertThat(ReservedPaths.isReserved("spike/system")).isFalse();
    assertThat(ReservedPaths.isReserved("secrets/db")).isFalse();
  }

  @Test
  void mayReachTransit_onlyPatternsWrittenForTransitWithPreciseIds() {
    String id = "^spiffe://spike\\.ist/workload/a$";
    assertThat(ReservedPaths.mayReachTransit(id, "^spike/system/transit/orders$")).isTrue();
    assertThat(ReservedPaths.mayReachTransit(id, "^spike/system/transit(/.*)?$")).isTrue();
    assertThat(ReservedPaths.mayReachTransit(".*", "^spike/system/transit/.*$")).isTrue();
    assertThat(ReservedPaths.mayReachTransit(id, "^[a-z/]*transit.*$")).isFalse();
    assertThat(ReservedPaths.mayReachTransit(id, "spike/system/transit/orders")).isFalse();
    assertThat(ReservedPaths.mayReachTransit("spiffe://spike\\.ist/w", "^spike/system/transit/a$"))
        .isFalse();
  }

  @Test
  void transitAndInternalPaths_recognised() {
    assertThat(ReservedPaths.transitKey("orders")).isEqualTo("spike/system/transit/orders");
    assertThat(ReservedPaths.isTransit("spike/system/transit")).isTrue();
    assertThat(ReservedPaths.isTransit("spike/system/transit/orders")).isTrue();
    assertThat(ReservedPaths.isTransit("spike/system/transitx")).isFalse();
    assertThat(ReservedPaths.isInternal("~spike/transit/orders")).isTrue();
    assertThat(ReservedPaths.isInternal("spike/transit/orders")).isFalse();
    // internal records sort after every secret path (the listings rely on it)
    assertThat("~spike/a").isGreaterThan("}}}").isGreaterThan("zzz");
  }
}
