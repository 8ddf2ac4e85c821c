package ist.spike.nexus.migrate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.crypto.aead.DecryptionFailedException;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.nexus.store.PolicyRecord;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.SecretValues;
import ist.spike.nexus.store.VersionState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decrypts and parses SPIKE rows (spec §6.1) with SPIKE's cipher: AES-256-GCM under the raw root
 * key, 12-byte nonce, tag appended, no associated data. Metadata fields use the row's base nonce
 * XOR a 12-byte ASCII salt per field; a policy's three fields share one nonce.
 */
final class SpikeRowDecoder {
  /** A decoded secret: SPIKE's metadata with the stored rows' version states, and the values. */
  record DecodedSecret(
      SecretIndex index, SortedMap<Integer, SecretValues> values, List<Integer> pruned) {}

  static final String SALT_CURRENT = "current_ver_";
  static final String SALT_OLDEST = "oldest_ver__";
  static final String SALT_CREATED = "created_tim_";
  static final String SALT_UPDATED = "updated_tim_";
  static final String SALT_MAX = "max_versions";

  /** go-sqlite3's time text {@code 2006-01-02 15:04:05.999999999-07:00}, and close variants. */
  private static final DateTimeFormatter GO_SQLITE_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd")
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .toFormatter();

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SpikeCompatCipher cipher;
  private boolean openedAny;

  SpikeRowDecoder(SpikeCompatCipher cipher) {
    this.cipher = cipher;
  }

  /** True once any ciphertext authenticated under the key (so the key is SPIKE's). */
  boolean openedAny() {
    return openedAny;
  }

  DecodedSecret secret(SpikeDatabase.MetadataRow m, List<SpikeDatabase.VersionRow> rows)
      throws CorruptRowException {
    String where = "secret " + m.path() + " metadata";
    int current = number(where, open(where, salted(m.nonce(), SALT_CURRENT), m.currentVersion()));
    int oldest = number(where, open(where, salted(m.nonce(), SALT_OLDEST), m.oldestVersion()));
    long created = longNumber(where, open(where, salted(m.nonce(), SALT_CREATED), m.createdTime()));
    long updated = longNumber(where, open(where, salted(m.nonce(), SALT_UPDATED), m.updatedTime()));
    int max = number(where, open(where, salted(m.nonce(), SALT_MAX), m.maxVersions()));
    TreeMap<Integer, VersionState> states = new TreeMap<>();
    TreeMap<Integer, SecretValues> values = new TreeMap<>();
    for (SpikeDatabase.VersionRow r : rows) {
      String at = "secret " + m.path() + " version " + r.version();
      if (r.version() < 1) {
        throw new CorruptRowException(at + ": version numbers start at 1");
      }
      byte[] json = open(at, r.nonce(), r.encryptedData());
      try {
        values.put(r.version(), SecretValues.of(parseValues(at, json)));
      } finally {
        Arrays.fill(json, (byte) 0);
      }
      Optional<Instant> deleted =
          r.deletedTime() == null ? Optional.empty() : Optional.of(time(at, r.deletedTime()));
      states.put(r.version(), new VersionState(r.version(), time(at, r.createdTime()), deleted));
    }
    if (current != 0 && !states.containsKey(current)) {
      throw new CorruptRowException(
          "secret " + m.path() + ": current version " + current + " has no row");
    }
    if (max < 1) {
      throw new CorruptRowException(where + ": max versions must be at least 1, got " + max);
    }
    // SPIKE prunes in memory but never deletes the rows (spec §6.1 ⚠bug), so they come back after
    // a restart. The pruning the owner asked for wins: only the newest max versions are imported.
    List<Integer> pruned = new ArrayList<>();
    while (states.size() > max && states.firstKey() != current) {
      int lowest = states.firstKey();
      states.remove(lowest);
      values.remove(lowest);
      pruned.add(lowest);
    }
    // SPIKE's stored oldest version can name a deleted or pruned version (spec §2.4, §6.1); ours
    // is the lowest live version (ADR 0043), so it is recomputed from the rows. The decrypted value
    // is still checked above, so a row that does not decrypt is reported.
    oldest =
        states.values().stream()
            .filter(v -> !v.isDeleted())
            .mapToInt(VersionState::version)
            .min()
            .orElse(0);
    SecretIndex index =
        new SecretIndex(
            m.path(),
            current,
            oldest,
            Instant.ofEpochSecond(created),
            Instant.ofEpochSecond(updated),
            max,
            states);
    return new DecodedSecret(index, values, pruned);
  }

  PolicyRecord policy(SpikeDatabase.PolicyRow p) throws CorruptRowException {
    String at = "policy " + p.name();
    String spiffeId = text(open(at, p.nonce(), p.spiffeIdPattern()));
    String path = text(open(at, p.nonce(), p.pathPattern()));
    String joined = text(open(at, p.nonce(), p.permissions()));
    List<String> permissions = joined.isEmpty() ? List.of() : List.of(joined.split(",", -1));
    return new PolicyRecord(
        p.name(),
        spiffeId,
        path,
        permissions,
        Instant.ofEpochSecond(p.createdTime()),
        Instant.ofEpochSecond(p.updatedTime()));
  }

  private byte[] open(String where, byte[] nonce, byte[] ciphertext) throws CorruptRowException {
    if (nonce == null || nonce.length != SpikeCompatCipher.NONCE_SIZE || ciphertext == null) {
      throw new CorruptRowException(where + ": nonce is not 12 bytes or ciphertext is missing");
    }
    try {
      byte[] plain = cipher.open(nonce, ciphertext);
      openedAny = true;
      return plain;
    } catch (DecryptionFailedException e) {
      throw new CorruptRowException(where + ": does not decrypt under the SPIKE root key");
    } catch (GeneralSecurityException e) {
      throw new CorruptRowException(where + ": cannot be decrypted (" + e.getMessage() + ")");
    }
  }

  static byte[] salted(byte[] base, String salt) {
    if (base == null || base.length != SpikeCompatCipher.NONCE_SIZE) {
      return base;
    }
    byte[] s = salt.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[base.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (base[i] ^ s[i]);
    }
    return out;
  }

  private static int number(String where, byte[] plain) throws CorruptRowException {
    long n = longNumber(where, plain);
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new CorruptRowException(where + ": a version field is out of range");
    }
    return (int) n;
  }

  private static long longNumber(String where, byte[] plain) throws CorruptRowException {
    String s = text(plain);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new CorruptRowException(where + ": a field is not a decimal number");
    }
  }

  private static String text(byte[] plain) {
    try {
      return new String(plain, StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static Map<String, String> parseValues(String where, byte[] json)
      throws CorruptRowException {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (IOException e) {
      throw new CorruptRowException(where + ": the data is not a JSON object of strings");
    }
  }

  static Instant time(String where, String text) throws CorruptRowException {
    if (text == null) {
      throw new CorruptRowException(where + ": created time is missing");
    }
    try {
      TemporalAccessor t =
          GO_SQLITE_TIME.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from);
      return t instanceof OffsetDateTime o
          ? o.toInstant()
          : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new CorruptRowException(where + ": time '" + text + "' is not in go-sqlite3's format");
    }
  }
}
