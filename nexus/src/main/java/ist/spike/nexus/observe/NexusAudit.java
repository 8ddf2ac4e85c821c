package ist.spike.nexus.observe;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.config.Env;
import ist.spike.receipts.audit.AuditKeys;
import ist.spike.server.audit.ChainedAuditFile;
import ist.spike.server.metrics.ServerMetrics;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens Nexus's audit chain from the environment:
 *
 * <ul>
 *   <li>{@code SPIKE_NEXUS_AUDIT_FILE} (default {@code <data dir>/audit/nexus-audit.jsonl}): the
 *       chain, 0600 in a 0700 directory
 *   <li>{@code SPIKE_NEXUS_AUDIT_KEY} (default {@code nexus-audit.key} next to the file): this
 *       instance's Ed25519 signing key, created on first start; its public key is written to {@code
 *       <key>.pub}
 *   <li>{@code SPIKE_NEXUS_AUDIT_REQUIRED} ({@code false}): {@code true} refuses requests with 503
 *       while the file cannot be written; otherwise they are served and {@code
 *       spike_audit_records_lost_total} counts the records lost
 * </ul>
 */
public final class NexusAudit {
  /** The audit file variable. */
  public static final String FILE = "SPIKE_NEXUS_AUDIT_FILE";

  /** The signing key variable. */
  public static final String KEY = "SPIKE_NEXUS_AUDIT_KEY";

  /** The fail-closed variable. */
  public static final String REQUIRED = "SPIKE_NEXUS_AUDIT_REQUIRED";

  private NexusAudit() {}

  /** Returns the audit file the environment names, or the default under {@code dataDir}. */
  public static Path file(Map<String, String> env, Path dataDir) {
    return Env.of(env)
        .get(FILE)
        .filter(v -> !v.isBlank())
        .map(v -> Path.of(v.strip()).toAbsolutePath().normalize())
        .orElse(dataDir.resolve("audit").resolve("nexus-audit.jsonl"));
  }

  /**
   * Opens the chain.
   *
   * @param env the environment; not null
   * @param dataDir Nexus's data directory; not null
   * @param metrics counts lost records; not null
   * @return the open chain
   * @throws IllegalStateException naming the file if it or the key cannot be opened
   */
  public static ChainedAuditFile open(
      Map<String, String> env, Path dataDir, ServerMetrics metrics) {
    requireNonNull(metrics, "metrics");
    Path file = file(requireNonNull(env, "env"), requireNonNull(dataDir, "dataDir"));
    Path key =
        Env.of(env)
            .get(KEY)
            .filter(v -> !v.isBlank())
            .map(v -> Path.of(v.strip()).toAbsolutePath().normalize())
            .orElse(file.resolveSibling("nexus-audit.key"));
    boolean required = Env.of(env).get(REQUIRED, "false").strip().equalsIgnoreCase("true");
    return ChainedAuditFile.open(
        file, "nexus", AuditKeys.loadOrCreate(key), required, metrics::auditRecordLost);
  }
}
