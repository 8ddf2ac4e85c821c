package ist.spike.nexus.transit;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.aead.Aad;
import ist.spike.crypto.aead.VersionedKeyring;
import ist.spike.nexus.policy.ReservedPaths;
import ist.spike.nexus.secret.InvalidInputException;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.NewVersion;
import ist.spike.nexus.store.SecretChange;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.SecretSettings;
import ist.spike.nexus.store.SecretValues;
import ist.spike.nexus.store.VersionState;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Transit key management over a {@link Backend}. Each key is one secret record at {@code
 * ~spike/transit/<name>} that keeps a single version; every change writes a new record version by
 * check-and-set against the version that was read, so concurrent changes (also from other Nexus
 * instances on the same PostgreSQL) never lose one another. A deleted key leaves a tombstone (its
 * index, no values) whose name can be created again.
 *
 * <p>Inputs are validated here ({@link InvalidInputException}); authorization happens before.
 */
public final class TransitKeys {
  /** Where transit keys are stored; no secret route accepts a path that starts with it. */
  public static final String PREFIX = ReservedPaths.INTERNAL_PREFIX + "transit/";

  private static final String AAD_LABEL = "spike/transit/v1";
  private static final int CAS_ATTEMPTS = 16;

  private final Backend backend;
  private final Clock clock;
  private final SecureRandom random;
  private final int maxKeys;

  /**
   * Creates the service.
   *
   * @param backend the storage
   * @param clock time source for creation and update times
   * @param random source of key material
   */
  public TransitKeys(Backend backend, Clock clock, SecureRandom random) {
    this(backend, clock, random, TransitLimits.MAX_KEYS);
  }

  /** As the public constructor, with another cap on stored key records (for tests). */
  TransitKeys(Backend backend, Clock clock, SecureRandom random, int maxKeys) {
    this.backend = requireNonNull(backend, "backend");
    this.clock = requireNonNull(clock, "clock");
    this.random = requireNonNull(random, "random");
    this.maxKeys = maxKeys;
  }

  /** Returns the associated data every ciphertext of the key is bound to. */
  public static Aad aad(String name) {
    return Aad.of(AAD_LABEL, name);
  }

  private static String path(String name) {
    return PREFIX + name;
  }

  private record Loaded(SecretIndex index, SecretValues values, TransitKeyState state) {}

  private Optional<Loaded> load(String name) {
    String path = path(name);
    for (int i = 0; i < CAS_ATTEMPTS; i++) {
      Optional<SecretIndex> index = backend.loadSecretIndex(path);
      if (index.isEmpty() || index.get().currentVersion() == 0) {
        return Optional.empty();
      }
      int v = index.get().currentVersion();
      Optional<SecretValues> values = backend.loadSecretValues(path, v);
      if (values.isPresent()) {
        return Optional.of(
            new Loaded(
                index.get(),
                values.get(),
                StoredTransitKey.state(name, values.get(), index.get().updatedTime())));
      }
      // replaced between the two reads: read again
    }
    throw new TransitKeyConflictException(
        "transit key " + name + " kept changing while being read; retry");
  }

  private Loaded existing(String name) {
    return load(name).orElseThrow(() -> new TransitKeyNotFoundException(name));
  }

  /**
   * Creates a key with version 1.
   *
   * @param name the key name
   * @param type the key type ({@code ""} for the default)
   * @param deletionAllowed whether delete is allowed
   * @return the new key's description
   * @throws InvalidInputException for a bad name or type, or when {@value TransitLimits#MAX_KEYS}
   *     keys are stored
   * @throws TransitKeyConflictException if the key exists
   */
  public TransitKeyState create(String name, String type, boolean deletionAllowed) {
    TransitLimits.name(name);
    String t = TransitLimits.type(type);
    if (backend.listSecretPaths(PREFIX, "", maxKeys + 1).size() >= maxKeys
        && backend.loadSecretIndex(path(name)).isEmpty()) {
      throw new InvalidInputException(
          "at most "
              + maxKeys
              + " transit keys can be stored (deleted names included); reuse a deleted name");
    }
    Instant now = clock.instant();
    SecretValues values = StoredTransitKey.created(t, deletionAllowed, now, random);
    String path = path(name);
    backend.updateSecret(
        path,
        current -> {
          if (current.isPresent() && current.get().currentVersion() != 0) {
            throw new TransitKeyConflictException(
                "transit key " + name + " exists; rotate it to add a version");
          }
          int next =
              current.map(i -> i.versions().isEmpty() ? 0 : i.versions().lastKey()).orElse(0);
          return write(path, next + 1, now, now, values);
        });
    return StoredTransitKey.state(name, values, now);
  }

  /**
   * Describes a key.
   *
   * @param name the key name
   * @return its description
   * @throws TransitKeyNotFoundException if there is no such key
   */
  public TransitKeyState info(String name) {
    TransitLimits.name(name);
    return existing(name).state();
  }

  /** Returns every key's name, ascending. */
  public List<String> list() {
    List<String> out = new ArrayList<>();
    for (String p : backend.listSecretPaths(PREFIX, "", TransitLimits.MAX_KEYS + 1)) {
      Optional<SecretIndex> i = backend.loadSecretIndex(p);
      if (i.isPresent() && i.get().currentVersion() != 0) {
        out.add(p.substring(PREFIX.length()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Adds a new latest version.
   *
   * @param name the key name
   * @return the description after the change
   * @throws InvalidInputException when the key has {@value TransitLimits#MAX_VERSIONS} versions
   */
  public TransitKeyState rotate(String name) {
    TransitLimits.name(name);
    return change(
        name,
        l -> {
          int next = l.state().latestVersion() + 1;
          if (next > TransitLimits.MAX_VERSIONS) {
            throw new InvalidInputException(
                "transit key "
                    + name
                    + " has "
                    + TransitLimits.MAX_VERSIONS
                    + " versions, the most a key may have; create a new key and rewrap into it");
          }
          return StoredTransitKey.rotated(l.values(), next, clock.instant(), random);
        });
  }

  /**
   * Changes a key's settings; absent ones stay.
   *
   * @param name the key name
   * @param minDecryptionVersion the lowest version that still decrypts, 1..latest
   * @param deletionAllowed whether delete is allowed
   * @return the description after the change
   * @throws InvalidInputException if the minimum is out of range
   */
  public TransitKeyState configure(
      String name, Optional<Integer> minDecryptionVersion, Optional<Boolean> deletionAllowed) {
    TransitLimits.name(name);
    return change(
        name,
        l -> {
          int min = minDecryptionVersion.orElse(l.state().minDecryptionVersion());
          if (min < 1 || min > l.state().latestVersion()) {
            throw new InvalidInputException(
                "minDecryptionVersion must be between 1 and the latest version "
                    + l.state().latestVersion()
                    + "; got "
                    + min);
          }
          return StoredTransitKey.configured(
              l.values(), min, deletionAllowed.orElse(l.state().deletionAllowed()));
        });
  }

  /**
   * Deletes a key and erases its key material from storage.
   *
   * @param name the key name
   * @throws InvalidInputException if the key's deletion is not allowed
   */
  public void delete(String name) {
    TransitLimits.name(name);
    for (int i = 0; i < CAS_ATTEMPTS; i++) {
      Loaded l = existing(name);
      if (!l.state().deletionAllowed()) {
        throw new InvalidInputException(
            "deletion of transit key "
                + name
                + " is not allowed; set deletionAllowed to true with config first");
      }
      Instant now = clock.instant();
      boolean done =
          backend.updateSecret(
              path(name),
              current -> {
                if (!sameVersion(current, l)) {
                  return SecretChange.none(false);
                }
                SecretIndex old = current.get();
                TreeMap<Integer, VersionState> states = old.versionsCopy();
                states.replaceAll((v, s) -> s.destroyed() ? s : s.destroyedAt(now));
                SecretIndex tomb =
                    new SecretIndex(
                        old.path(),
                        0,
                        0,
                        old.createdTime(),
                        now,
                        1,
                        states,
                        SecretSettings.DEFAULT);
                return new SecretChange<>(Optional.of(tomb), Optional.empty(), true);
              });
      if (done) {
        return;
      }
    }
    throw conflict(name);
  }

  /**
   * Runs {@code use} with the key's keyring, which is closed (its key bytes zeroed) afterwards.
   *
   * @param name the key name
   * @param use what to do with the keyring
   * @param <T> the result type
   * @return what {@code use} returned
   * @throws TransitKeyNotFoundException if there is no such key
   * @throws GeneralSecurityException what {@code use} throws
   */
  public <T> T withKeyring(String name, KeyringUse<T> use) throws GeneralSecurityException {
    TransitLimits.name(name);
    Loaded l = existing(name);
    try (VersionedKeyring ring = StoredTransitKey.keyring(l.state(), l.values())) {
      return use.apply(ring);
    }
  }

  /**
   * Something done with an open keyring.
   *
   * @param <T> the result type
   */
  @FunctionalInterface
  public interface KeyringUse<T> {
    /**
     * Uses the keyring.
     *
     * @param ring the open keyring; do not keep it
     * @return the result
     * @throws GeneralSecurityException on a cryptographic failure
     */
    T apply(VersionedKeyring ring) throws GeneralSecurityException;
  }

  private TransitKeyState change(String name, Function<Loaded, SecretValues> next) {
    for (int i = 0; i < CAS_ATTEMPTS; i++) {
      Loaded l = existing(name);
      SecretValues values = next.apply(l);
      Instant now = clock.instant();
      String path = path(name);
      boolean done =
          backend.updateSecret(
              path,
              current -> {
                if (!sameVersion(current, l)) {
                  return SecretChange.none(false);
                }
                SecretIndex old = current.get();
                return write(path, old.versions().lastKey() + 1, old.createdTime(), now, values);
              });
      if (done) {
        return StoredTransitKey.state(name, values, now);
      }
    }
    throw conflict(name);
  }

  private static boolean sameVersion(Optional<SecretIndex> current, Loaded l) {
    return current.isPresent() && current.get().currentVersion() == l.index().currentVersion();
  }

  private static SecretChange<Boolean> write(
      String path, int version, Instant created, Instant now, SecretValues values) {
    TreeMap<Integer, VersionState> states = new TreeMap<>();
    states.put(version, new VersionState(version, now, Optional.empty()));
    SecretIndex index =
        new SecretIndex(path, version, version, created, now, 1, states, SecretSettings.DEFAULT);
    return new SecretChange<>(
        Optional.of(index), Optional.of(new NewVersion(version, values)), Boolean.TRUE);
  }

  private static TransitKeyConflictException conflict(String name) {
    return new TransitKeyConflictException(
        "transit key " + name + " kept changing under concurrent writers; retry");
  }
}
