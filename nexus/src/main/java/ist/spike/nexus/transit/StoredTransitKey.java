package ist.spike.nexus.transit;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.aead.AeadKey;
import ist.spike.crypto.aead.VersionedKeyring;
import ist.spike.nexus.store.IntegrityException;
import ist.spike.nexus.store.SecretValues;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored form of a transit key: one secret version whose values are {@code type}, {@code min},
 * {@code deletionAllowed}, {@code created}, and per version {@code v.<n>.created} and {@code
 * v.<n>.key} (base64). The backend seals the whole record under the root key.
 */
final class StoredTransitKey {
  private static final String TYPE = "type";
  private static final String MIN = "min";
  private static final String DELETION_ALLOWED = "deletionAllowed";
  private static final String CREATED = "created";

  private StoredTransitKey() {}

  private static String keyField(int v) {
    return "v." + v + ".key";
  }

  private static String createdField(int v) {
    return "v." + v + ".created";
  }

  /** Reads the description; never touches key material beyond its presence. */
  static TransitKeyState state(String name, SecretValues values, Instant updated) {
    Map<String, String> m = values.asMap().orElseThrow(() -> corrupt(name));
    try {
      TreeMap<Integer, Instant> versions = new TreeMap<>();
      for (String k : m.keySet()) {
        if (k.startsWith("v.") && k.endsWith(".created")) {
          int v = Integer.parseInt(k.substring(2, k.length() - ".created".length()));
          if (!m.containsKey(keyField(v))) {
            throw corrupt(name);
          }
          versions.put(v, Instant.parse(m.get(k)));
        }
      }
      return new TransitKeyState(
          name,
          m.get(TYPE),
          Integer.parseInt(m.get(MIN)),
          Boolean.parseBoolean(m.get(DELETION_ALLOWED)),
          Instant.parse(m.get(CREATED)),
          updated,
          versions);
    } catch (RuntimeException e) {
      throw corrupt(name);
    }
  }

  /** Opens the keyring; the decoded key bytes are zeroed once copied into the keys. */
  static VersionedKeyring keyring(TransitKeyState state, SecretValues values) {
    Map<String, String> m = values.asMap().orElseThrow(() -> corrupt(state.name()));
    Map<Integer, AeadKey> keys = new HashMap<>();
    try {
      for (int v : state.versions().keySet()) {
        byte[] raw = Base64.getDecoder().decode(m.get(keyField(v)));
        try (SecretBytes sb = SecretBytes.takeOwnership(raw)) {
          keys.put(v, AeadKey.of(v, sb));
        }
      }
      return VersionedKeyring.of(keys, state.minDecryptionVersion());
    } catch (RuntimeException e) {
      keys.values().forEach(AeadKey::close);
      throw corrupt(state.name());
    }
  }

  /** The values of a new key with version 1. */
  static SecretValues created(String type, boolean deletionAllowed, Instant now, SecureRandom rnd) {
    Map<String, String> m = new HashMap<>();
    m.put(TYPE, type);
    m.put(MIN, "1");
    m.put(DELETION_ALLOWED, Boolean.toString(deletionAllowed));
    m.put(CREATED, now.toString());
    addVersion(m, 1, now, rnd);
    return SecretValues.of(m);
  }

  /** The values with one more version. */
  static SecretValues rotated(SecretValues current, int next, Instant now, SecureRandom rnd) {
    Map<String, String> m = new HashMap<>(current.asMap().orElseThrow());
    addVersion(m, next, now, rnd);
    return SecretValues.of(m);
  }

  /** The values with new settings. */
  static SecretValues configured(SecretValues current, int min, boolean deletionAllowed) {
    Map<String, String> m = new HashMap<>(current.asMap().orElseThrow());
    m.put(MIN, Integer.toString(min));
    m.put(DELETION_ALLOWED, Boolean.toString(deletionAllowed));
    return SecretValues.of(m);
  }

  private static void addVersion(Map<String, String> m, int v, Instant now, SecureRandom rnd) {
    try (AeadKey key = AeadKey.generate(v, rnd)) {
      byte[] raw = key.revealBytes(InsecureSecretAccess.get());
      try {
        m.put(keyField(v), Base64.getEncoder().encodeToString(raw));
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }
    m.put(createdField(v), now.toString());
  }

  private static IntegrityException corrupt(String name) {
    return new IntegrityException("the stored record of transit key " + name + " is malformed");
  }
}
