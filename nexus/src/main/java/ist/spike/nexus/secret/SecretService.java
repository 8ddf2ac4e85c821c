package ist.spike.nexus.secret;

import static java.util.Objects.requireNonNull;

import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.NewVersion;
import ist.spike.nexus.store.SecretChange;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.SecretValues;
import ist.spike.nexus.store.VersionState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

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

  /**
   * Creates the service.
   *
   * @param backend the storage
   * @param clock the time source for created/updated/deleted times
   * @param maxVersions versions kept per new path ({@code SPIKE_NEXUS_MAX_SECRET_VERSIONS})
   */
  public SecretService(Backend backend, Clock clock, int maxVersions) {
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
   * @throws InvalidInputException for a bad path or key
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
        current -> {
          int currentVersion = current.map(SecretIndex::currentVersion).orElse(0);
          if (expectedVersion.isPresent() && expectedVersion.getAsInt() != currentVersion) {
            throw new VersionConflictException(path, expectedVersion.getAsInt(), currentVersion);
          }
          Instant now = clock.instant();
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
          SecretIndex index =
              new SecretIndex(path, next, oldestLive(versions), created, now, max, versions);
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
        backend
            .loadSecretIndex(path)
            .orElseThrow(() -> new SecretNotFoundException("no secret at path " + path));
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
    backend.updateSecret(
        path,
        current -> {
          SecretIndex index =
              current.orElseThrow(() -> new SecretNotFoundException("no secret at path " + path));
          TreeSet<Integer> targets = new TreeSet<>();
          for (int v : list.isEmpty() ? List.of(0) : list) {
            targets.add(v == 0 ? index.currentVersion() : v);
          }
          Instant now = clock.instant();
          TreeMap<Integer, VersionState> states = index.versionsCopy();
          boolean changed = false;
          for (int v : targets) {
            VersionState s = states.get(v);
            if (s != null && !s.isDeleted()) {
              states.put(v, s.deletedAt(now));
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
          SecretIndex index =
              current.orElseThrow(() -> new SecretNotFoundException("no secret at path " + path));
          TreeMap<Integer, VersionState> states = index.versionsCopy();
          TreeSet<Integer> targets = new TreeSet<>();
          if (list.isEmpty()) {
            if (index.currentVersion() == 0) {
              states.descendingMap().values().stream()
                  .filter(VersionState::isDeleted)
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
          for (int v : targets) {
            VersionState s = states.get(v);
            if (s != null && s.isDeleted()) {
              states.put(v, s.undeleted());
              highestRestored = Math.max(highestRestored, v);
            }
          }
          if (highestRestored == 0) {
            throw new SecretNotFoundException("no deleted version to restore at path " + path);
          }
          Instant now = clock.instant();
          int currentVersion = Math.max(index.currentVersion(), highestRestored);
          return new SecretChange<>(
              Optional.of(rebuild(index, currentVersion, states, now)), Optional.empty(), null);
        });
  }

  /** Lists every stored path (including fully deleted ones) in ascending order. */
  public List<String> list() {
    return backend.listSecretPaths();
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
        states);
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
