package ist.spike.nexus.cipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.testkit.Vectors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reproduces {@code spike-cipher.json}: SPIKE's outputs for a fixed root key and nonces. */
final class SpikeCipherTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<JsonNode> cases() {
    return StreamSupport.stream(
        Vectors.json("spike-cipher.json").get("cases").spliterator(), false);
  }

  private static SpikeCipher vectorCipher() {
    byte[] key = HEX.parseHex(Vectors.json("spike-cipher.json").get("root_key_hex").asText());
    try (SecretBytes sb = SecretBytes.copyOf(key, InsecureSecretAccess.get());
        RootKey rk = RootKey.of(sb)) {
      return SpikeCipher.create(rk, new SecureRandom());
    } catch (ist.spike.crypto.InvalidRootKeyException e) {
      throw new AssertionError(e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void seal_fixedNonce_matchesSpike(JsonNode c) {
    try (SpikeCipher cipher = vectorCipher()) {
      SealedMessage m =
          cipher.insecureSealWithNonce(
              HEX.parseHex(c.get("plaintext_hex").asText()),
              HEX.parseHex(c.get("nonce_hex").asText()));
      assertThat(HEX.formatHex(m.sealed())).isEqualTo(c.get("sealed_hex").asText());
      assertThat(HEX.formatHex(m.toStreamBytes()))
          .isEqualTo(c.get("stream_encrypt_response_hex").asText());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void open_spikeOutput_givesPlaintext(JsonNode c) throws Exception {
    try (SpikeCipher cipher = vectorCipher()) {
      byte[] plain =
          cipher.open(
              HEX.parseHex(c.get("nonce_hex").asText()),
              HEX.parseHex(c.get("sealed_hex").asText()));
      assertThat(HEX.formatHex(plain)).isEqualTo(c.get("plaintext_hex").asText());
    }
  }

  @Test
  void open_flippedBit_failsWithFixedMessage() {
    try (SpikeCipher cipher = vectorCipher()) {
      SealedMessage m = cipher.seal("hello".getBytes());
      byte[] sealed = m.sealed();
      sealed[0] ^= 1;
      assertThatThrownBy(() -> cipher.open(m.nonce(), sealed))
          .isInstanceOf(DecryptionFailedException.class)
          .hasMessage("decryption failed");
      assertThatThrownBy(() -> cipher.open(m.nonce(), new byte[3]))
          .isInstanceOf(DecryptionFailedException.class);
    }
  }

  @Test
  void seal_nonceFreshEachTime() {
    try (SpikeCipher cipher = vectorCipher()) {
      Set<String> nonces = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        nonces.add(HEX.formatHex(cipher.seal(new byte[1]).nonce()));
      }
      assertThat(nonces).hasSize(200);
    }
  }

  @Test
  void encryptStream_largeInput_spikeLayoutAndDecrypts() throws Exception {
    byte[] input = new byte[300_000];
    new SecureRandom().nextBytes(input);
    try (SpikeCipher cipher = vectorCipher()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long n = cipher.encryptStream(new ByteArrayInputStream(input), out, input.length);
      assertThat(n).isEqualTo(input.length);
      byte[] layout = out.toByteArray();
      assertThat(layout[0]).isEqualTo((byte) 1);
      assertThat(layout).hasSize(1 + 12 + input.length + 16);
      byte[] plain =
          cipher.open(
              Arrays.copyOfRange(layout, 1, 13), Arrays.copyOfRange(layout, 13, layout.length));
      assertThat(plain).isEqualTo(input);
    }
  }

  @Test
  void encryptStream_overLimit_throwsPayloadTooLarge() {
    try (SpikeCipher cipher = vectorCipher()) {
      assertThatThrownBy(
              () ->
                  cipher.encryptStream(
                      new ByteArrayInputStream(new byte[101]), new ByteArrayOutputStream(), 100))
          .isInstanceOf(PayloadTooLargeException.class)
          .hasMessage("payload exceeds the limit of 100 bytes");
    }
  }

  @Test
  void toString_doesNotRevealBytes() {
    try (SpikeCipher cipher = vectorCipher()) {
      assertThat(cipher.toString()).isEqualTo("SpikeCipher[AES-256-GCM]");
    }
  }
}
