package ist.spike.nexus.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.RecoveryLine;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.PolicyRecord;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.SecretValues;
import ist.spike.nexus.store.VersionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports generated SPIKE databases (see {@link SpikeDbGenerator}) into our SQLite store. */
class SpikeImportTest {
  static final Instant T1 = Instant.parse("2026-03-01T10:00:00.123456789Z");
  static final Instant T2 = Instant.parse("2026-03-02T11:30:00.5Z");
  static final Instant T3 = Instant.parse("2026-03-03T12:00:01Z");
  static final Instant T4 = Instant.parse("2026-03-04T08:15:30.000001Z");

  @TempDir Path dir;
  final SecureRandom random = new SecureRandom();
  RootKey spikeKey;
  RootKey ourKey;
  Backend store;
  Path db;

  @BeforeEach
  void setUp() throws Exception {
    spikeKey = RootKey.generate(random);
    ourKey = RootKey.generate(random);
    store = BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("ours")), ourKey);
    db = dir.resolve("spike.db");
  }

  @AfterEach
  void tearDown() {
    store.close();
    spikeKey.close();
    ourKey.close();
  }

  /** A SPIKE database with live, soft-deleted and fully deleted secrets, and two policies. */
  SpikeDbGenerator generate() throws Exception {
    SpikeDbGenerator g = new SpikeDbGenerator(db, spikeKey);
    g.put("app/db", Map.of("user", "admin", "pass", "v1"), T1, 10);
    g.put("app/db", Map.of("user", "admin", "pass", "v2"), T2, 10);
    g.put("app/db", Map.of("user", "admin", "pass", "v3 ünïcode"), T3, 10);
    g.delete("app/db", List.of(2), T4);
    g.put("app/gone", Map.of("k", "only"), T1, 10);
    g.delete("app/gone", List.of(1), T2);
    g.put("app/one", Map.of(), T3, 10);
    // SPIKE leaves oldest at 0 here: put after a full delete does not update it (spec §2.4).
    g.put("app/stale", Map.of("k", "a"), T1, 10);
    g.delete("app/stale", List.of(1), T2);
    g.put("app/stale", Map.of("k", "b"), T3, 10);
    g.policy("readers", "^spiffe://spike\\.ist/app/.*$", "^app/.*$", List.of("read", "list"), T1);
    g.policy("admins", "^spiffe://spike\\.ist/admin$", ".*", List.of("super"), T2);
    return g;
  }

  SpikeImport importer() {
    return new SpikeImport(store);
  }

  @Test
  void run_generatedDatabase_bringsEveryVersionDeletionTimeAndPolicyAcross() throws Exception {
    try (SpikeDbGenerator g = generate()) {
      // written by the generator only
    }

    ImportReport report = importer().run(db, spikeKey);

    assertThat(report.secretsImported()).isEqualTo(4);
    assertThat(report.versionsImported()).isEqualTo(7);
    assertThat(report.policiesImported()).isEqualTo(2);
    assertThat(report.corrupt()).isEmpty();
    assertThat(report.conflicts()).isEmpty();
    SecretIndex appDb = store.loadSecretIndex("app/db").orElseThrow();
    assertThat(appDb.currentVersion()).isEqualTo(3);
    assertThat(appDb.oldestVersion()).isEqualTo(1);
    assertThat(appDb.createdTime()).isEqualTo(Instant.ofEpochSecond(T1.getEpochSecond()));
    assertThat(appDb.updatedTime()).isEqualTo(Instant.ofEpochSecond(T3.getEpochSecond()));
    assertThat(appDb.maxVersions()).isEqualTo(10);
    assertThat(appDb.versions())
        .containsExactly(
            Map.entry(1, new VersionState(1, T1, Optional.empty())),
            Map.entry(2, new VersionState(2, T2, Optional.of(T4))),
            Map.entry(3, new VersionState(3, T3, Optional.empty())));
    assertThat(values("app/db", 1))
        .containsExactlyInAnyOrderEntriesOf(Map.of("user", "admin", "pass", "v1"));
    assertThat(values("app/db", 2)).containsEntry("pass", "v2");
    assertThat(values("app/db", 3)).containsEntry("pass", "v3 ünïcode");
    SecretIndex gone = store.loadSecretIndex("app/gone").orElseThrow();
    assertThat(gone.currentVersion()).isZero();
    assertThat(gone.versions().get(1).deletedTime()).contains(T2);
    assertThat(values("app/gone", 1)).containsEntry("k", "only");
    assertThat(values("app/one", 1)).isEmpty();
    SecretIndex stale = store.loadSecretIndex("app/stale").orElseThrow();
    assertThat(stale.currentVersion()).isEqualTo(2);
    assertThat(stale.oldestVersion()).as("lowest live version, not SPIKE's stale 0").isEqualTo(2);
    assertThat(values("app/stale", 2)).containsEntry("k", "b");
    assertThat(store.loadAllPolicies())
        .containsExactly(
            new PolicyRecord(
                "admins",
                "^spiffe://spike\\.ist/admin$",
                ".*",
                List.of("super"),
                Instant.ofEpochSecond(T2.getEpochSecond()),
                Instant.ofEpochSecond(T2.getEpochSecond())),
            new PolicyRecord(
                "readers",
                "^spiffe://spike\\.ist/app/.*$",
                "^app/.*$",
                List.of("read", "list"),
                Instant.ofEpochSecond(T1.getEpochSecond()),
                Instant.ofEpochSecond(T1.getEpochSecond())));
  }

  @Test
  void run_versionsSpikePrunedButNeverDeleted_stayPrunedAndAreReported() throws Exception {
    try (SpikeDbGenerator g = new SpikeDbGenerator(db, spikeKey)) {
      g.put("app/p", Map.of("n", "1"), T1, 2);
      g.put("app/p", Map.of("n", "2"), T2, 2);
      g.put("app/p", Map.of("n", "3"), T3, 2);
    }
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var r = c.createStatement().executeQuery("SELECT COUNT(*) FROM secrets")) {
      assertThat(r.getInt(1)).as("SPIKE leaves the pruned row in the file").isEqualTo(3);
    }

    ImportReport report = importer().run(db, spikeKey);

    SecretIndex p = store.loadSecretIndex("app/p").orElseThrow();
    assertThat(p.versions()).containsOnlyKeys(2, 3);
    assertThat(p.oldestVersion()).isEqualTo(2);
    assertThat(p.maxVersions()).isEqualTo(2);
    assertThat(report.ignored())
        .containsExactly("secret app/p version 1: pruned by SPIKE but never deleted");
  }

  @Test
  void run_nilDataMap_staysNull() throws Exception {
    try (SpikeDbGenerator g = new SpikeDbGenerator(db, spikeKey)) {
      g.put("app/nil", null, T1, 10); // Go marshals a nil map[string]string as null
    }

    importer().run(db, spikeKey);

    assertThat(store.loadSecretValues("app/nil", 1))
        .hasValueSatisfying(v -> assertThat(v.isNull()).isTrue());
  }

  @Test
  void run_secondTime_changesNothing() throws Exception {
    try (SpikeDbGenerator g = generate()) {
      // written by the generator only
    }
    importer().run(db, spikeKey);
    Map<String, Object> before = snapshot();

    ImportReport again = importer().run(db, spikeKey);

    assertThat(again.changedNothing()).isTrue();
    assertThat(again.secretsUnchanged()).isEqualTo(4);
    assertThat(again.policiesUnchanged()).isEqualTo(2);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void run_wrongRootKey_isRefusedAndWritesNothing() throws Exception {
    try (SpikeDbGenerator g = generate()) {
      // written by the generator only
    }
    try (RootKey other = RootKey.generate(random)) {
      assertThatThrownBy(() -> importer().run(db, other))
          .isInstanceOf(WrongSpikeKeyException.class)
          .hasMessageContaining("decrypts no row")
          .hasMessageContaining("nothing was written");
    }
    assertThat(store.hasData()).isFalse();
  }

  @Test
  void run_corruptedVersionRow_isReportedByPathAndTheRestImports() throws Exception {
    try (SpikeDbGenerator g = generate()) {
      g.sql(
          "UPDATE secrets SET encrypted_data = zeroblob(40) WHERE path = 'app/db' AND version = 2");
      g.sql("UPDATE policies SET encrypted_permissions = x'00' WHERE name = 'admins'");
      g.sql(
          "INSERT INTO secrets SELECT 'orphan/x', version, nonce, encrypted_data, created_time,"
              + " deleted_time FROM secrets WHERE path = 'app/one'");
    }

    ImportReport report = importer().run(db, spikeKey);

    assertThat(report.corrupt())
        .containsExactly(
            "secret app/db version 2: does not decrypt under the SPIKE root key",
            "policy admins: does not decrypt under the SPIKE root key");
    assertThat(store.loadSecretIndex("app/db")).isEmpty();
    assertThat(store.listSecretPaths()).containsExactly("app/gone", "app/one", "app/stale");
    assertThat(store.loadAllPolicies()).extracting(PolicyRecord::name).containsExactly("readers");
    assertThat(report.ignored())
        .containsExactly("secret orphan/x: version rows without a metadata row");
    assertThat(String.join("\n", report.lines()))
        .contains("skipped (unreadable): secret app/db version 2")
        .doesNotContain("v2");
  }

  @Test
  void run_storeAlreadyHoldsOtherVersion_leavesItAndReportsConflict() throws Exception {
    try (SpikeDbGenerator g = new SpikeDbGenerator(db, spikeKey)) {
      g.put("app/db", Map.of("pass", "spike"), T1, 10);
    }
    try (SpikeDbGenerator g = new SpikeDbGenerator(dir.resolve("other.db"), spikeKey)) {
      g.put("app/db", Map.of("pass", "ours"), T2, 10);
    }
    importer().run(dir.resolve("other.db"), spikeKey);

    ImportReport report = importer().run(db, spikeKey);

    assertThat(report.conflicts())
        .containsExactly("secret app/db: this store already holds version 1 with other content");
    assertThat(values("app/db", 1)).containsEntry("pass", "ours");
  }

  @Test
  void load_anyThresholdOfSpikeRecoveryFiles_rebuildsTheKey() throws Exception {
    List<Shard> shards = Shamir.split(spikeKey, ShamirParameters.of(2, 3));
    Path files = Files.createDirectory(dir.resolve("recovery"));
    for (Shard s : List.of(shards.get(0), shards.get(2))) {
      Files.write(
          files.resolve(RecoveryLine.fileName(s.index())),
          RecoveryLine.format(s, InsecureSecretAccess.get()));
    }
    shards.forEach(Shard::close);

    try (RootKey rebuilt = SpikeRecoveryFiles.load(files)) {
      assertThat(rebuilt.equalsSecret(spikeKey)).isTrue();
    }
  }

  @Test
  void load_noRecoveryFiles_saysWhatIsMissing() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThatThrownBy(() -> SpikeRecoveryFiles.load(empty))
        .hasMessageContaining("no SPIKE recovery files (spike.recovery.<i>.txt)");
  }

  @Test
  void run_notASpikeDatabase_isRefused() throws Exception {
    Files.writeString(db, "");
    assertThatThrownBy(() -> importer().run(db, spikeKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a SPIKE Nexus database");
  }

  Map<String, String> values(String path, int version) {
    return store.loadSecretValues(path, version).flatMap(SecretValues::asMap).orElseThrow();
  }

  Map<String, Object> snapshot() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (String path : store.listSecretPaths()) {
      SecretIndex index = store.loadSecretIndex(path).orElseThrow();
      all.put(path, index);
      for (int v : index.versions().keySet()) {
        all.put(path + "#" + v, store.loadSecretValues(path, v).flatMap(SecretValues::asMap));
      }
    }
    all.put("policies", new ArrayList<>(store.loadAllPolicies()));
    return all;
  }
}
