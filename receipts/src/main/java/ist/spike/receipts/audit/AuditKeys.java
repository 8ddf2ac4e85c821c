package ist.spike.receipts.audit;

import static java.util.Objects.requireNonNull;

import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.ReceiptSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * The Ed25519 key an instance signs its audit chain with: a PKCS#8 file (0600, created on first use
 * in a 0700 directory) and, next to it, {@code <file>.pub} holding the public key as 64 hex digits,
 * which is all {@code spike audit verify} needs.
 */
public final class AuditKeys implements ReceiptSigner {
  private static final int MAX_KEY_FILE_BYTES = 4096;

  // BouncyCastle's Ed25519 signs about ten times faster than the JDK's, and the signature is the
  // same RFC 8032 value (the verifier uses the JDK). Audit signs every record, so this matters.
  private final Ed25519PrivateKeyParameters key;
  private final GroupPublicKey publicKey;

  private AuditKeys(Ed25519PrivateKeyParameters key, GroupPublicKey publicKey) {
    this.key = key;
    this.publicKey = publicKey;
  }

  /**
   * Loads the key from {@code file}, creating it (and its {@code .pub}) if it does not exist.
   *
   * @param file the private key file; not null
   * @return the keys
   * @throws IllegalStateException naming the file if it cannot be read, written or decoded
   */
  public static AuditKeys loadOrCreate(Path file) {
    requireNonNull(file, "file");
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      if (Files.size(file) > MAX_KEY_FILE_BYTES) {
        throw new IllegalStateException(
            "the audit signing key " + file + " is larger than " + MAX_KEY_FILE_BYTES + " bytes");
      }
      byte[] der = Files.readAllBytes(file);
      try {
        // Decoded by the JDK first: it refuses anything that is not an Ed25519 PKCS#8 key.
        KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        if (!(PrivateKeyFactory.createKey(der) instanceof Ed25519PrivateKeyParameters key)) {
          throw new GeneralSecurityException("not an Ed25519 key");
        }
        Path pub = publicKeyFile(file);
        GroupPublicKey publicKey = GroupPublicKey.parseHex(Files.readString(pub).strip());
        AuditKeys keys = new AuditKeys(key, publicKey);
        byte[] probe = {1, 2, 3};
        if (!publicKey.verify(probe, keys.sign(probe))) {
          throw new IllegalStateException(
              "the audit public key " + pub + " does not belong to the private key " + file);
        }
        return keys;
      } finally {
        Arrays.fill(der, (byte) 0);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "the audit signing key " + file + " cannot be read or created: " + e.getMessage(), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the audit signing key " + file + " is not an Ed25519 PKCS#8 key: " + e.getMessage(), e);
    }
  }

  /** Returns where the public key of {@code keyFile} is written: {@code <keyFile>.pub}. */
  public static Path publicKeyFile(Path keyFile) {
    return keyFile.resolveSibling(keyFile.getFileName() + ".pub");
  }

  private static void create(Path file) throws IOException, GeneralSecurityException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] der = pair.getPrivate().getEncoded();
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, der, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException raced) {
      return;
    } finally {
      Arrays.fill(der, (byte) 0);
    }
    Files.writeString(
        publicKeyFile(file),
        GroupPublicKey.fromJdk(pair.getPublic()).toHex() + "\n",
        StandardCharsets.US_ASCII);
  }

  /** Returns the public key that verifies this instance's chain. */
  public GroupPublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] message) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    s.update(message, 0, message.length);
    return s.generateSignature();
  }

  @Override
  public String toString() {
    return "AuditKeys[" + publicKey.toHex() + "]";
  }
}
