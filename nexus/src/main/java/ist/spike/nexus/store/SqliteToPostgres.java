package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a SQLite store into an empty PostgreSQL store under the same root key, then reads every
 * copied row back and compares it with the source (issue 11, "move to HA").
 *
 * <p>Rows are decrypted from SQLite and sealed again for PostgreSQL (fresh nonces, the same
 * associated data), so nothing is copied as opaque bytes that could have been tampered with.
 */
public final class SqliteToPostgres {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteToPostgres.class);

  /**
   * What was copied.
   *
   * @param secrets secret paths copied
   * @param versions secret versions copied
   * @param policies policies copied
   */
  public record Report(int secrets, int versions, int policies) {}

  private SqliteToPostgres() {}

  /**
   * Copies and verifies.
   *
   * @param source the open SQLite backend
   * @param target the open PostgreSQL backend; must hold no secret and no policy
   * @return counts of what was copied
   * @throws IllegalStateException if the target holds data, or a row read back differs (nothing is
   *     deleted then: empty the target database and run again)
   */
  public static Report copy(Backend source, Backend target) {
    requireNonNull(source, "source");
    requireNonNull(target, "target");
    if (source.kind() != BackendKind.SQLITE || !(target instanceof PostgresBackend pg)) {
      throw new IllegalArgumentException("migration copies a sqlite store into a postgres store");
    }
    if (target.hasData()) {
      throw new IllegalStateException(
          "the PostgreSQL store already holds secrets or policies; migrate only into an empty"
              + " database");
    }
    int versions = 0;
    List<String> paths = source.listSecretPaths();
    for (String path : paths) {
      SecretIndex index = source.loadSecretIndex(path).orElseThrow();
      Map<Integer, SecretValues> values = new TreeMap<>();
      for (Integer v : index.versions().keySet()) {
        values.put(
            v,
            source
                .loadSecretValues(path, v)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "the SQLite store lists version "
                                + v
                                + " of "
                                + path
                                + " without it")));
      }
      pg.importSecret(index, values);
      versions += values.size();
    }
    List<PolicyRecord> policies = source.loadAllPolicies();
    for (PolicyRecord p : policies) {
      target.upsertPolicy(p.name(), existing -> p);
    }
    verify(source, target, paths, policies);
    LOG.info(
        "copied {} secrets ({} versions) and {} policies from SQLite to PostgreSQL; every row"
            + " verified",
        paths.size(),
        versions,
        policies.size());
    return new Report(paths.size(), versions, policies.size());
  }

  private static void verify(
      Backend source, Backend target, List<String> paths, List<PolicyRecord> policies) {
    if (!target.listSecretPaths().equals(paths)) {
      throw new IllegalStateException("verification failed: the copied secret paths differ");
    }
    for (String path : paths) {
      SecretIndex want = source.loadSecretIndex(path).orElseThrow();
      Optional<SecretIndex> got = target.loadSecretIndex(path);
      if (got.isEmpty() || !got.get().equals(want)) {
        throw new IllegalStateException("verification failed: metadata of " + path + " differs");
      }
      for (Integer v : want.versions().keySet()) {
        SecretValues a = source.loadSecretValues(path, v).orElseThrow();
        Optional<SecretValues> b = target.loadSecretValues(path, v);
        if (b.isEmpty() || !a.sameAs(b.get())) {
          throw new IllegalStateException(
              "verification failed: version " + v + " of " + path + " differs");
        }
      }
    }
    if (!target.loadAllPolicies().equals(policies)) {
      throw new IllegalStateException("verification failed: the copied policies differ");
    }
  }
}
