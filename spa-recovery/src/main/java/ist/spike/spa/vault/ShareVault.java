package ist.spike.spa.vault;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.spa.group.ShareSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * One user's encrypted shares under {@code <home>/<user>/}: {@code device.share}, {@code
 * cloud.share}, {@code recovery-code.share}, each 0600 in a 0700 directory.
 *
 * <p>File format (JSON): {@code version}, {@code user}, {@code label}, {@code kdf} ({@code
 * argon2id}, {@code m}, {@code t}, {@code p}), {@code salt} (16 bytes), {@code nonce} (12 bytes),
 * {@code ciphertext} (AES-256-GCM, 16-byte tag appended), all binary fields in hex. The key is
 * Argon2id(wrapping secret ‖ domain label, salt); the associated data names the format version,
 * user, label and KDF parameters, so a file moved to another user or label, or edited in any field,
 * fails to decrypt.
 */
public final class ShareVault {
  private static final int VERSION = 1;
  private static final int SALT_LENGTH = 16;
  private static final int NONCE_LENGTH = 12;
  private static final int MAX_FILE_BYTES = 16 * 1024;
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(4)
                      .maxStringLength(MAX_FILE_BYTES)
                      .build())
              .build());

  private final Path userDir;
  private final UserId user;
  private final Argon2Params params;
  private final SecureRandom random;

  /**
   * @param home the storage root ({@code SPA_RECOVERY_HOME} or {@code ~/.spa-recovery}); not null
   * @param user the user; not null
   * @param params Argon2id parameters for new files; not null
   * @param random randomness for salts and nonces; not null
   */
  public ShareVault(Path home, UserId user, Argon2Params params, SecureRandom random) {
    this.user = requireNonNull(user, "user");
    this.userDir = requireNonNull(home, "home").resolve(user.value());
    this.params = requireNonNull(params, "params");
    this.random = requireNonNull(random, "random");
  }

  /** Returns the user's directory. */
  public Path userDir() {
    return userDir;
  }

  /** Returns the path of a label's share file. */
  public Path path(ShareLabel label) {
    return userDir.resolve(requireNonNull(label, "label").fileName());
  }

  /** Whether the label's share file exists. */
  public boolean exists(ShareLabel label) {
    return Files.exists(path(label), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Encrypts and writes (or replaces) a share.
   *
   * @param label where the share lives; not null
   * @param share the share; its participant must match the label; not null
   * @param secret what will unlock it; not null
   * @throws IOException if writing fails
   * @throws GeneralSecurityException if encryption fails
   */
  public void store(ShareLabel label, ShareSecret share, WrappingSecret secret)
      throws IOException, GeneralSecurityException {
    SecureFiles.write(path(label), seal(label, share, secret));
  }

  /**
   * Encrypts a share into the bytes of a share file without writing it, so that several files can
   * be replaced together (see {@code StagedUpdate} in the CLI).
   *
   * @param label where the share will live; not null
   * @param share the share; its participant must match the label; not null
   * @param secret what will unlock it; not null
   * @return the file content
   * @throws GeneralSecurityException if encryption fails
   */
  public byte[] seal(ShareLabel label, ShareSecret share, WrappingSecret secret)
      throws GeneralSecurityException {
    requireNonNull(label, "label");
    requireNonNull(share, "share");
    requireNonNull(secret, "secret");
    if (share.participant() != label.participant()) {
      throw new IllegalArgumentException(
          "the " + label + " share must be participant " + label.participant());
    }
    byte[] salt = new byte[SALT_LENGTH];
    byte[] nonce = new byte[NONCE_LENGTH];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    byte[] key = deriveKey(secret, label, salt, params);
    byte[] plain = share.revealBytes();
    byte[] ct;
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      gcm.updateAAD(aad(label, params));
      ct = gcm.doFinal(plain);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("version", VERSION);
    node.put("user", user.value());
    node.put("label", label.label());
    ObjectNode kdf = node.putObject("kdf");
    kdf.put("name", "argon2id");
    kdf.put("m", params.memoryKiB());
    kdf.put("t", params.iterations());
    kdf.put("p", params.parallelism());
    HexFormat hex = HexFormat.of();
    node.put("salt", hex.formatHex(salt));
    node.put("nonce", hex.formatHex(nonce));
    node.put("ciphertext", hex.formatHex(ct));
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a share file", e);
    }
  }

  /**
   * Reads and decrypts a share.
   *
   * @param label the share to open; not null
   * @param secret the wrapping secret; not null
   * @return the share; the caller closes it
   * @throws ShareNotFoundException if the file does not exist
   * @throws WrongRecoveryCodeException if the recovery code does not unlock the recovery-code share
   * @throws ShareDecryptionException for a wrong key, a moved file or any modification
   * @throws IOException if reading fails or the file is not private
   */
  public ShareSecret load(ShareLabel label, WrappingSecret secret)
      throws IOException, GeneralSecurityException, ShareNotFoundException {
    requireNonNull(label, "label");
    requireNonNull(secret, "secret");
    Path file = path(label);
    if (!exists(label)) {
      throw new ShareNotFoundException(
          "no " + label + " share for user " + user + " (expected " + file + ")");
    }
    SecureFiles.checkPrivate(file);
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw failure(label, secret);
    }
    byte[] key = null;
    byte[] plain = null;
    try {
      JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
      if (node == null
          || node.path("version").asInt(-1) != VERSION
          || !user.value().equals(node.path("user").asText())
          || !label.label().equals(node.path("label").asText())
          || !"argon2id".equals(node.path("kdf").path("name").asText())) {
        throw failure(label, secret);
      }
      JsonNode kdf = node.get("kdf");
      Argon2Params fileParams =
          new Argon2Params(kdf.path("m").asInt(), kdf.path("t").asInt(), kdf.path("p").asInt());
      HexFormat hex = HexFormat.of();
      byte[] salt = hex.parseHex(node.path("salt").asText());
      byte[] nonce = hex.parseHex(node.path("nonce").asText());
      byte[] ct = hex.parseHex(node.path("ciphertext").asText());
      if (salt.length != SALT_LENGTH || nonce.length != NONCE_LENGTH || ct.length <= 16) {
        throw failure(label, secret);
      }
      key = deriveKey(secret, label, salt, fileParams);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      gcm.updateAAD(aad(label, fileParams));
      plain = gcm.doFinal(ct);
      return ShareSecret.copyOf(label.participant(), plain);
    } catch (AEADBadTagException | IllegalArgumentException | IOException e) {
      // Bad tag, bad hex, bad parameters, unparsable JSON: one answer that names no field.
      throw failure(label, secret);
    } finally {
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /**
   * Deletes a share file.
   *
   * @return whether it existed
   */
  public boolean delete(ShareLabel label) throws IOException {
    return Files.deleteIfExists(path(label));
  }

  private ShareDecryptionException failure(ShareLabel label, WrappingSecret secret) {
    if (secret instanceof RecoveryCode) {
      return new WrongRecoveryCodeException(
          "the recovery code does not unlock the recovery-code share of user "
              + user
              + " (or the share file was modified); check the code and try again");
    }
    return new ShareDecryptionException(
        "cannot decrypt the "
            + label
            + " share of user "
            + user
            + ": wrong wrapping key, or the file was moved or modified");
  }

  private byte[] aad(ShareLabel label, Argon2Params p) {
    return ("spa-share-v"
            + VERSION
            + "|user="
            + user.value()
            + "|label="
            + label.label()
            + "|argon2id m="
            + p.memoryKiB()
            + " t="
            + p.iterations()
            + " p="
            + p.parallelism())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] deriveKey(
      WrappingSecret secret, ShareLabel label, byte[] salt, Argon2Params p) {
    byte[] password = secret.kdfInput(label);
    try {
      Argon2BytesGenerator gen = new Argon2BytesGenerator();
      gen.init(
          new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
              .withVersion(Argon2Parameters.ARGON2_VERSION_13)
              .withMemoryAsKB(p.memoryKiB())
              .withIterations(p.iterations())
              .withParallelism(p.parallelism())
              .withSalt(salt)
              .build());
      byte[] key = new byte[32];
      gen.generateBytes(password, key);
      return key;
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }
}
