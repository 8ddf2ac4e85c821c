package ist.spike.bench.micro;

import com.google.re2j.Pattern;
import ist.spike.crypto.RootKey;
import ist.spike.nexus.policy.Permission;
import ist.spike.nexus.policy.PolicyDraft;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Policy matching as Nexus authorizes a data-plane request: 20 policies with RE2 patterns on SPIFFE
 * ID and path; the last one grants. Baseline: the two RE2/J matches of one policy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBench {
  private static final String PEER = "spiffe://spike.ist/workload/payments/api";
  private static final String PATH = "apps/payments/db/password";
  private Backend backend;
  private PolicyService policies;
  private final Set<Permission> read = Set.of(Permission.READ);
  private final Pattern idPattern = Pattern.compile("^spiffe://spike\\.ist/workload/payments/.*$");
  private final Pattern pathPattern = Pattern.compile("^apps/payments/.*$");

  /** Stores the policies in a memory backend. */
  @Setup
  public void setUp() throws IOException {
    backend =
        BackendFactory.open(
            BackendConfig.of(BackendKind.MEMORY, Files.createTempDirectory("policy-bench")),
            RootKey.generate(new SecureRandom()));
    policies = new PolicyService(backend, Clock.systemUTC());
    for (int i = 0; i < 19; i++) {
      policies.upsert(
          new PolicyDraft(
              "team-" + i,
              "^spiffe://spike\\.ist/workload/team-" + i + "/.*$",
              "^apps/team-" + i + "/.*$",
              List.of("read", "write")));
    }
    policies.upsert(
        new PolicyDraft(
            "payments",
            "^spiffe://spike\\.ist/workload/payments/.*$",
            "^apps/payments/.*$",
            List.of("read")));
    if (!policies.allows(PEER, PATH, read)) {
      throw new IllegalStateException("the payments policy must grant read");
    }
  }

  /** Closes the backend. */
  @TearDown
  public void tearDown() {
    backend.close();
  }

  /** A request the last of 20 policies grants (every policy is tried). */
  @Benchmark
  public boolean allowsLastOf20() {
    return policies.allows(PEER, PATH, read);
  }

  /** A request no policy grants. */
  @Benchmark
  public boolean deniesAll20() {
    return policies.allows("spiffe://spike.ist/workload/other", PATH, read);
  }

  /** Baseline: one policy's two RE2/J matches. */
  @Benchmark
  public boolean rawRe2OnePolicy() {
    return idPattern.matcher(PEER).matches() && pathPattern.matcher(PATH).matches();
  }
}
