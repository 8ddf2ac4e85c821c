package ist.spike.nexus.migrate;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.NewVersion;
import ist.spike.nexus.store.PolicyRecord;
import ist.spike.nexus.store.SecretChange;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.SecretValues;
import ist.spike.nexus.store.VersionState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Imports a SPIKE Go Nexus database into our store through {@link Backend} (ADR 0120).
 *
 * <p>Two passes: the first decrypts every row and writes nothing; if no row at all authenticates
 * under the given key, the key is not this database's and the import is refused. The second pass
 * decrypts again and writes each readable secret version by version (keeping SPIKE's version
 * numbers, soft deletions and times) and each policy. Secrets and policies already present exactly
 * as imported are left alone, so a repeated import changes nothing; an interrupted import is
 * completed by running it again.
 */
public final class SpikeImport {
  private final Backend target;

  /**
   * @param target our store, opened under our root key
   */
  public SpikeImport(Backend target) {
    this.target = requireNonNull(target, "target");
  }

  /**
   * Imports {@code db}.
   *
   * @param db SPIKE's {@code spike.db}
   * @param spikeKey SPIKE's root key; not closed here
   * @return what was imported and skipped
   * @throws WrongSpikeKeyException if no row decrypts under {@code spikeKey}; nothing was written
   * @throws SQLException if the SPIKE database cannot be read
   * @throws IllegalArgumentException if {@code db} is not a SPIKE database
   */
  public ImportReport run(Path db, RootKey spikeKey) throws WrongSpikeKeyException, SQLException {
    requireNonNull(spikeKey, "spikeKey");
    if (!target.storesData()) {
      throw new IllegalArgumentException(
          "the " + target.kind() + " backend stores no secrets or policies to import into");
    }
    try (SpikeDatabase spike = SpikeDatabase.open(db);
        SpikeCompatCipher cipher = SpikeCompatCipher.create(spikeKey)) {
      List<String> corrupt = new ArrayList<>();
      Set<String> skipSecrets = new HashSet<>();
      Set<String> skipPolicies = new HashSet<>();
      SpikeRowDecoder check = new SpikeRowDecoder(cipher);
      int rows = 0;
      for (String path : spike.secretPaths()) {
        rows++;
        try {
          check.secret(spike.metadata(path).orElseThrow(), spike.versions(path));
        } catch (CorruptRowException e) {
          corrupt.add(e.getMessage());
          skipSecrets.add(path);
        }
      }
      for (String name : spike.policyNames()) {
        rows++;
        try {
          check.policy(spike.policy(name).orElseThrow());
        } catch (CorruptRowException e) {
          corrupt.add(e.getMessage());
          skipPolicies.add(name);
        }
      }
      if (rows > 0 && !check.openedAny()) {
        throw new WrongSpikeKeyException(
            "the SPIKE root key from these recovery files decrypts no row of "
                + db
                + ": they belong to another SPIKE deployment or are not a threshold of the same"
                + " one; nothing was written");
      }
      return write(spike, cipher, corrupt, skipSecrets, skipPolicies);
    }
  }

  private ImportReport write(
      SpikeDatabase spike,
      SpikeCompatCipher cipher,
      List<String> corrupt,
      Set<String> skipSecrets,
      Set<String> skipPolicies)
      throws SQLException {
    SpikeRowDecoder decoder = new SpikeRowDecoder(cipher);
    List<String> conflicts = new ArrayList<>();
    List<String> pruned = new ArrayList<>();
    int secrets = 0;
    int versions = 0;
    int secretsSame = 0;
    for (String path : spike.secretPaths()) {
      if (skipSecrets.contains(path)) {
        continue;
      }
      SpikeRowDecoder.DecodedSecret s;
      try {
        s = decoder.secret(spike.metadata(path).orElseThrow(), spike.versions(path));
      } catch (CorruptRowException e) {
        corrupt.add(e.getMessage()); // changed between the passes
        continue;
      }
      for (int v : s.pruned()) {
        pruned.add("secret " + path + " version " + v + ": pruned by SPIKE but never deleted");
      }
      Optional<String> conflict = conflictWithStored(s);
      if (conflict.isPresent()) {
        conflicts.add(conflict.get());
        continue;
      }
      Written w = writeSecret(s);
      if (w.versions() == 0 && !w.indexChanged()) {
        secretsSame++;
      } else {
        secrets++;
        versions += w.versions();
      }
    }
    int policies = 0;
    int policiesSame = 0;
    for (String name : spike.policyNames()) {
      if (skipPolicies.contains(name)) {
        continue;
      }
      PolicyRecord p;
      try {
        p = decoder.policy(spike.policy(name).orElseThrow());
      } catch (CorruptRowException e) {
        corrupt.add(e.getMessage());
        continue;
      }
      Optional<PolicyRecord> stored = target.loadPolicy(name);
      if (stored.isPresent()) {
        if (stored.get().equals(p)) {
          policiesSame++;
        } else {
          conflicts.add("policy " + name);
        }
        continue;
      }
      PolicyRecord written = target.upsertPolicy(name, cur -> cur.orElse(p));
      if (written.equals(p)) {
        policies++;
      } else {
        conflicts.add("policy " + name);
      }
    }
    List<String> ignored = new ArrayList<>(pruned);
    for (String path : spike.pathsWithoutMetadata()) {
      ignored.add("secret " + path + ": version rows without a metadata row");
    }
    return new ImportReport(
        secrets, versions, secretsSame, policies, policiesSame, corrupt, conflicts, ignored);
  }

  /** A stored secret conflicts unless each of its versions is the imported one, unchanged. */
  private Optional<String> conflictWithStored(SpikeRowDecoder.DecodedSecret s) {
    Optional<SecretIndex> stored = target.loadSecretIndex(s.index().path());
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    for (Map.Entry<Integer, VersionState> v : stored.get().versions().entrySet()) {
      VersionState imported = s.index().versions().get(v.getKey());
      Optional<SecretValues> values = target.loadSecretValues(s.index().path(), v.getKey());
      if (imported == null
          || !imported.equals(v.getValue())
          || values.isEmpty()
          || !values.get().sameAs(s.values().get(v.getKey()))) {
        return Optional.of(
            "secret "
                + s.index().path()
                + ": this store already holds version "
                + v.getKey()
                + " with other content");
      }
    }
    return Optional.empty();
  }

  private record Written(int versions, boolean indexChanged) {}

  /** Adds the missing versions one by one, then writes SPIKE's metadata. */
  private Written writeSecret(SpikeRowDecoder.DecodedSecret s) {
    SecretIndex full = s.index();
    int added = 0;
    for (Map.Entry<Integer, VersionState> v : full.versions().entrySet()) {
      int version = v.getKey();
      boolean wrote =
          target.updateSecret(
              full.path(),
              cur -> {
                if (cur.isPresent() && cur.get().versions().containsKey(version)) {
                  return SecretChange.none(false);
                }
                TreeMap<Integer, VersionState> states =
                    cur.map(SecretIndex::versionsCopy).orElseGet(TreeMap::new);
                states.put(version, v.getValue());
                return new SecretChange<>(
                    Optional.of(partial(full, states)),
                    Optional.of(new NewVersion(version, s.values().get(version))),
                    true);
              });
      if (wrote) {
        added++;
      }
    }
    boolean changed =
        target.updateSecret(
            full.path(),
            cur ->
                cur.equals(Optional.of(full))
                    ? SecretChange.none(false)
                    : new SecretChange<>(Optional.of(full), Optional.empty(), true));
    return new Written(added, changed);
  }

  /** The index while only some versions are written: points only at written versions. */
  private static SecretIndex partial(SecretIndex full, TreeMap<Integer, VersionState> states) {
    int current = states.containsKey(full.currentVersion()) ? full.currentVersion() : 0;
    int oldest =
        states.containsKey(full.oldestVersion()) ? full.oldestVersion() : states.firstKey();
    return new SecretIndex(
        full.path(),
        current,
        oldest,
        full.createdTime(),
        full.updatedTime(),
        full.maxVersions(),
        states);
  }
}
