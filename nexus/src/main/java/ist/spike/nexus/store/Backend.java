package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.aead.SpikeCompatCipher;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Nexus storage: secrets, policies and the root key's key-check value.
 *
 * <p>Implementations are thread-safe. Reads never return data that failed authentication: they
 * throw {@link IntegrityException} instead. Writes are durable when they return (to the degree the
 * backend's configured durability promises). Every method may throw {@link StoreException} when
 * storage fails.
 */
public interface Backend extends AutoCloseable {

  /** Returns which backend this is. */
  BackendKind kind();

  /**
   * Returns true if secrets and policies are stored ({@code false} for {@code lite}, whose data
   * routes are not served).
   */
  boolean storesData();

  /**
   * Loads the index (metadata and version states) of a secret.
   *
   * @param path the secret path
   * @return the index, or empty if the path was never written
   */
  Optional<SecretIndex> loadSecretIndex(String path);

  /**
   * Loads the values of one stored version, whether or not it is soft-deleted.
   *
   * @param path the secret path
   * @param version the version number
   * @return the values, or empty if that version is not stored
   * @throws IntegrityException if the stored ciphertext fails authentication
   */
  Optional<SecretValues> loadSecretValues(String path, int version);

  /**
   * Atomically reads, changes and writes one secret. Updates of the same backend are serialised;
   * the function may be called on another thread than the caller's and must not block.
   *
   * @param path the secret path
   * @param update computes the change from the current index
   * @param <T> the result type
   * @return the change's result
   */
  <T> T updateSecret(String path, SecretUpdate<T> update);

  /**
   * Lists every stored secret path (including those whose versions are all deleted) in ascending
   * byte order.
   */
  List<String> listSecretPaths();

  /**
   * Lists stored secret paths that start with {@code prefix} and sort after {@code after}, in
   * ascending byte order, at most {@code limit} of them.
   *
   * @param prefix the prefix, "" for every path
   * @param after the exclusive lower bound, "" for none
   * @param limit the most paths to return, at least 1
   * @return the paths
   */
  default List<String> listSecretPaths(String prefix, String after, int limit) {
    requireNonNull(prefix, "prefix");
    requireNonNull(after, "after");
    return listSecretPaths().stream()
        .filter(p -> p.startsWith(prefix) && p.compareTo(after) > 0)
        .limit(limit)
        .toList();
  }

  /**
   * Loads a policy by name.
   *
   * @param name the policy name
   * @return the policy, or empty if none has this name
   */
  Optional<PolicyRecord> loadPolicy(String name);

  /** Loads every policy, ordered by name. */
  List<PolicyRecord> loadAllPolicies();

  /**
   * Atomically creates or replaces a policy.
   *
   * @param name the policy name
   * @param update computes the policy to store from the current one (empty if new); its name must
   *     equal {@code name}
   * @return the stored policy
   */
  PolicyRecord upsertPolicy(String name, Function<Optional<PolicyRecord>, PolicyRecord> update);

  /**
   * Deletes a policy.
   *
   * @param name the policy name
   * @return true if it existed
   */
  boolean deletePolicy(String name);

  /**
   * Loads the root key's key-check value stored alongside the data.
   *
   * @return a copy of the stored value, or empty if none was stored ({@code memory} keeps it for
   *     the life of the process only; {@code lite} keeps nothing and always answers empty)
   */
  Optional<byte[]> loadKeyCheck();

  /**
   * Stores the root key's key-check value (replacing any earlier one).
   *
   * @param keyCheck the value; not secret
   */
  void storeKeyCheck(byte[] keyCheck);

  /**
   * Loads the Feldman commitments of the root key's Shamir split, stored beside the key-check value
   * (ADR-0161).
   *
   * @return a copy of the stored bytes ({@code FeldmanCommitments.toBytes()}), or empty if none
   *     were stored ({@code lite} keeps nothing)
   */
  Optional<byte[]> loadShardCommitments();

  /**
   * Stores the Feldman commitments of the root key's Shamir split (replacing earlier ones).
   *
   * @param commitments {@code FeldmanCommitments.toBytes()}; public, not secret
   */
  void storeShardCommitments(byte[] commitments);

  /**
   * Loads the record of root-key generations and of a running rotation (ADR-0162).
   *
   * @return a copy of the stored bytes ({@code KeyGenerations.toBytes()}), or empty if none were
   *     stored (a store that never rotated; {@code lite} keeps nothing)
   */
  default Optional<byte[]> loadKeyGenerations() {
    return Optional.empty();
  }

  /**
   * Stores the record of root-key generations and the key-check value of the active key in one
   * transaction, so that a crash never leaves one without the other (ADR-0162).
   *
   * @param generations {@code KeyGenerations.toBytes()}; holds only public values and wrapped keys
   * @param keyCheck the key-check value of the active generation
   */
  default void storeKeyGenerations(byte[] generations, byte[] keyCheck) {
    requireNonNull(generations, "generations");
    requireNonNull(keyCheck, "keyCheck");
    // lite keeps nothing across restarts
  }

  /**
   * Replaces the record of root-key generations and the active key-check value in one transaction,
   * but only if the stored record is still {@code expected} (compare-and-set, ADR-0164), so that a
   * run that read a stale record never overwrites another run's.
   *
   * @param expected the record as read before ({@code KeyGenerations.toBytes()}), empty if none was
   *     stored
   * @param generations the new record
   * @param keyCheck the key-check value of the active generation
   * @return true if stored; false, changing nothing, if the stored record differs from {@code
   *     expected}
   */
  default boolean replaceKeyGenerations(
      Optional<byte[]> expected, byte[] generations, byte[] keyCheck) {
    requireNonNull(expected, "expected");
    storeKeyGenerations(generations, keyCheck);
    return true;
  }

  /**
   * Takes the exclusion a root-key rotation or rekey holds for its whole run (ADR-0164). A store
   * that several instances share answers it across them; a store of one process answers {@link
   * KeyRunLock#SINGLE_PROCESS}, the process guarding itself.
   *
   * @param run what the caller is about to run, e.g. "rotation to generation 3"; shown to other
   *     instances that are refused (no secrets)
   * @return the held exclusion; the caller closes it when the run ends
   * @throws KeyRunHeldException if another instance holds it; the message names that instance
   * @throws StoreException if the store cannot be reached
   */
  default KeyRunLock tryLockKeyRuns(String run) throws KeyRunHeldException {
    requireNonNull(run, "run");
    return KeyRunLock.SINGLE_PROCESS;
  }

  /**
   * Stores the key-check value unless one is stored already, atomically with respect to every
   * process sharing this store, and returns the value stored now (the given one, or the earlier
   * one, which the caller must verify its key against).
   *
   * @param keyCheck the value of the key this process holds; not secret
   * @return a copy of the value in the store after the call
   */
  default byte[] claimKeyCheck(byte[] keyCheck) {
    Optional<byte[]> stored = loadKeyCheck();
    if (stored.isPresent()) {
      return stored.get();
    }
    storeKeyCheck(keyCheck);
    return keyCheck.clone();
  }

  /**
   * Returns a number that changes whenever policies may have been changed by another process that
   * shares this store, so a cache can reload before its next use. Backends used by one process only
   * return a constant (their own writes are seen by the writer).
   */
  default long policyGeneration() {
    return 0;
  }

  /**
   * Reads every sealed row in one consistent read (a snapshot), without opening any of them.
   *
   * @param clock the time source for {@link StoreExport#startedAt()}
   * @return the rows and the stored key-check value
   * @throws UnsupportedOperationException if this backend keeps no sealed rows ({@code memory},
   *     {@code lite})
   * @throws StoreException if no key-check value is stored or storage fails
   */
  default StoreExport exportSealed(java.time.Clock clock) {
    throw new UnsupportedOperationException(
        "the " + kind().wireName() + " backend keeps no sealed rows to snapshot");
  }

  /**
   * Verifies and writes sealed rows into this store, all or nothing: every row must open with this
   * store's key at its own place and decode, every version listed live or deleted in an index must
   * have its values row and every values row its index entry, and the store must hold no secret or
   * policy yet.
   *
   * @param rows the rows
   * @throws IntegrityException naming the first row that does not verify; nothing is written
   * @throws IllegalStateException if the store already holds secrets or policies
   * @throws UnsupportedOperationException if this backend keeps no sealed rows
   */
  default void importSealed(List<SealedRow> rows) {
    throw new UnsupportedOperationException(
        "the " + kind().wireName() + " backend keeps no sealed rows to restore into");
  }

  /**
   * Re-seals, under the current storage key, up to {@code limit} stored rows of a kind that an
   * earlier root key sealed (root-key rotation, ADR-0162). Each row is rewritten only if it still
   * holds what was read, so concurrent writes win and nothing is lost; call until it returns 0.
   * Backends that seal nothing (memory, lite) return 0.
   *
   * @param kind the kind of row
   * @param limit the most rows to handle in this call, at least 1
   * @return how many stale rows were found (and re-sealed unless a writer replaced them first)
   * @throws IntegrityException if a stale row opens under none of the keys this backend has
   */
  default int resealStale(SealedKind kind, int limit) {
    requireNonNull(kind, "kind");
    return 0;
  }

  /**
   * Counts the stored rows of a kind that hold a sealed value, under any key: the work a re-seal
   * pass may face (root-key rotation progress, ADR-0162). Backends that seal nothing (memory, lite)
   * return 0.
   *
   * @param kind the kind of row
   * @return the number of sealed rows of that kind
   */
  default long countSealed(SealedKind kind) {
    requireNonNull(kind, "kind");
    return 0;
  }

  /** Returns true if any secret or policy is stored (Bootstrap refuses to re-key such a Nexus). */
  boolean hasData();

  /**
   * Returns SPIKE's encryption-as-a-service cipher: AES-256-GCM keyed by the root key, no
   * associated data, so SPIKE's clients interoperate.
   */
  SpikeCompatCipher cipher();

  /** Releases connections and threads and zeroes key material; idempotent. */
  @Override
  void close();
}
