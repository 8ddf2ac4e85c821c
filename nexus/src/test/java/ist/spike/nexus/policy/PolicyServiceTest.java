package ist.spike.nexus.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.RootKey;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spec §12, {@code policy_test}, {@code reserved_test} (upsert side) and {@code validation_test}.
 */
final class PolicyServiceTest {
  private Backend backend;
  private PolicyService policies;

  @BeforeEach
  void setUp() {
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      backend = BackendFactory.open(BackendConfig.of(BackendKind.MEMORY, Path.of("unused")), key);
    }
    policies = new PolicyService(backend, Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    backend.close();
  }

  private void put(String name, String id, String path, String... perms) {
    policies.upsert(new PolicyDraft(name, id, path, List.of(perms)));
  }

  private boolean allows(String peer, String path, Permission... wants) {
    return policies.allows(peer, path, List.of(wants));
  }

  @Test
  void allows_serviceReadWritePolicy_matchesAsSpike() {
    put("svc", "^spiffe://example\\.org/service.*$", "^app/.*$", "read", "write");
    assertThat(allows("spiffe://example.org/service-a", "app/secrets", Permission.READ)).isTrue();
    assertThat(
            allows(
                "spiffe://example.org/service-a", "app/config", Permission.READ, Permission.WRITE))
        .isTrue();
    assertThat(allows("spiffe://other.org/service-a", "app/secrets", Permission.READ)).isFalse();
    assertThat(allows("spiffe://example.org/service-a", "other/secrets", Permission.READ))
        .isFalse();
    assertThat(allows("spiffe://example.org/service-a", "app/secrets", Permission.LIST)).isFalse();
  }

  @Test
  void allows_superPolicy_grantsEverythingIncludingReserved() {
    put("root", ".*", ".*", "super");
    for (Permission p : List.of(Permission.READ, Permission.WRITE, Permission.LIST)) {
      assertThat(allows("spiffe://any.org/x", "any/path", p)).isTrue();
    }
    assertThat(allows("spiffe://any.org/x", ReservedPaths.ACL, Permission.WRITE)).isTrue();
  }

  @Test
  void allows_permissionsNotCombinedAcrossPolicies() {
    put("r", "^spiffe://x\\.org/a$", "^p$", "read");
    put("w", "^spiffe://x\\.org/a$", "^p$", "write");
    assertThat(allows("spiffe://x.org/a", "p", Permission.READ)).isTrue();
    assertThat(allows("spiffe://x.org/a", "p", Permission.READ, Permission.WRITE)).isFalse();
  }

  @Test
  void allows_unanchoredPatterns_useSubstringSearch() {
    put("sub", "example\\.org/web", "acme/", "read");
    assertThat(allows("spiffe://example.org/web-1", "tenants/acme/db", Permission.READ)).isTrue();
  }

  @Test
  void allows_goDollarDoesNotMatchBeforeTrailingNewline() {
    put("eol", "^spiffe://x\\.org/a$", "^p$", "read");
    assertThat(allows("spiffe://x.org/a", "p\n", Permission.READ)).isFalse();
  }

  @Test
  void allows_noPolicies_denies() {
    assertThat(allows("spiffe://x.org/a", "p", Permission.READ)).isFalse();
  }

  @Test
  void allows_afterDelete_cacheInvalidated() {
    put("p", "^spiffe://x\\.org/a$", "^p$", "read");
    assertThat(allows("spiffe://x.org/a", "p", Permission.READ)).isTrue();
    policies.delete("p");
    assertThat(allows("spiffe://x.org/a", "p", Permission.READ)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"acl", "system", "spike", "secret", "exec"})
  void upsert_reservedSubstringPathPattern_rejected(String pattern) {
    assertThatThrownBy(() -> put("audit", "^spiffe://example\\.org/audit$", pattern, "write"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("reserved path");
  }

  @Test
  void upsert_exactReservedPathButUnanchoredId_rejected() {
    assertThatThrownBy(
            () -> put("a", "spiffe://example\\.org/admin", "^spike/system/acl$", "write"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("anchored spiffeidPattern");
  }

  @Test
  void upsert_exactReservedPathAnchoredId_grantsOnlyThatId() {
    put("a", "^spiffe://example\\.org/admin$", "^spike/system/acl$", "write");
    assertThat(allows("spiffe://example.org/admin", ReservedPaths.ACL, Permission.WRITE)).isTrue();
    assertThat(allows("spiffe://example.org/admin-attacker", ReservedPaths.ACL, Permission.WRITE))
        .isFalse();
  }

  @Test
  void upsert_catchAllSuper_accepted_stillGrantsAcl() {
    put("all", ".*", ".*", "super");
    assertThat(allows("spiffe://example.org/anyone", ReservedPaths.ACL, Permission.WRITE)).isTrue();
  }

  @Test
  void upsert_ordinaryPrefixPolicy_stillGrantsBelowPrefix() {
    put("web", "^spiffe://example\\.org/web$", "^tenants/acme/", "read");
    assertThat(allows("spiffe://example.org/web", "tenants/acme/db/creds", Permission.READ))
        .isTrue();
  }

  @Test
  void upsert_invalidRegexOrEmptyName_rejected() {
    assertThatThrownBy(() -> put("bad", "^spiffe://x/(a$", "^p$", "read"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("spiffeidPattern is not a valid RE2");
    assertThatThrownBy(() -> put("", "^spiffe://x/a$", "^p$", "read"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("policy name must not be empty");
    assertThatThrownBy(() -> put("x", "^spiffe://x/a$", "^p$"))
        .hasMessageContaining("permissions must list at least one");
    assertThatThrownBy(() -> put("x", "^spiffe://x/a$", "^p$", "admin"))
        .hasMessage("permission 'admin' is not one of read, write, list, execute, super");
  }

  @Test
  void upsert_perlOnlySyntax_rejectedAsNotRe2() {
    assertThatThrownBy(() -> put("la", "^spiffe://x/(?=a)$", "^p$", "read"))
        .isInstanceOf(InvalidPolicyException.class);
  }

  @Test
  void satisfies_asSpikeValidationTest() {
    assertThat(
            Permission.satisfies(
                Set.of(Permission.SUPER), List.of(Permission.WRITE, Permission.LIST)))
        .isTrue();
    assertThat(
            Permission.satisfies(
                Set.of(Permission.READ, Permission.WRITE), List.of(Permission.READ)))
        .isTrue();
    assertThat(
            Permission.satisfies(
                Set.of(Permission.READ, Permission.WRITE), List.of(Permission.LIST)))
        .isFalse();
    assertThat(
            Permission.satisfies(
                Set.of(Permission.SUPER, Permission.READ), List.of(Permission.EXECUTE)))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spiffe://example.org/service",
        "^spiffe://example.org/service$",
        "spiffe://example.org/.*",
        "spiffe://example.org/[a-z]+"
      })
  void checkWireFormat_validSpiffePatterns_accepted(String id) {
    PolicyRules.checkWireFormat(new PolicyDraft("n", id, "^p$", List.of("read")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "example.org/service",
        "http://example.org/service",
        "spiffe:///service",
        "spiffe://example.org/",
        "spiffe://example.org/my service",
        "spiffe://user@example.org/x"
      })
  void checkWireFormat_invalidSpiffePatterns_rejected(String id) {
    assertThatThrownBy(
            () -> PolicyRules.checkWireFormat(new PolicyDraft("n", id, "^p$", List.of("read"))))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("spiffeidPattern");
  }

  @Test
  void checkWireFormat_pathPatternAllowsAnchors_rejectsSpaces() {
    PolicyRules.checkWireFormat(new PolicyDraft("n", "^spiffe://x/y$", "^a/b$", List.of("read")));
    assertThatThrownBy(
            () ->
                PolicyRules.checkWireFormat(
                    new PolicyDraft("n", "^spiffe://x/y$", "a b", List.of("read"))))
        .hasMessageContaining("pathPattern may contain only");
  }

  @Test
  void upsert_patternGoRefusesForSize_badRequestAndNothingStored() {
    assertThatThrownBy(() -> put("huge", ".*", "(a{1000}){1000}", "read"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("pathPattern is too complex");
    assertThatThrownBy(() -> put("huge", "spiffe://x\\.org/((a{100}){100}){100}", "p", "read"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("spiffeidPattern is too complex");
    assertThat(backend.loadAllPolicies()).isEmpty();
  }

  @Test
  void allows_storedPatternGoRefusesForSize_skippedFastOthersStillApply() {
    long start = System.nanoTime();
    java.time.Instant now = java.time.Instant.now();
    backend.upsertPolicy(
        "bomb",
        existing ->
            new ist.spike.nexus.store.PolicyRecord(
                "bomb", ".*", "((a{100}){100}){100}", List.of("super"), now, now));
    backend.upsertPolicy(
        "bomb2",
        existing ->
            new ist.spike.nexus.store.PolicyRecord(
                "bomb2", "(a{1000}){1000}", ".*", List.of("super"), now, now));
    put("ok", "^spiffe://x\\.org/a$", "^p$", "read"); // reloads: compiles all three
    assertThat(allows("spiffe://x.org/a", "p", Permission.READ)).isTrue();
    assertThat(allows("spiffe://x.org/b", "aaaa", Permission.READ)).isFalse();
    // Loading (and refusing) both stored patterns takes microseconds, not RE2/J's seconds.
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
  }

  @Test
  void upsert_changedPatternOrPermissions_reloadUsesNewOnesNotReusedOnes() {
    put("a", "^spiffe://x\\.org/a$", "^p$", "read");
    put("b", "^spiffe://x\\.org/a$", "^p$", "read"); // same shape: compiled once, reused
    put("a", "^spiffe://x\\.org/a$", "^q$", "write");
    assertThat(allows("spiffe://x.org/a", "q", Permission.WRITE)).isTrue();
    assertThat(allows("spiffe://x.org/a", "p", Permission.WRITE)).isFalse();
    policies.delete("b");
    assertThat(allows("spiffe://x.org/a", "p", Permission.READ)).isFalse();
    assertThat(policies.get("a").pathPattern()).isEqualTo("^q$");
  }
}
