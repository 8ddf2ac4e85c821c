package ist.spike.nexus.secret;

import static java.util.Objects.requireNonNull;

import ist.spike.nexus.policy.ReservedPaths;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.NewVersion;
import ist.spike.nexus.store.SecretChange;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.SecretSettings;
import ist.spike.nexus.store.SecretValues;
import ist.spike.nexus.store.VersionState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Secret operations with SPIKE's versioning semantics (spec §2.4), on top of a {@link Backend}.
 *
 * <p>Differences from SPIKE, all deliberate: pruned versions are deleted from storage; a new
 * version is numbered above every stored version (SPIKE reuses the number of a soft-deleted
 * current+1 version, silently overwriting it); the oldest version is always the lowest live
 * version; a put may carry an expected current version (check-and-set).
 *
 * <p>Inputs are validated here ({@link InvalidInputException}); authorization happens before.
 */
public final class SecretService {
  private final Backend backend;
  private final Clock clock;
  private final int maxVersions;
  private final boolean casRequired;

  /**
   * Creates the service with check-and-set optional unless a secret requires it.
   *
   * @param backend the storage
   * @param clock the time source for created/updated/deleted times
   * @param maxVersions versions kept per new path ({@code SPIKE_NEXUS_MAX_SECRET_VERSIONS})
   */
  public SecretService(Backend backend, Clock clock, int maxVersions) {
    this(backend, clock, maxVersions, false);
  }

  /**
   * Creates the service.
   *
   * @param backend the storage
   * @param clock the time source for created/updated/deleted times and for version expiry
   * @param maxVersions versions kept per new path ({@code SPIKE_NEXUS_MAX_SECRET_VERSIONS})
   * @param casRequired true if every put must carry the expected current version ({@code
   *     SPIKE_NEXUS_CAS_REQUIRED}); a secret's own setting can require it too, never waive it
   */
  public SecretService(Backend backend, Clock clock, int maxVersions, boolean casRequired) {
    this.casRequired = casRequired;
    this.backend = requireNonNull(backend, "backend");
    this.clock = requireNonNull(clock, "clock");
    if (maxVersions < 1) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_MAX_SECRET_VERSIONS must be >= 1; got " + maxVersions);
    }
    this.maxVersions = maxVersions;
  }

  /**
   * Writes a new version.
   *
   * @param path the secret path
   * @param values the pairs; keys must satisfy {@link InputRules#name}; {@code null} is stored as
   *     SPIKE's JSON-null form
   * @param expectedVersion if present, the write happens only if this is the current version (0 =
   *     the path must not exist or have no live version)
   * @return the new version number
   * @throws InvalidInputException for a bad path or key, or no {@code expectedVersion} where
   *     check-and-set is required
   * @throws VersionConflictException if {@code expectedVersion} is stale
   */
  public int put(String path, Map<String, String> values, OptionalInt expectedVersion) {
    InputRules.secretPath(path);
    requireNonNull(expectedVersion, "expectedVersion");
    if (values != null) {
      for (Map.Entry<String, String> e : values.entrySet()) {
        InputRules.name("key", e.getKey());
        if (e.getValue() == null) {
          throw new InvalidInputException("value of key '" + e.getKey() + "' must not be null");
        }
      }
    }
    if (expectedVersion.isPresent() && expectedVersion.getAsInt() < 0) {
      throw new InvalidInputException("cas must be >= 0; got " + expectedVersion.getAsInt());
    }
    SecretValues stored = SecretValues.of(values);
    return backend.updateSecret(
        path,
        loaded -> {
          Instant now = clock.instant();
          Optional<SecretIndex> current = loaded.map(i -> expired(i, now));
          boolean required =
              casRequired || current.map(i -> i.settings().casRequired()).orElse(false);
          if (required && expectedVersion.isEmpty()) {
            throw new InvalidInputException(
                "check-and-set is required for "
                    + path
                    + ": send cas with the current version (0 for a new secret)");
          }
          int currentVersion = current.map(SecretIndex::currentVersion).orElse(0);
          if (expectedVersion.isPresent() && expectedVersion.getAsInt() != currentVersion) {
            throw new VersionConflictException(path, expectedVersion.getAsInt(), currentVersion);
          }
          TreeMap<Integer, VersionState> versions =
              current.map(SecretIndex::versionsCopy).orElseGet(TreeMap::new);
          int highest = versions.isEmpty() ? 0 : versions.lastKey();
          int next = Math.max(highest, currentVersion) + 1;
          versions.put(next, new VersionState(next, now, Optional.empty()));
          int max = current.map(SecretIndex::maxVersions).orElse(maxVersions);
          while (versions.size() > max) {
            versions.pollFirstEntry();
          }
          Instant created = current.map(SecretIndex::createdTime).orElse(now);
          SecretSettings settings =
              current.map(SecretIndex::settings).orElse(SecretSettings.DEFAULT);
          SecretIndex index =
              new SecretIndex(
                  path, next, oldestLive(versions), created, now, max, versions, settings);
          return new SecretChange<>(
              Optional.of(index), Optional.of(new NewVersion(next, stored)), next);
        });
  }

  /**
   * Reads a version.
   *
   * @param path the secret path
   * @param version the version, 0 for the current one
   * @return the values
   * @throws SecretNotFoundException if the path, the version or every version is missing or deleted
   */
  public SecretValues get(String path, int version) {
    SecretIndex index = liveIndex(path, version);
    int wanted = version == 0 ? index.currentVersion() : version;
    return backend
        .loadSecretValues(path, wanted)
        .orElseThrow(() -> new SecretNotFoundException(notFound(path, wanted)));
  }

  /**
   * Returns the metadata and the state of every stored version, after the same existence checks as
   * {@link #get}.
   *
   * @param path the secret path
   * @param version the version to check, 0 for the current one
   * @return the index
   * @throws SecretNotFoundException as for {@link #get}
   */
  public SecretIndex metadata(String path, int version) {
    return liveIndex(path, version);
  }

  private SecretIndex liveIndex(String path, int version) {
    InputRules.secretPath(path);
    if (version < 0) {
      throw new InvalidInputException("version must be >= 0; got " + version);
    }
    SecretIndex index =
        expired(
            backend
                .loadSecretIndex(path)
                .orElseThrow(() -> new SecretNotFoundException("no secret at path " + path)),
            clock.instant());
    int wanted = version == 0 ? index.currentVersion() : version;
    if (wanted == 0) {
      throw new SecretNotFoundException("every version of " + path + " is deleted");
    }
    VersionState state = index.versions().get(wanted);
    if (state == null || state.isDeleted()) {
      throw new SecretNotFoundException(notFound(path, wanted));
    }
    return index;
  }

  /**
   * Soft-deletes versions.
   *
   * @param path the secret path
   * @param versions the versions; empty means the current one, and 0 stands for the current one;
   *     versions that are not stored are ignored
   * @throws SecretNotFoundException if the path does not exist
   */
  public void delete(String path, List<Integer> versions) {
    InputRules.secretPath(path);
    List<Integer> list = checkedVersions(versions);
    mark(
        path,
        list.isEmpty() ? List.of(0) : list,
        s -> !s.isDeleted(),
        (s, now) -> s.deletedAt(now));
  }

  /**
   * Restores soft-deleted versions.
   *
   * @param path the secret path
   * @param versions the versions; empty means the current one, or the highest deleted one when
   *     every version is deleted; 0 stands for the current one
   * @throws SecretNotFoundException if the path does not exist or no listed version was deleted
   */
  public void undelete(String path, List<Integer> versions) {
    InputRules.secretPath(path);
    List<Integer> list = checkedVersions(versions);
    backend.updateSecret(
        path,
        current -> {
          Instant now = clock.instant();
          SecretIndex index = existing(path, current, now);
          TreeMap<Integer, VersionState> states = index.versionsCopy();
          TreeSet<Integer> targets = new TreeSet<>();
          if (list.isEmpty()) {
            if (index.currentVersion() == 0) {
              states.descendingMap().values().stream()
                  .filter(v -> v.isDeleted() && !v.destroyed() && !isDue(index, v, now))
                  .findFirst()
                  .ifPresent(s -> targets.add(s.version()));
            } else {
              targets.add(index.currentVersion());
            }
          } else {
            for (int v : list) {
              if (v != 0) {
                targets.add(v);
              } else if (index.currentVersion() != 0) {
                targets.add(index.currentVersion());
              }
            }
          }
          int highestRestored = 0;
          int expiredTargets = 0;
          for (int v : targets) {
            VersionState s = states.get(v);
            if (s == null || !s.isDeleted() || s.destroyed()) {
              continue;
            }
            if (isDue(index, s, now)) {
              expiredTargets++;
              continue;
            }
            states.put(v, s.undeleted());
            highestRestored = Math.max(highestRestored, v);
          }
          if (highestRestored == 0 && expiredTargets > 0) {
            throw new InvalidInputException(
                "the version is older than deleteVersionAfter of "
                    + path
                    + ": raise or clear deleteVersionAfter to restore it");
          }
          if (highestRestored == 0) {
            throw new SecretNotFoundException("no deleted version to restore at path " + path);
          }
          int currentVersion = Math.max(index.currentVersion(), highestRestored);
          return new SecretChange<>(
              Optional.of(rebuild(index, currentVersion, states, now)), Optional.empty(), null);
        });
  }

  /**
   * Destroys versions: their values are erased from storage for good and they can no longer be read
   * or restored; their numbers and times stay in the metadata, marked destroyed.
   *
   * @param path the secret path
   * @param versions the versions, at least one; 0 stands for the current one; versions that are not
   *     stored are ignored
   * @throws InvalidInputException for a bad path or version list
   * @throws SecretNotFoundException if the path does not exist
   */
  public void destroy(String path, List<Integer> versions) {
    InputRules.secretPath(path);
    List<Integer> list = KvLimits.destroyVersions(versions);
    mark(path, list, s -> !s.destroyed(), (s, now) -> s.destroyedAt(now));
  }

  /**
   * Marks versions (0 = the current one) that are {@code eligible}; versions not stored are
   * ignored. The current version moves down to the highest live one if it was marked.
   */
  private void mark(
      String path,
      List<Integer> versions,
      Predicate<VersionState> eligible,
      BiFunction<VersionState, Instant, VersionState> marked) {
    backend.updateSecret(
        path,
        current -> {
          Instant now = clock.instant();
          SecretIndex index = existing(path, current, now);
          TreeMap<Integer, VersionState> states = index.versionsCopy();
          boolean changed = false;
          for (int v : versions) {
            int target = v == 0 ? index.currentVersion() : v;
            VersionState s = states.get(target);
            if (s != null && eligible.test(s)) {
              states.put(target, marked.apply(s, now));
              changed = true;
            }
          }
          if (!changed) {
            return SecretChange.none(null);
          }
          int currentVersion = index.currentVersion();
          VersionState cur = states.get(currentVersion);
          if (cur == null || cur.isDeleted()) {
            currentVersion = highestLive(states);
          }
          return new SecretChange<>(
              Optional.of(rebuild(index, currentVersion, states, now)), Optional.empty(), null);
        });
  }

  /**
   * Changes a secret's settings; absent fields stay as they are. Lowering {@code maxVersions}
   * removes the oldest versions at once.
   *
   * @param path the secret path
   * @param change the fields to change
   * @return the index after the change
   * @throws InvalidInputException for a bad path or setting
   * @throws SecretNotFoundException if the path does not exist
   */
  public SecretIndex updateSettings(String path, SettingsChange change) {
    InputRules.secretPath(path);
    requireNonNull(change, "change");
    change.maxVersions().ifPresent(KvLimits::maxVersions);
    Optional<Map<String, String>> custom = change.customMetadata().map(KvLimits::customMetadata);
    return backend.updateSecret(
        path,
        current -> {
          Instant now = clock.instant();
          SecretIndex index = existing(path, current, now);
          SecretSettings old = index.settings();
          SecretSettings settings =
              new SecretSettings(
                  custom.orElse(old.customMetadata()),
                  change.casRequired().orElse(old.casRequired()),
                  change.deleteVersionAfter().orElse(old.deleteVersionAfter()));
          int max = change.maxVersions().orElse(index.maxVersions());
          TreeMap<Integer, VersionState> states = index.versionsCopy();
          while (states.size() > max) {
            states.pollFirstEntry();
          }
          SecretIndex next =
              expired(
                  new SecretIndex(
                      path,
                      index.currentVersion(),
                      oldestLive(states),
                      index.createdTime(),
                      now,
                      max,
                      states,
                      settings),
                  now);
          return new SecretChange<>(Optional.of(next), Optional.empty(), next);
        });
  }

  /**
   * The fields of a settings change; empty ones stay as they are.
   *
   * @param maxVersions versions kept
   * @param casRequired whether puts must carry the expected current version
   * @param deleteVersionAfter version lifetime ({@link Duration#ZERO} for never)
   * @param customMetadata the new custom metadata, replacing the old pairs
   */
  public record SettingsChange(
      OptionalInt maxVersions,
      Optional<Boolean> casRequired,
      Optional<Duration> deleteVersionAfter,
      Optional<Map<String, String>> customMetadata) {
    /** Validates the components. */
    public SettingsChange {
      requireNonNull(maxVersions, "maxVersions");
      requireNonNull(casRequired, "casRequired");
      requireNonNull(deleteVersionAfter, "deleteVersionAfter");
      requireNonNull(customMetadata, "customMetadata");
    }
  }

  /**
   * Lists stored paths that start with {@code prefix}, in ascending byte order, one page at a time.
   *
   * @param prefix the prefix ("" for all)
   * @param after the last path of the previous page ("" for the first page)
   * @param limit the page size
   * @return the page
   * @throws InvalidInputException for a bad prefix, cursor or page size
   */
  public PathPage list(String prefix, String after, int limit) {
    String p = KvLimits.pathPrefix("prefix", prefix);
    String a = KvLimits.pathPrefix("after", after);
    int n = KvLimits.pageSize(limit);
    // internal records sort after every secret path, so dropping them cannot hide a later secret
    List<String> found =
        backend.listSecretPaths(p, a, n + 1).stream()
            .filter(x -> !ReservedPaths.isInternal(x))
            .toList();
    if (found.size() <= n) {
      return new PathPage(found, Optional.empty());
    }
    List<String> page = found.subList(0, n);
    return new PathPage(List.copyOf(page), Optional.of(page.get(n - 1)));
  }

  /**
   * One page of paths.
   *
   * @param paths the paths, ascending
   * @param next the cursor for the next page ({@code after}), empty on the last page
   */
  public record PathPage(List<String> paths, Optional<String> next) {
    /** Copies the components. */
    public PathPage {
      paths = List.copyOf(paths);
      requireNonNull(next, "next");
    }
  }

  /** Returns the index with versions past {@code deleteVersionAfter} marked deleted at expiry. */
  private static SecretIndex expired(SecretIndex index, Instant now) {
    if (!index.settings().versionsExpire()) {
      return index;
    }
    TreeMap<Integer, VersionState> states = index.versionsCopy();
    boolean changed = false;
    for (VersionState s : index.versions().values()) {
      if (!s.isDeleted() && isDue(index, s, now)) {
        states.put(
            s.version(), s.deletedAt(s.createdTime().plus(index.settings().deleteVersionAfter())));
        changed = true;
      }
    }
    if (!changed) {
      return index;
    }
    int currentVersion = index.currentVersion();
    VersionState cur = states.get(currentVersion);
    if (cur == null || cur.isDeleted()) {
      currentVersion = highestLive(states);
    }
    return new SecretIndex(
        index.path(),
        currentVersion,
        oldestLive(states),
        index.createdTime(),
        index.updatedTime(),
        index.maxVersions(),
        states,
        index.settings());
  }

  private static boolean isDue(SecretIndex index, VersionState s, Instant now) {
    Duration after = index.settings().deleteVersionAfter();
    return !after.isZero() && !s.createdTime().plus(after).isAfter(now);
  }

  private static SecretIndex existing(String path, Optional<SecretIndex> current, Instant now) {
    return expired(
        current.orElseThrow(() -> new SecretNotFoundException("no secret at path " + path)), now);
  }

  /**
   * Lists every stored secret path (including fully deleted ones) in ascending order; Nexus's
   * internal records are not secrets and not listed.
   */
  public List<String> list() {
    return backend.listSecretPaths().stream().filter(p -> !ReservedPaths.isInternal(p)).toList();
  }

  private static SecretIndex rebuild(
      SecretIndex old, int currentVersion, TreeMap<Integer, VersionState> states, Instant now) {
    return new SecretIndex(
        old.path(),
        currentVersion,
        oldestLive(states),
        old.createdTime(),
        now,
        old.maxVersions(),
        states,
        old.settings());
  }

  private static int oldestLive(TreeMap<Integer, VersionState> states) {
    for (VersionState s : states.values()) {
      if (!s.isDeleted()) {
        return s.version();
      }
    }
    return 0;
  }

  private static int highestLive(TreeMap<Integer, VersionState> states) {
    for (VersionState s : states.descendingMap().values()) {
      if (!s.isDeleted()) {
        return s.version();
      }
    }
    return 0;
  }

  private static List<Integer> checkedVersions(List<Integer> versions) {
    if (versions == null) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>(versions.size());
    for (Integer v : versions) {
      if (v == null || v < 0) {
        throw new InvalidInputException("versions must be integers >= 0; got " + v);
      }
      out.add(v);
    }
    return out;
  }

  private static String notFound(String path, int version) {
    return "version " + version + " of " + path + " does not exist or is deleted";
  }
}
