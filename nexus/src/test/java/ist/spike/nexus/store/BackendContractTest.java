package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.nexus.policy.InvalidPolicyException;
import ist.spike.nexus.policy.PolicyDraft;
import ist.spike.nexus.policy.PolicyNotFoundException;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.secret.InvalidInputException;
import ist.spike.nexus.secret.KvLimits;
import ist.spike.nexus.secret.SecretNotFoundException;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.VersionConflictException;
import ist.spike.nexus.snapshot.InvalidSnapshotException;
import ist.spike.nexus.snapshot.SnapshotManifest;
import ist.spike.nexus.snapshot.Snapshots;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one contract every backend meets, run by a subclass per backend. Includes SPIKE's versioning
 * cases (spec §12, {@code secret_test}) through {@link SecretService}.
 */
abstract class BackendContractTest {
  @TempDir Path dir;

  protected Backend backend;
  protected RootKey rootKey;
  protected SecretService secrets;
  protected PolicyService policies;

  abstract BackendKind kind();

  Backend open(RootKey key) {
    return BackendFactory.open(BackendConfig.of(kind(), dir.resolve("nexus")), key);
  }

  /** Opens this store under a new root key that still opens what {@code older} keys sealed. */
  Backend openRotated(RootKey key, List<RootKey> older) {
    return BackendFactory.open(BackendConfig.of(kind(), dir.resolve("nexus")), key, older, n -> {});
  }

  /** Opens a second, empty store of the same kind (a restore target). */
  Backend openTarget(RootKey key) {
    return BackendFactory.open(BackendConfig.of(kind(), dir.resolve("target")), key);
  }

  SecretService secrets(Backend b, int maxVersions) {
    return new SecretService(
        b, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), maxVersions);
  }

  @BeforeEach
  void setUp() {
    rootKey = RootKey.generate(new SecureRandom());
    backend = open(rootKey);
    secrets = secrets(backend, 3);
    policies = new PolicyService(backend, Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    backend.close();
    rootKey.close();
  }

  void assumeStorage() {
    assumeTrue(backend.storesData(), kind() + " stores no secrets or policies");
  }

  static Map<String, String> kv(String k, String v) {
    return Map.of(k, v);
  }

  String value(String path, int version) {
    return secrets.get(path, version).asMap().orElseThrow().get("k");
  }

  void putN(String path, int n) {
    for (int i = 1; i <= n; i++) {
      secrets.put(path, kv("k", "v" + i), OptionalInt.empty());
    }
  }

  @Test
  void countSealed_isTheReSealsTotal_andStaysAfterIt() throws Exception {
    if (kind() != BackendKind.SQLITE && kind() != BackendKind.POSTGRES) {
      if (backend.storesData()) {
        putN("app/db", 3);
      }
      for (SealedKind kind : SealedKind.values()) {
        assertThat(backend.countSealed(kind)).as(kind.name()).isZero();
      }
      return;
    }
    putN("app/db", 3);
    putN("app/other", 1);
    backend.close();
    try (RootKey next = RootKey.generate(new SecureRandom())) {
      backend = openRotated(next, List.of(rootKey));
      long total = 0;
      long found = 0;
      for (SealedKind kind : SealedKind.values()) {
        long count = backend.countSealed(kind);
        int n;
        long resealed = 0;
        while ((n = backend.resealStale(kind, 2)) > 0) {
          resealed += n;
        }
        assertThat(resealed).as("%s: every sealed row was stale", kind).isEqualTo(count);
        assertThat(backend.countSealed(kind)).as("%s after the re-seal", kind).isEqualTo(count);
        total += count;
        found += resealed;
      }
      // 4 secret versions, 2 secret indexes at least
      assertThat(total).isEqualTo(found).isGreaterThanOrEqualTo(6);
    }
  }

  @Test
  void resealStale_afterARotation_everyRowOpensUnderTheNewKeyAloneAndConcurrentWritesAreKept()
      throws Exception {
    assumeTrue(
        kind() == BackendKind.SQLITE || kind() == BackendKind.POSTGRES,
        kind() + " seals no rows to re-seal");
    putN("app/db", 3);
    for (int i = 0; i < 5; i++) {
      putN("app/many/" + i, 1);
    }
    backend.upsertPolicy(
        "readers",
        old ->
            new PolicyRecord(
                "readers",
                "spiffe://example\\.org/app",
                "app/.*",
                List.of("read"),
                Instant.EPOCH,
                Instant.EPOCH));
    backend.close();
    try (RootKey next = RootKey.generate(new SecureRandom())) {
      backend = openRotated(next, List.of(rootKey));
      secrets = secrets(backend, 3);
      assertThat(value("app/db", 2)).as("old rows open during the rotation").isEqualTo("v2");
      ExecutorService writer = Executors.newSingleThreadExecutor();
      Future<Integer> writes;
      try {
        writes =
            writer.submit(
                () -> {
                  int n = 0;
                  for (; n < 20; n++) {
                    secrets.put("app/db", kv("k", "w" + n), OptionalInt.empty());
                  }
                  return n;
                });
        int found = 0;
        for (SealedKind kind : SealedKind.values()) {
          for (int round = 0; round < 100; round++) {
            int n = backend.resealStale(kind, 2);
            found += n;
            if (n == 0) {
              break;
            }
          }
        }
        assertThat(writes.get()).isEqualTo(20);
        assertThat(found).isPositive();
      } finally {
        writer.shutdownNow();
      }
      for (SealedKind kind : SealedKind.values()) {
        assertThat(backend.resealStale(kind, 100)).as(kind.name()).isZero();
      }
      backend.close();
      backend = open(next);
      secrets = secrets(backend, 3);
      assertThat(secrets.get("app/db", 0).asMap().orElseThrow().get("k"))
          .as("the last concurrent write survived the re-seal")
          .isEqualTo("w19");
      for (int i = 0; i < 5; i++) {
        assertThat(value("app/many/" + i, 1)).isEqualTo("v1");
      }
      assertThat(backend.loadPolicy("readers")).isPresent();
    }
  }

  @Test
  void resealStale_rowOfAnUnknownKey_failsAndChangesNothing() {
    assumeTrue(
        kind() == BackendKind.SQLITE || kind() == BackendKind.POSTGRES,
        kind() + " seals no rows to re-seal");
    putN("app/db", 1);
    backend.close();
    try (RootKey stranger = RootKey.generate(new SecureRandom())) {
      backend = open(stranger);
      assertThatThrownBy(() -> backend.resealStale(SealedKind.SECRET_VALUES, 10))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("secret_versions row path=app/db");
    }
    backend.close();
    backend = open(rootKey);
    secrets = secrets(backend, 3);
    assertThat(value("app/db", 1)).isEqualTo("v1");
  }

  @Test
  void kind_isTheConfiguredOne() {
    assertThat(backend.kind()).isEqualTo(kind());
  }

  @Test
  void keyCheck_storedThenLoaded_sameBytes() {
    assumeTrue(kind() != BackendKind.LITE, "lite keeps no key check");
    assertThat(backend.loadKeyCheck()).isEmpty();
    backend.storeKeyCheck(new byte[] {1, 2, 3});
    backend.storeKeyCheck(new byte[] {4, 5, 6});
    assertThat(backend.loadKeyCheck())
        .hasValueSatisfying(b -> assertThat(b).containsExactly(4, 5, 6));
  }

  @Test
  void keyGenerations_storedWithTheKeyCheckInOneWrite_bothLoaded() {
    assumeTrue(kind() != BackendKind.LITE, "lite keeps nothing");
    assertThat(backend.loadKeyGenerations()).isEmpty();
    backend.storeKeyCheck(new byte[] {1});
    backend.storeKeyGenerations(new byte[] {7, 8}, new byte[] {2});
    backend.storeKeyGenerations(new byte[] {9}, new byte[] {3});
    assertThat(backend.loadKeyGenerations())
        .hasValueSatisfying(b -> assertThat(b).containsExactly(9));
    assertThat(backend.loadKeyCheck()).hasValueSatisfying(b -> assertThat(b).containsExactly(3));
  }

  @Test
  void shardCommitments_storedThenLoaded_sameBytesAndKeyCheckUntouched() {
    assumeTrue(kind() != BackendKind.LITE, "lite keeps nothing");
    assertThat(backend.loadShardCommitments()).isEmpty();
    backend.storeKeyCheck(new byte[] {9});
    backend.storeShardCommitments(new byte[] {1, 2, 3});
    backend.storeShardCommitments(new byte[] {4, 5, 6});
    assertThat(backend.loadShardCommitments())
        .hasValueSatisfying(b -> assertThat(b).containsExactly(4, 5, 6));
    assertThat(backend.loadKeyCheck()).hasValueSatisfying(b -> assertThat(b).containsExactly(9));
    assertThat(backend.hasData()).isFalse();
  }

  @Test
  void hasData_emptyThenSecretThenPolicy() {
    assumeStorage();
    assertThat(backend.hasData()).isFalse();
    backend.storeKeyCheck(new byte[] {1});
    assertThat(backend.hasData()).isFalse();
    secrets.put("a/b", kv("k", "v"), OptionalInt.empty());
    assertThat(backend.hasData()).isTrue();
  }

  @Test
  void hasData_policyOnly_true() {
    assumeStorage();
    policies.upsert(new PolicyDraft("p", "^spiffe://x/y$", "^a$", List.of("read")));
    assertThat(backend.hasData()).isTrue();
  }

  @Test
  void cipher_roundTrips() throws Exception {
    var sealed = backend.cipher().seal(new byte[] {1, 2, 3});
    assertThat(backend.cipher().open(sealed.nonce(), sealed.ciphertext())).containsExactly(1, 2, 3);
  }

  @Test
  void put_fivePutsMaxThree_keepsThreeNewest() {
    assumeStorage();
    putN("p", 5);
    SecretIndex index = secrets.metadata("p", 0);
    assertThat(index.versions().keySet()).containsExactly(3, 4, 5);
    assertThat(index.oldestVersion()).isEqualTo(3);
    assertThat(index.currentVersion()).isEqualTo(5);
    assertThatThrownBy(() -> secrets.get("p", 1)).isInstanceOf(SecretNotFoundException.class);
    assertThatThrownBy(() -> secrets.get("p", 2)).isInstanceOf(SecretNotFoundException.class);
    assertThat(backend.loadSecretValues("p", 1)).isEmpty();
    assertThat(backend.loadSecretValues("p", 2)).isEmpty();
    assertThat(value("p", 0)).isEqualTo("v5");
  }

  @Test
  void delete_currentOfThree_currentBecomesTwo() {
    assumeStorage();
    putN("p", 3);
    secrets.delete("p", List.of(0));
    assertThat(secrets.metadata("p", 0).currentVersion()).isEqualTo(2);
    assertThat(backend.loadSecretIndex("p").orElseThrow().versions().get(3).isDeleted()).isTrue();
    assertThat(value("p", 0)).isEqualTo("v2");
  }

  @Test
  void delete_oneAndThreeOfFour_currentStaysFour() {
    assumeStorage();
    secrets = secrets(backend, 10);
    putN("p", 4);
    secrets.delete("p", List.of(1, 3));
    assertThat(secrets.metadata("p", 0).currentVersion()).isEqualTo(4);
    assertThat(value("p", 2)).isEqualTo("v2");
    assertThat(value("p", 4)).isEqualTo("v4");
    assertThatThrownBy(() -> secrets.get("p", 3)).isInstanceOf(SecretNotFoundException.class);
  }

  @Test
  void delete_allVersions_getFailsCurrentZero() {
    assumeStorage();
    putN("p", 3);
    secrets.delete("p", List.of(1, 2, 3));
    assertThatThrownBy(() -> secrets.get("p", 0)).isInstanceOf(SecretNotFoundException.class);
    SecretIndex index = backend.loadSecretIndex("p").orElseThrow();
    assertThat(index.currentVersion()).isZero();
    assertThat(index.oldestVersion()).isZero();
    assertThat(index.versions().values()).allMatch(VersionState::isDeleted);
    assertThat(secrets.list()).containsExactly("p");
  }

  @Test
  void deleteAndUndelete_missingPath_notFound() {
    assumeStorage();
    assertThatThrownBy(() -> secrets.delete("nope", List.of()))
        .isInstanceOf(SecretNotFoundException.class);
    assertThatThrownBy(() -> secrets.undelete("nope", List.of()))
        .isInstanceOf(SecretNotFoundException.class);
  }

  @Test
  void undelete_oneOfTwoDeleted_onlyThatReadable() {
    assumeStorage();
    putN("p", 3);
    secrets.delete("p", List.of(1, 2));
    secrets.undelete("p", List.of(1));
    assertThat(value("p", 1)).isEqualTo("v1");
    assertThatThrownBy(() -> secrets.get("p", 2)).isInstanceOf(SecretNotFoundException.class);
    assertThat(secrets.metadata("p", 0).currentVersion()).isEqualTo(3);
  }

  @Test
  void undelete_emptyListAllDeleted_restoresHighest() {
    assumeStorage();
    putN("p", 3);
    secrets.delete("p", List.of(1, 2, 3));
    secrets.undelete("p", List.of());
    assertThat(secrets.metadata("p", 0).currentVersion()).isEqualTo(3);
    assertThat(value("p", 0)).isEqualTo("v3");
  }

  @Test
  void undelete_nothingDeleted_notFound() {
    assumeStorage();
    putN("p", 2);
    assertThatThrownBy(() -> secrets.undelete("p", List.of(1)))
        .isInstanceOf(SecretNotFoundException.class);
  }

  @Test
  void get_missingVersionOrPath_notFound() {
    assumeStorage();
    putN("p", 1);
    assertThatThrownBy(() -> secrets.get("p", 99)).isInstanceOf(SecretNotFoundException.class);
    assertThatThrownBy(() -> secrets.get("q", 0)).isInstanceOf(SecretNotFoundException.class);
    assertThatThrownBy(() -> secrets.metadata("q", 0)).isInstanceOf(SecretNotFoundException.class);
  }

  @Test
  void put_afterDeletingCurrent_doesNotOverwriteDeletedVersion() {
    assumeStorage();
    secrets = secrets(backend, 10);
    putN("p", 3);
    secrets.delete("p", List.of(3));
    int v = secrets.put("p", kv("k", "new"), OptionalInt.empty());
    assertThat(v).isEqualTo(4);
    secrets.undelete("p", List.of(3));
    assertThat(value("p", 3)).isEqualTo("v3");
    assertThat(value("p", 0)).isEqualTo("new");
  }

  @Test
  void put_nullAndEmptyValues_keptDistinct() {
    assumeStorage();
    secrets.put("n", null, OptionalInt.empty());
    secrets.put("e", Map.of(), OptionalInt.empty());
    assertThat(secrets.get("n", 0).isNull()).isTrue();
    assertThat(secrets.get("e", 0).asMap()).hasValue(Map.of());
  }

  @Test
  void put_unicodeValues_roundTrip() {
    assumeStorage();
    Map<String, String> v =
        Map.of("greeting", "Grüße 日本 🔑", "html", "<b>&amp;</b>", "ls", "a\u2028b");
    secrets.put("i18n", v, OptionalInt.empty());
    assertThat(secrets.get("i18n", 0).asMap()).hasValue(v);
  }

  @Test
  void put_casMatches_writes_casStale_conflictAndNothingWritten() {
    assumeStorage();
    assertThat(secrets.put("c", kv("k", "a"), OptionalInt.of(0))).isEqualTo(1);
    assertThat(secrets.put("c", kv("k", "b"), OptionalInt.of(1))).isEqualTo(2);
    assertThatThrownBy(() -> secrets.put("c", kv("k", "x"), OptionalInt.of(1)))
        .isInstanceOf(VersionConflictException.class)
        .hasMessageContaining("expected current version 1 but it is 2");
    assertThatThrownBy(() -> secrets.put("new", kv("k", "x"), OptionalInt.of(3)))
        .isInstanceOf(VersionConflictException.class);
    assertThat(value("c", 0)).isEqualTo("b");
    assertThat(secrets.list()).containsExactly("c");
  }

  @Test
  void list_sortedByteOrder() {
    assumeStorage();
    for (String p : List.of("b/x", "a", "B", "a/b", "_z")) {
      secrets.put(p, kv("k", "v"), OptionalInt.empty());
    }
    assertThat(secrets.list()).containsExactly("B", "_z", "a", "a/b", "b/x");
  }

  @Test
  void metadata_reportsRealVersionNumbersAndTimes() {
    assumeStorage();
    putN("p", 2);
    secrets.delete("p", List.of(1));
    SecretIndex index = secrets.metadata("p", 0);
    assertThat(index.versions().keySet()).containsExactly(1, 2);
    assertThat(index.versions().get(1).version()).isEqualTo(1);
    assertThat(index.versions().get(1).deletedTime())
        .hasValue(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(index.maxVersions()).isEqualTo(3);
    assertThat(index.createdTime()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
  }

  @Test
  void updateSecret_concurrentPuts_everyVersionDistinct() throws Exception {
    assumeStorage();
    secrets = secrets(backend, 1000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        futures.add(pool.submit(() -> secrets.put("c", kv("k", "v" + n), OptionalInt.empty())));
      }
      List<Integer> versions = new ArrayList<>();
      for (Future<Integer> f : futures) {
        versions.add(f.get());
      }
      assertThat(versions).doesNotHaveDuplicates().hasSize(200);
      assertThat(secrets.metadata("c", 0).currentVersion()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void updateSecret_functionThrows_nothingStored() {
    assumeStorage();
    assertThatThrownBy(
            () ->
                backend.updateSecret(
                    "x",
                    cur -> {
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(backend.loadSecretIndex("x")).isEmpty();
  }

  @Test
  void policies_upsertKeepsCreatedAt_listSortedByName_deleteMissingNotFound() throws Exception {
    assumeStorage();
    var first =
        policies.upsert(new PolicyDraft("zeta", "^spiffe://x/a$", "^a/.*$", List.of("read")));
    policies.upsert(new PolicyDraft("alpha", "^spiffe://x/b$", "^b$", List.of("write")));
    Thread.sleep(2);
    var second =
        policies.upsert(
            new PolicyDraft("zeta", "^spiffe://x/a$", "^a/.*$", List.of("read", "list")));
    assertThat(second.createdAt()).isEqualTo(first.createdAt());
    assertThat(second.updatedAt()).isAfter(first.updatedAt());
    assertThat(policies.get("zeta").permissions()).containsExactly("read", "list");
    assertThat(policies.list("", ""))
        .extracting(PolicyRecord::name)
        .containsExactly("alpha", "zeta");
    assertThat(policies.list("^spiffe://x/b$", ""))
        .extracting(PolicyRecord::name)
        .containsExactly("alpha");
    assertThat(policies.list("", "^a/.*$")).extracting(PolicyRecord::name).containsExactly("zeta");
    policies.delete("alpha");
    assertThatThrownBy(() -> policies.delete("alpha")).isInstanceOf(PolicyNotFoundException.class);
    assertThatThrownBy(() -> policies.get("alpha")).isInstanceOf(PolicyNotFoundException.class);
  }

  @Test
  void policies_storedUnanchoredReservedPolicy_grantsNothingOnReservedPath() {
    assumeStorage();
    // written directly, bypassing the upsert guard, as an older or foreign Nexus could have
    backend.upsertPolicy(
        "legacy",
        old ->
            new PolicyRecord(
                "legacy",
                "spiffe://example\\.org/audit",
                "acl",
                List.of("write"),
                Instant.EPOCH,
                Instant.EPOCH));
    policies.reload();
    assertThat(
            policies.allows(
                "spiffe://example.org/audit",
                "spike/system/acl",
                List.of(ist.spike.nexus.policy.Permission.WRITE)))
        .isFalse();
    assertThat(
            policies.allows(
                "spiffe://example.org/audit",
                "my/acl",
                List.of(ist.spike.nexus.policy.Permission.WRITE)))
        .isTrue();
  }

  @Test
  void policies_invalidRegex_rejectedWithMessage() {
    assumeStorage();
    assertThatThrownBy(
            () -> policies.upsert(new PolicyDraft("p", "^spiffe://x/y$", "^(x$", List.of("read"))))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("pathPattern is not a valid RE2");
  }

  // ---- KV v2 completeness (issue 17) ------------------------------------------------------

  static SecretService.SettingsChange settings(
      Integer max, Boolean cas, Duration after, Map<String, String> custom) {
    return new SecretService.SettingsChange(
        max == null ? OptionalInt.empty() : OptionalInt.of(max),
        Optional.ofNullable(cas),
        Optional.ofNullable(after),
        Optional.ofNullable(custom));
  }

  @Test
  void destroy_version_valuesGoneFromStorageAndNotRestorable() {
    assumeStorage();
    putN("d", 3);
    secrets.destroy("d", List.of(2));
    assertThat(backend.loadSecretValues("d", 2)).isEmpty();
    assertThat(backend.loadSecretValues("d", 1)).isPresent();
    SecretIndex index = backend.loadSecretIndex("d").orElseThrow();
    assertThat(index.versions().get(2).destroyed()).isTrue();
    assertThat(index.versions().get(2).isDeleted()).isTrue();
    assertThat(index.versions().get(3).destroyed()).isFalse();
    assertThatThrownBy(() -> secrets.get("d", 2)).isInstanceOf(SecretNotFoundException.class);
    assertThatThrownBy(() -> secrets.undelete("d", List.of(2)))
        .isInstanceOf(SecretNotFoundException.class);
    assertThat(value("d", 0)).isEqualTo("v3");
  }

  @Test
  void destroy_softDeletedCurrent_currentMovesDownAndUndeleteCannotBringItBack() {
    assumeStorage();
    putN("d", 2);
    secrets.delete("d", List.of());
    secrets.destroy("d", List.of(2));
    assertThat(secrets.metadata("d", 0).currentVersion()).isEqualTo(1);
    assertThat(backend.loadSecretValues("d", 2)).isEmpty();
    assertThatThrownBy(() -> secrets.undelete("d", List.of(2)))
        .isInstanceOf(SecretNotFoundException.class);
    // a later put still numbers above the destroyed version
    assertThat(secrets.put("d", kv("k", "v3"), OptionalInt.empty())).isEqualTo(3);
  }

  @Test
  void destroy_badInput_refusedAndNothingChanged() {
    assumeStorage();
    putN("d", 1);
    assertThatThrownBy(() -> secrets.destroy("d", List.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least one version");
    List<Integer> tooMany = new ArrayList<>();
    for (int i = 0; i <= KvLimits.MAX_VERSIONS_PER_REQUEST; i++) {
      tooMany.add(1);
    }
    assertThatThrownBy(() -> secrets.destroy("d", tooMany))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 100");
    assertThatThrownBy(() -> secrets.destroy("d", java.util.Arrays.asList(1, -1)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> secrets.destroy("missing", List.of(1)))
        .isInstanceOf(SecretNotFoundException.class);
    assertThat(value("d", 1)).isEqualTo("v1");
  }

  @Test
  void settings_customMetadataKeptAcrossVersionsAndNotVersioned() {
    assumeStorage();
    putN("m", 1);
    secrets.updateSettings("m", settings(null, null, null, Map.of("owner", "team-a", "tier", "1")));
    putN("m", 2);
    SecretIndex index = backend.loadSecretIndex("m").orElseThrow();
    assertThat(index.settings().customMetadata())
        .containsExactly(Map.entry("owner", "team-a"), Map.entry("tier", "1"));
    assertThat(index.currentVersion()).isEqualTo(3);
    secrets.updateSettings("m", settings(null, null, null, Map.of()));
    assertThat(backend.loadSecretIndex("m").orElseThrow().settings().customMetadata()).isEmpty();
    assertThat(value("m", 0)).isEqualTo("v2");
  }

  @Test
  void settings_customMetadataOverLimits_refusedAndNothingChanged() {
    assumeStorage();
    putN("m", 1);
    secrets.updateSettings("m", settings(null, null, null, Map.of("a", "b")));
    Map<String, String> many = new java.util.HashMap<>();
    for (int i = 0; i <= KvLimits.MAX_METADATA_KEYS; i++) {
      many.put("k" + i, "v");
    }
    assertThatThrownBy(() -> secrets.updateSettings("m", settings(null, null, null, many)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 64 keys");
    assertThatThrownBy(
            () ->
                secrets.updateSettings(
                    "m", settings(null, null, null, Map.of("k".repeat(129), "v"))))
        .hasMessageContaining("at most 128 bytes");
    assertThatThrownBy(
            () ->
                secrets.updateSettings(
                    "m", settings(null, null, null, Map.of("k", "\u00e9".repeat(257)))))
        .hasMessageContaining("at most 512 bytes; got 514");
    assertThatThrownBy(() -> secrets.updateSettings("m", settings(0, null, null, null)))
        .hasMessageContaining("maxVersions must be between 1 and 1000");
    assertThatThrownBy(() -> secrets.updateSettings("nope", settings(2, null, null, null)))
        .isInstanceOf(SecretNotFoundException.class);
    assertThat(backend.loadSecretIndex("m").orElseThrow().settings().customMetadata())
        .containsExactly(Map.entry("a", "b"));
  }

  @Test
  void settings_lowerMaxVersions_prunesOldestAtOnceAndKeepsNewLimit() {
    assumeStorage();
    secrets = secrets(backend, 10);
    putN("x", 5);
    secrets.updateSettings("x", settings(2, null, null, null));
    assertThat(backend.loadSecretIndex("x").orElseThrow().versions().keySet())
        .containsExactly(4, 5);
    assertThat(backend.loadSecretValues("x", 3)).isEmpty();
    putN("x", 1);
    SecretIndex index = backend.loadSecretIndex("x").orElseThrow();
    assertThat(index.versions().keySet()).containsExactly(5, 6);
    assertThat(index.maxVersions()).isEqualTo(2);
  }

  @Test
  void casRequired_perSecret_putWithoutCasRefused_withCasWrites() {
    assumeStorage();
    putN("c", 1);
    secrets.updateSettings("c", settings(null, true, null, null));
    assertThatThrownBy(() -> secrets.put("c", kv("k", "x"), OptionalInt.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("check-and-set is required for c");
    assertThat(secrets.put("c", kv("k", "y"), OptionalInt.of(1))).isEqualTo(2);
    // other paths are not affected
    assertThat(secrets.put("other", kv("k", "z"), OptionalInt.empty())).isEqualTo(1);
    secrets.updateSettings("c", settings(null, false, null, null));
    assertThat(secrets.put("c", kv("k", "w"), OptionalInt.empty())).isEqualTo(3);
  }

  @Test
  void casRequired_asDefault_everyPutNeedsCas_evenWhenTheSecretSaysFalse() {
    assumeStorage();
    SecretService strict =
        new SecretService(backend, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), 3, true);
    assertThatThrownBy(() -> strict.put("n", kv("k", "x"), OptionalInt.empty()))
        .isInstanceOf(InvalidInputException.class);
    assertThat(backend.loadSecretIndex("n")).isEmpty();
    assertThat(strict.put("n", kv("k", "x"), OptionalInt.of(0))).isEqualTo(1);
    strict.updateSettings("n", settings(null, false, null, null));
    assertThatThrownBy(() -> strict.put("n", kv("k", "y"), OptionalInt.empty()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void deleteVersionAfter_versionsExpireByTheClock() {
    assumeStorage();
    ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    SecretService timed = new SecretService(backend, clock, 10);
    timed.put("t", kv("k", "v1"), OptionalInt.empty());
    timed.updateSettings("t", settings(null, null, Duration.ofHours(1), null));
    clock.advance(Duration.ofMinutes(30));
    timed.put("t", kv("k", "v2"), OptionalInt.empty());
    clock.advance(Duration.ofMinutes(29));
    assertThat(timed.get("t", 1).asMap().orElseThrow()).containsEntry("k", "v1");
    clock.advance(Duration.ofMinutes(1)); // version 1 is exactly one hour old
    assertThatThrownBy(() -> timed.get("t", 1)).isInstanceOf(SecretNotFoundException.class);
    SecretIndex meta = timed.metadata("t", 0);
    assertThat(meta.currentVersion()).isEqualTo(2);
    assertThat(meta.versions().get(1).deletedTime())
        .hasValue(Instant.parse("2026-03-01T01:00:00Z"));
    assertThatThrownBy(() -> timed.undelete("t", List.of(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("deleteVersionAfter");
    clock.advance(Duration.ofMinutes(30)); // version 2 expires too
    assertThatThrownBy(() -> timed.get("t", 0))
        .isInstanceOf(SecretNotFoundException.class)
        .hasMessageContaining("every version of t is deleted");
    // clearing the setting does not revive expired versions: they were deleted at expiry
    timed.updateSettings("t", settings(null, null, Duration.ZERO, null));
    assertThatThrownBy(() -> timed.get("t", 0)).isInstanceOf(SecretNotFoundException.class);
    timed.undelete("t", List.of(2));
    assertThat(timed.get("t", 0).asMap().orElseThrow()).containsEntry("k", "v2");
  }

  @Test
  void list_prefixAndPages_coverEveryMatchOnceInOrder() {
    assumeStorage();
    for (String p : List.of("app/a", "app/b", "app/c", "app/d", "app/e", "apple", "b/x", "ap")) {
      secrets.put(p, kv("k", "v"), OptionalInt.empty());
    }
    SecretService.PathPage first = secrets.list("app/", "", 2);
    assertThat(first.paths()).containsExactly("app/a", "app/b");
    assertThat(first.next()).hasValue("app/b");
    SecretService.PathPage second = secrets.list("app/", first.next().get(), 2);
    assertThat(second.paths()).containsExactly("app/c", "app/d");
    SecretService.PathPage last = secrets.list("app/", second.next().get(), 2);
    assertThat(last.paths()).containsExactly("app/e");
    assertThat(last.next()).isEmpty();
    assertThat(secrets.list("app", "", 100).paths())
        .containsExactly("app/a", "app/b", "app/c", "app/d", "app/e", "apple");
    assertThat(secrets.list("", "", 1000).paths()).hasSize(8).isSorted();
    assertThat(secrets.list("zzz", "", 5).paths()).isEmpty();
    assertThatThrownBy(() -> secrets.list("", "", 0)).hasMessageContaining("limit must be");
    assertThatThrownBy(() -> secrets.list("", "", 1001)).hasMessageContaining("limit must be");
    assertThatThrownBy(() -> secrets.list("bad prefix!", "", 5))
        .hasMessageContaining("prefix: path may contain only");
  }

  // ---- snapshots (issue 17) ---------------------------------------------------------------

  void assumeSealedRows() {
    assumeStorage();
    assumeTrue(kind() != BackendKind.MEMORY, "memory keeps no sealed rows");
    backend.claimKeyCheck(KeyCheckValue.of(rootKey).toBytes());
  }

  Backend keyedTarget(RootKey key) {
    Backend target = openTarget(key);
    target.claimKeyCheck(KeyCheckValue.of(key).toBytes());
    return target;
  }

  static byte[] snapshotBytes(Snapshots snapshots, Backend b) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    snapshots.write(snapshots.export(b), b, out);
    return out.toByteArray();
  }

  @Test
  void snapshot_memoryBackend_refusedAsUnsupported() {
    assumeTrue(kind() == BackendKind.MEMORY);
    assertThatThrownBy(() -> new Snapshots(Clock.systemUTC()).export(backend))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("memory");
  }

  @Test
  void snapshot_underConcurrentWrites_restoresEveryWriteAcknowledgedBeforeItsTime()
      throws Exception {
    assumeSealedRows();
    SecretService live = new SecretService(backend, Clock.systemUTC(), 3);
    policies.upsert(new PolicyDraft("ops", "^spiffe://x/ops$", "^ops/", List.of("read")));
    // acknowledged writes: path -> (version -> instant the put returned)
    java.util.concurrent.ConcurrentHashMap<
            String, java.util.concurrent.ConcurrentSkipListMap<Integer, Instant>>
        acked = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int id = w;
      writers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 100_000 && !stop.get(); i++) {
                  String path = "w" + id + "/s" + (i % 7);
                  int v =
                      live.put(path, Map.of("v", path + "#" + (i / 7 + 1)), OptionalInt.empty());
                  acked
                      .computeIfAbsent(
                          path, p -> new java.util.concurrent.ConcurrentSkipListMap<>())
                      .put(v, Instant.now());
                }
                return null;
              }));
    }
    // the snapshot starts once writes are flowing, and they keep flowing until it is written
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (acked.values().stream().mapToInt(Map::size).sum() < 30 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Snapshots snapshots = new Snapshots(Clock.systemUTC());
    var export = snapshots.export(backend);
    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    SnapshotManifest manifest = snapshots.write(export, backend, file);
    stop.set(true);
    for (Future<?> f : writers) {
      f.get();
    }
    pool.shutdown();
    Instant takenAt = Instant.parse(manifest.takenAt());
    try (Backend target = keyedTarget(rootKey)) {
      SnapshotManifest restored =
          snapshots.restore(target, new java.io.ByteArrayInputStream(file.toByteArray()));
      assertThat(restored).isEqualTo(manifest);
      SecretService back = new SecretService(target, Clock.systemUTC(), 3);
      int checked = 0;
      for (var e : acked.entrySet()) {
        for (var v : e.getValue().entrySet()) {
          if (v.getValue().isBefore(takenAt)) {
            var index = target.loadSecretIndex(e.getKey());
            assertThat(index).as("%s acknowledged before the snapshot", e.getKey()).isPresent();
            // a version pruned later (max 3) is gone, but a newer one must be there
            assertThat(index.get().versions().lastKey()).isGreaterThanOrEqualTo(v.getKey());
            checked++;
          }
        }
      }
      assertThat(checked).as("writes acknowledged before the snapshot").isPositive();
      assertThat(
              acked.values().stream()
                  .flatMap(m -> m.values().stream())
                  .anyMatch(t -> t.isAfter(takenAt)))
          .as("writes went on while the snapshot was read")
          .isTrue();
      // nothing half-written: every version an index lists opens, with the value its writer put
      for (String path : target.listSecretPaths()) {
        SecretIndex index = target.loadSecretIndex(path).orElseThrow();
        for (int v : index.versions().keySet()) {
          String value = back.get(path, v).asMap().orElseThrow().get("v");
          assertThat(value).startsWith(path + "#");
        }
      }
      assertThat(target.loadAllPolicies()).extracting(PolicyRecord::name).containsExactly("ops");
      assertThat(manifest.secrets()).isEqualTo(target.listSecretPaths().size());
    }
  }

  @Test
  void snapshot_restoreUnderAnotherRootKey_refusedAndNothingWritten() throws Exception {
    assumeSealedRows();
    putN("a", 2);
    Snapshots snapshots = new Snapshots(Clock.systemUTC());
    byte[] file = snapshotBytes(snapshots, backend);
    try (RootKey other = RootKey.generate(new SecureRandom());
        Backend target = keyedTarget(other)) {
      assertThatThrownBy(() -> snapshots.restore(target, new java.io.ByteArrayInputStream(file)))
          .isInstanceOf(InvalidSnapshotException.class)
          .hasMessageContaining("another root key");
      assertThat(target.hasData()).isFalse();
    }
  }

  @Test
  void snapshot_tamperedRowWithRecomputedHash_refusedByRowCheckAndNothingWritten()
      throws Exception {
    assumeSealedRows();
    putN("a", 2);
    putN("b", 1);
    Snapshots snapshots = new Snapshots(Clock.systemUTC());
    var export = snapshots.export(backend);
    // move b's values under a's name: each still decrypts, but not at its new place
    List<SealedRow> rows = new ArrayList<>();
    byte[] bValues = null;
    for (SealedRow r : export.rows()) {
      if (r instanceof SealedRow.Values v && v.path().equals("b")) {
        bValues = v.sealed();
      }
    }
    for (SealedRow r : export.rows()) {
      if (r instanceof SealedRow.Values v && v.path().equals("a") && v.version() == 1) {
        rows.add(new SealedRow.Values("a", 1, bValues));
      } else {
        rows.add(r);
      }
    }
    assertRestoreRefused(
        snapshots, export, rows, "integrity check failed for secret_versions for path a version 1");
  }

  @Test
  void snapshot_versionRowMissing_refusedAsIncomplete() throws Exception {
    assumeSealedRows();
    putN("a", 2);
    Snapshots snapshots = new Snapshots(Clock.systemUTC());
    var export = snapshots.export(backend);
    List<SealedRow> rows =
        export.rows().stream()
            .filter(r -> !(r instanceof SealedRow.Values v && v.version() == 2))
            .toList();
    assertRestoreRefused(
        snapshots, export, rows, "secret_versions for path a version 2 is missing");
  }

  /** Writes the rows as a snapshot and checks an empty target refuses it and stays empty. */
  void assertRestoreRefused(
      Snapshots snapshots, StoreExport export, List<SealedRow> rows, String message)
      throws Exception {
    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    snapshots.write(new StoreExport(export.startedAt(), export.keyCheck(), rows), backend, file);
    try (Backend target = keyedTarget(rootKey)) {
      assertThatThrownBy(
              () -> snapshots.restore(target, new java.io.ByteArrayInputStream(file.toByteArray())))
          .isInstanceOf(InvalidSnapshotException.class)
          .hasMessageContaining(message);
      assertThat(target.hasData()).isFalse();
      assertThat(target.listSecretPaths()).isEmpty();
    }
  }

  @Test
  void snapshot_restoreIntoStoreWithData_refused() throws Exception {
    assumeSealedRows();
    putN("a", 1);
    Snapshots snapshots = new Snapshots(Clock.systemUTC());
    byte[] file = snapshotBytes(snapshots, backend);
    assertThatThrownBy(() -> snapshots.restore(backend, new java.io.ByteArrayInputStream(file)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("empty store");
    assertThat(backend.listSecretPaths()).containsExactly("a");
  }

  @Test
  void snapshot_destroyedVersionsAndSettings_surviveRestore() throws Exception {
    assumeSealedRows();
    putN("d", 3);
    secrets.destroy("d", List.of(1));
    secrets.updateSettings("d", settings(null, true, null, Map.of("owner", "ops")));
    Snapshots snapshots = new Snapshots(Clock.systemUTC());
    byte[] file = snapshotBytes(snapshots, backend);
    try (Backend target = keyedTarget(rootKey)) {
      snapshots.restore(target, new java.io.ByteArrayInputStream(file));
      SecretIndex index = target.loadSecretIndex("d").orElseThrow();
      assertThat(index).isEqualTo(backend.loadSecretIndex("d").orElseThrow());
      assertThat(target.loadSecretValues("d", 1)).isEmpty();
      assertThat(target.loadSecretValues("d", 3).orElseThrow().asMap().orElseThrow())
          .containsEntry("k", "v3");
    }
  }
}
