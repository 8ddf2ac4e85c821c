package ist.spike.spa.vault;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.SecretHex;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.ReceiptSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The Ed25519 key of a registered party (the old device, a recovery contact, a guardian): a 32-byte
 * seed kept in a private file (64 hex digits, 0600, parent 0700). Parties sign approvals of
 * cancellations, emergency rotations and completions; the verifier checks them against the public
 * key registered at onboarding. {@link #close()} zeroes the seed copy.
 */
public final class PartyKey implements ReceiptSigner, AutoCloseable {
  private static final int LENGTH = 32;

  private final byte[] seed;

  private PartyKey(byte[] seed) {
    this.seed = seed;
  }

  /**
   * Creates a new random key and writes its seed to {@code file}, refusing to overwrite.
   *
   * @param file where to write it; not null
   * @param random the randomness source; not null
   * @return the key
   * @throws IOException if the file exists or cannot be written
   */
  public static PartyKey create(Path file, SecureRandom random) throws IOException {
    requireNonNull(file, "file");
    requireNonNull(random, "random");
    byte[] seed = new byte[LENGTH];
    random.nextBytes(seed);
    byte[] hex = SecretHex.encode(seed);
    try {
      SecureFiles.writeNew(file, hex);
    } catch (IOException | RuntimeException e) {
      Arrays.fill(seed, (byte) 0);
      throw e;
    } finally {
      Arrays.fill(hex, (byte) 0);
    }
    return new PartyKey(seed);
  }

  /**
   * Reads a party key file.
   *
   * @param file the file; not null
   * @return the key
   * @throws IOException if it is missing, readable by others, or not 64 hex digits
   */
  public static PartyKey read(Path file) throws IOException {
    requireNonNull(file, "file");
    SecureFiles.checkPrivate(file);
    byte[] raw = Files.readAllBytes(file);
    char[] chars = new char[raw.length];
    byte[] seed = new byte[LENGTH];
    try {
      int end = raw.length;
      while (end > 0 && Character.isWhitespace((char) (raw[end - 1] & 0xff))) {
        end--;
      }
      for (int i = 0; i < end; i++) {
        chars[i] = (char) (raw[i] & 0xff);
      }
      if (end != LENGTH * 2 || !SecretHex.decodeInto(chars, 0, seed)) {
        throw new IOException("party key file " + file + " must hold 64 hex digits");
      }
      PartyKey k = new PartyKey(seed);
      seed = null;
      return k;
    } finally {
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(chars, '\0');
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
      }
    }
  }

  /** Returns the public key to register. */
  public GroupPublicKey publicKey() {
    return GroupPublicKey.of(
        new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
  }

  @Override
  public byte[] sign(byte[] message) {
    requireNonNull(message, "message");
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  @Override
  public void close() {
    Arrays.fill(seed, (byte) 0);
  }

  @Override
  public String toString() {
    return "PartyKey[seed=██]";
  }
}
