package ist.spike.bench.micro;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.aead.Aad;
import ist.spike.crypto.aead.AeadKey;
import ist.spike.crypto.aead.AesGcmAead;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Our AEAD (AES-256-GCM with header, key id, random nonce and AAD) against its physical limit: a
 * raw JCE {@code AES/GCM/NoPadding} seal of the same payload with a fresh random nonce. The ratio
 * of the two is the cost of the envelope.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AeadBench {
  /** Plaintext size in bytes: a typical secret and a 64 KiB cipher-stream chunk. */
  @Param({"256", "65536"})
  public int size;

  private byte[] plaintext;
  private AeadKey key;
  private AesGcmAead aead;
  private Aad aad;
  private byte[] sealed;
  private SecretKeySpec rawKey;
  private SecureRandom random;
  private byte[] rawNonce;
  private byte[] rawSealed;

  /** Builds keys and one sealed message for the open benchmarks. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    random = new SecureRandom();
    plaintext = new byte[size];
    random.nextBytes(plaintext);
    key = AeadKey.generate(1, random);
    aead = AesGcmAead.create(random, key);
    aad = Aad.of("secrets", "bench/path", "1");
    sealed = aead.seal(plaintext, aad);
    byte[] raw = key.revealBytes(InsecureSecretAccess.get());
    rawKey = new SecretKeySpec(raw, "AES");
    Arrays.fill(raw, (byte) 0);
    rawNonce = new byte[12];
    random.nextBytes(rawNonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
    rawSealed = c.doFinal(plaintext);
  }

  /** Closes the key. */
  @TearDown
  public void tearDown() {
    key.close();
  }

  /** Our AEAD seal. */
  @Benchmark
  public byte[] seal() throws GeneralSecurityException {
    return aead.seal(plaintext, aad);
  }

  /** Our AEAD open. */
  @Benchmark
  public byte[] open() throws GeneralSecurityException {
    return aead.open(sealed, aad);
  }

  /** Baseline: raw JCE AES-GCM seal with a fresh random nonce, no header and no AAD. */
  @Benchmark
  public byte[] rawJceSeal() throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, nonce));
    return c.doFinal(plaintext);
  }

  /** Baseline: raw JCE AES-GCM open. */
  @Benchmark
  public byte[] rawJceOpen() throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
    return c.doFinal(rawSealed);
  }
}
