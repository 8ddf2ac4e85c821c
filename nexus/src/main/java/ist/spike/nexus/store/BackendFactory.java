package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.nexus.store.internal.FieldCipher;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.IntConsumer;

/** Opens the backend selected by {@link BackendConfig#kind()}. */
public final class BackendFactory {
  private BackendFactory() {}

  /**
   * Opens a backend once the root key is known.
   *
   * <p>{@code sqlite}: opens or creates {@code <dataDir>/spike.db} (directory 0700, file 0600),
   * migrates the schema, derives the storage key from the root key with HKDF. {@code lite}: only
   * the cipher. {@code postgres}: connects to the configured database, migrates its schema with
   * Flyway, derives the storage key as for SQLite. {@code memory}: an empty in-memory store; Nexus
   * has no Keepers in that mode, so pass {@link RootKey#generate}.
   *
   * @param config the settings
   * @param rootKey the root key; the backend derives and copies what it keeps, so the caller may
   *     close its instance afterwards
   * @return the open backend; the caller closes it
   * @throws StoreException if the database cannot be opened or migrated
   */
  public static Backend open(BackendConfig config, RootKey rootKey) {
    return open(config, rootKey, size -> {});
  }

  /**
   * Opens a backend as {@link #open(BackendConfig, RootKey)} does, and tells {@code
   * committedBatches} the number of writes of every transaction its group-commit writer commits
   * ({@code sqlite} and {@code postgres}; the other backends never call it).
   *
   * @param config the settings
   * @param rootKey the root key, as for {@link #open(BackendConfig, RootKey)}
   * @param committedBatches called on the writer thread after each commit; quick and thread-safe
   * @return the open backend; the caller closes it
   * @throws StoreException if the database cannot be opened or migrated
   */
  public static Backend open(BackendConfig config, RootKey rootKey, IntConsumer committedBatches) {
    return open(config, rootKey, List.of(), committedBatches);
  }

  /**
   * Opens a backend whose data and cipher texts may also be sealed under earlier root keys (during
   * and after a rotation, ADR-0162): new data is sealed under {@code rootKey}; stored fields of the
   * {@code older} keys open by their key id, and SPIKE-format cipher texts of those keys still
   * decrypt.
   *
   * @param config the settings
   * @param rootKey the current root key, as for {@link #open(BackendConfig, RootKey)}
   * @param older earlier root keys, newest first; copied, the caller may close them
   * @param committedBatches as for {@link #open(BackendConfig, RootKey, IntConsumer)}
   * @return the open backend; the caller closes it
   */
  public static Backend open(
      BackendConfig config, RootKey rootKey, List<RootKey> older, IntConsumer committedBatches) {
    requireNonNull(config, "config");
    requireNonNull(committedBatches, "committedBatches");
    requireNonNull(rootKey, "rootKey");
    requireNonNull(older, "older");
    SecureRandom random = new SecureRandom();
    SpikeCompatCipher cipher = SpikeCompatCipher.create(rootKey, older, random);
    return switch (config.kind()) {
      case MEMORY -> new MemoryBackend(cipher);
      case LITE -> new LiteBackend(cipher);
      case SQLITE -> {
        FieldCipher fields = FieldCipher.derive(rootKey, older, random);
        try {
          yield SqliteBackend.open(config, fields, cipher, committedBatches);
        } catch (RuntimeException e) {
          fields.close();
          cipher.close();
          throw e;
        }
      }
      case POSTGRES -> {
        FieldCipher fields = FieldCipher.derive(rootKey, older, random);
        try {
          yield PostgresBackend.open(config, fields, cipher, committedBatches);
        } catch (RuntimeException e) {
          fields.close();
          cipher.close();
          throw e;
        }
      }
    };
  }
}
