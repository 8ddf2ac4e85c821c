package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.aead.SpikeCompatCipher;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * SPIKE's {@code lite} mode: no storage, only the root-key cipher. Reads find nothing; writes are
 * refused (SPIKE accepts and drops them silently; ours says so, and the data routes are not served
 * in lite mode anyway).
 */
final class LiteBackend implements Backend {
  private final SpikeCompatCipher cipher;

  LiteBackend(SpikeCompatCipher cipher) {
    this.cipher = requireNonNull(cipher, "cipher");
  }

  @Override
  public BackendKind kind() {
    return BackendKind.LITE;
  }

  @Override
  public boolean storesData() {
    return false;
  }

  @Override
  public Optional<SecretIndex> loadSecretIndex(String path) {
    return Optional.empty();
  }

  @Override
  public Optional<SecretValues> loadSecretValues(String path, int version) {
    return Optional.empty();
  }

  @Override
  public <T> T updateSecret(String path, SecretUpdate<T> update) {
    throw refused();
  }

  @Override
  public List<String> listSecretPaths() {
    return List.of();
  }

  @Override
  public Optional<PolicyRecord> loadPolicy(String name) {
    return Optional.empty();
  }

  @Override
  public List<PolicyRecord> loadAllPolicies() {
    return List.of();
  }

  @Override
  public PolicyRecord upsertPolicy(
      String name, Function<Optional<PolicyRecord>, PolicyRecord> update) {
    throw refused();
  }

  @Override
  public boolean deletePolicy(String name) {
    return false;
  }

  @Override
  public Optional<byte[]> loadKeyCheck() {
    return Optional.empty();
  }

  @Override
  public void storeKeyCheck(byte[] keyCheck) {
    requireNonNull(keyCheck, "keyCheck");
    // lite keeps nothing across restarts, like SPIKE's lite store
  }

  @Override
  public Optional<byte[]> loadShardCommitments() {
    return Optional.empty();
  }

  @Override
  public void storeShardCommitments(byte[] commitments) {
    requireNonNull(commitments, "commitments");
    // lite keeps nothing, as for the key-check value
  }

  @Override
  public boolean hasData() {
    return false;
  }

  @Override
  public SpikeCompatCipher cipher() {
    return cipher;
  }

  @Override
  public void close() {
    cipher.close();
  }

  private static StoreException refused() {
    return new StoreException("the lite backend stores no secrets or policies");
  }

  @Override
  public String toString() {
    return "LiteBackend";
  }
}
