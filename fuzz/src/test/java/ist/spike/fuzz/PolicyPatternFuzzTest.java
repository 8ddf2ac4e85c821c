package ist.spike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import ist.spike.crypto.RootKey;
import ist.spike.nexus.policy.InvalidPolicyException;
import ist.spike.nexus.policy.Permission;
import ist.spike.nexus.policy.PolicyDraft;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Policy patterns as Nexus accepts them from {@code spike policy create}: a policy is either stored
 * or refused with {@link InvalidPolicyException}; a stored policy is then evaluated against fuzzed
 * SPIFFE IDs and paths without failing (RE2 matching is linear, so no input can stall it).
 */
class PolicyPatternFuzzTest {
  private static final Backend BACKEND =
      BackendFactory.open(
          BackendConfig.of(BackendKind.MEMORY, Path.of(System.getProperty("java.io.tmpdir"))),
          RootKey.generate(new SecureRandom()));
  private static final PolicyService POLICIES = new PolicyService(BACKEND, Clock.systemUTC());

  @FuzzTest(maxDuration = "20s")
  void upsert_anyPatterns_storedOrInvalidPolicy(FuzzedDataProvider data) {
    String idPattern = data.consumeString(200);
    String pathPattern = data.consumeString(200);
    List<String> permissions = List.of(data.consumeString(12), "read");
    String peer = data.consumeString(200);
    String path = data.consumeRemainingAsString();
    try {
      POLICIES.upsert(new PolicyDraft("fuzz", idPattern, pathPattern, permissions));
    } catch (InvalidPolicyException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    POLICIES.allows(peer, path, Set.of(Permission.READ));
    POLICIES.allows("spiffe://spike.ist/workload/x", path, Set.of(Permission.WRITE));
  }
}
