package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.aead.SpikeCompatCipher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Keeps everything in memory; data is lost at exit. Updates are serialised by one lock. */
final class MemoryBackend implements Backend {
  private final Object lock = new Object();
  private final TreeMap<String, SecretIndex> indexes = new TreeMap<>();
  private final Map<String, Map<Integer, SecretValues>> values = new HashMap<>();
  private final TreeMap<String, PolicyRecord> policies = new TreeMap<>();
  private final SpikeCompatCipher cipher;
  private byte[] keyCheck;
  private byte[] keyGenerations;
  private byte[] shardCommitments;

  MemoryBackend(SpikeCompatCipher cipher) {
    this.cipher = requireNonNull(cipher, "cipher");
  }

  @Override
  public BackendKind kind() {
    return BackendKind.MEMORY;
  }

  @Override
  public boolean storesData() {
    return true;
  }

  @Override
  public Optional<SecretIndex> loadSecretIndex(String path) {
    synchronized (lock) {
      return Optional.ofNullable(indexes.get(path));
    }
  }

  @Override
  public Optional<SecretValues> loadSecretValues(String path, int version) {
    synchronized (lock) {
      Map<Integer, SecretValues> byVersion = values.get(path);
      return byVersion == null ? Optional.empty() : Optional.ofNullable(byVersion.get(version));
    }
  }

  @Override
  public <T> T updateSecret(String path, SecretUpdate<T> update) {
    synchronized (lock) {
      SecretChange<T> change = update.apply(Optional.ofNullable(indexes.get(path)));
      if (change.newIndex().isPresent()) {
        SecretIndex index = change.newIndex().get();
        Map<Integer, SecretValues> byVersion = values.computeIfAbsent(path, p -> new HashMap<>());
        change.added().ifPresent(v -> byVersion.put(v.version(), v.values()));
        byVersion
            .keySet()
            .removeIf(v -> !index.versions().containsKey(v) || index.versions().get(v).destroyed());
        indexes.put(path, index);
      }
      return change.result();
    }
  }

  @Override
  public List<String> listSecretPaths() {
    synchronized (lock) {
      return List.copyOf(indexes.keySet());
    }
  }

  @Override
  public Optional<PolicyRecord> loadPolicy(String name) {
    synchronized (lock) {
      return Optional.ofNullable(policies.get(name));
    }
  }

  @Override
  public List<PolicyRecord> loadAllPolicies() {
    synchronized (lock) {
      return List.copyOf(new ArrayList<>(policies.values()));
    }
  }

  @Override
  public PolicyRecord upsertPolicy(
      String name, Function<Optional<PolicyRecord>, PolicyRecord> update) {
    synchronized (lock) {
      PolicyRecord next = update.apply(Optional.ofNullable(policies.get(name)));
      if (!next.name().equals(name)) {
        throw new IllegalArgumentException("policy name must not change on upsert");
      }
      policies.put(name, next);
      return next;
    }
  }

  @Override
  public boolean deletePolicy(String name) {
    synchronized (lock) {
      return policies.remove(name) != null;
    }
  }

  @Override
  public Optional<byte[]> loadKeyCheck() {
    synchronized (lock) {
      return Optional.ofNullable(keyCheck).map(byte[]::clone);
    }
  }

  @Override
  public void storeKeyCheck(byte[] value) {
    requireNonNull(value, "keyCheck");
    synchronized (lock) {
      keyCheck = value.clone();
    }
  }

  @Override
  public Optional<byte[]> loadKeyGenerations() {
    synchronized (lock) {
      return Optional.ofNullable(keyGenerations).map(byte[]::clone);
    }
  }

  @Override
  public void storeKeyGenerations(byte[] generations, byte[] check) {
    requireNonNull(generations, "generations");
    requireNonNull(check, "keyCheck");
    synchronized (lock) {
      keyGenerations = generations.clone();
      keyCheck = check.clone();
    }
  }

  @Override
  public boolean replaceKeyGenerations(
      Optional<byte[]> expected, byte[] generations, byte[] check) {
    requireNonNull(expected, "expected");
    requireNonNull(generations, "generations");
    requireNonNull(check, "keyCheck");
    synchronized (lock) {
      boolean same =
          expected.isPresent() == (keyGenerations != null)
              && (keyGenerations == null
                  || java.util.Arrays.equals(keyGenerations, expected.get()));
      if (!same) {
        return false;
      }
      keyGenerations = generations.clone();
      keyCheck = check.clone();
      return true;
    }
  }

  @Override
  public Optional<byte[]> loadShardCommitments() {
    synchronized (lock) {
      return Optional.ofNullable(shardCommitments).map(byte[]::clone);
    }
  }

  @Override
  public void storeShardCommitments(byte[] value) {
    requireNonNull(value, "commitments");
    synchronized (lock) {
      shardCommitments = value.clone();
    }
  }

  @Override
  public boolean hasData() {
    synchronized (lock) {
      return !indexes.isEmpty() || !policies.isEmpty();
    }
  }

  @Override
  public SpikeCompatCipher cipher() {
    return cipher;
  }

  @Override
  public void close() {
    cipher.close();
  }

  @Override
  public String toString() {
    return "MemoryBackend";
  }
}
