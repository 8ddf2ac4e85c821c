package ist.spike.crypto.aead;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpikeCompatCipherTest {
  private static final HexFormat HEX = HexFormat.of();

  static List<JsonNode> cases() {
    List<JsonNode> out = new ArrayList<>();
    Vectors.json("spike-cipher.json").get("cases").forEach(out::add);
    return out;
  }

  private static SpikeCompatCipher vectorCipher() throws Exception {
    String keyHex = Vectors.json("spike-cipher.json").get("root_key_hex").asText();
    try (SecretBytes raw = SecretBytes.copyOf(HEX.parseHex(keyHex), InsecureSecretAccess.get());
        RootKey root = RootKey.of(raw)) {
      return SpikeCompatCipher.create(root);
    }
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("cases")
  void insecureSealWithNonce_vector_reproducesSpikeBytes(JsonNode c) throws Exception {
    try (SpikeCompatCipher cipher = vectorCipher()) {
      byte[] nonce = HEX.parseHex(c.get("nonce_hex").asText());
      byte[] pt = HEX.parseHex(c.get("plaintext_hex").asText());
      SpikeSealed sealed = cipher.insecureSealWithNonce(nonce, pt);
      assertThat(HEX.formatHex(sealed.ciphertext())).isEqualTo(c.get("sealed_hex").asText());
      assertThat(HEX.formatHex(sealed.toStreamBytes()))
          .isEqualTo(c.get("stream_encrypt_response_hex").asText());
      assertThat(cipher.open(nonce, HEX.parseHex(c.get("sealed_hex").asText()))).isEqualTo(pt);
    }
  }

  static List<JsonNode> streamDecryptCorruptions() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode c : Vectors.json("spike-cipher.json").get("corrupted_inputs")) {
      String err = c.path("handler_returned_error").asText();
      if (c.get("step").asText().startsWith("stream_decrypt/")
          && err.startsWith("crypto_")
          && (c.has("request_body_hex") || c.get("request_body_len").asInt() == 0)) {
        out.add(c);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("streamDecryptCorruptions")
  void parseStreamAndOpen_corruptedInput_failsWithSpikesReason(JsonNode c) throws Exception {
    byte[] body = HEX.parseHex(c.path("request_body_hex").asText(""));
    String expected = c.get("handler_returned_error").asText();
    try (SpikeCompatCipher cipher = vectorCipher()) {
      if (expected.equals("crypto_decryption_failed")) {
        SpikeSealed sealed = SpikeSealed.parseStream(body);
        assertThatThrownBy(() -> cipher.open(sealed))
            .isInstanceOf(DecryptionFailedException.class)
            .hasMessage("decryption failed");
      } else {
        assertThatThrownBy(() -> SpikeSealed.parseStream(body))
            .isInstanceOf(MalformedSpikeCiphertextException.class)
            .satisfies(
                e ->
                    assertThat(((MalformedSpikeCiphertextException) e).reason().spikeCode())
                        .isEqualTo(expected));
      }
    }
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("cases")
  void parseStream_vectorRequest_opensToPlaintext(JsonNode c) throws Exception {
    try (SpikeCompatCipher cipher = vectorCipher()) {
      SpikeSealed sealed =
          SpikeSealed.parseStream(HEX.parseHex(c.get("stream_decrypt_request_hex").asText()));
      assertThat(HEX.formatHex(cipher.open(sealed)))
          .isEqualTo(c.get("stream_decrypt_response_hex").asText());
    }
  }

  @Test
  void seal_open_roundTripWithFreshNonces() throws Exception {
    try (RootKey root = RootKey.generate(new SecureRandom());
        SpikeCompatCipher cipher = SpikeCompatCipher.create(root)) {
      SpikeSealed a = cipher.seal(new byte[] {1, 2, 3});
      SpikeSealed b = cipher.seal(new byte[] {1, 2, 3});
      assertThat(a.nonce()).hasSize(12).isNotEqualTo(b.nonce());
      assertThat(cipher.open(a)).containsExactly(1, 2, 3);
    }
  }

  @Test
  void open_tampered_throwsDecryptionFailed() throws Exception {
    try (RootKey root = RootKey.generate(new SecureRandom());
        SpikeCompatCipher cipher = SpikeCompatCipher.create(root)) {
      SpikeSealed s = cipher.seal(new byte[] {1, 2, 3});
      byte[] ct = s.ciphertext();
      ct[0] ^= 1;
      assertThatThrownBy(() -> cipher.open(s.nonce(), ct))
          .isInstanceOf(DecryptionFailedException.class)
          .hasMessage("decryption failed");
      assertThatThrownBy(() -> cipher.open(s.nonce(), new byte[15]))
          .isInstanceOf(DecryptionFailedException.class);
    }
  }

  @Test
  void open_wrongNonceLength_throwsWithLength() throws Exception {
    try (RootKey root = RootKey.generate(new SecureRandom());
        SpikeCompatCipher cipher = SpikeCompatCipher.create(root)) {
      assertThatThrownBy(() -> cipher.open(new byte[11], new byte[32]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("nonce must be 12 bytes, was 11");
    }
  }

  @Test
  void close_blocksFurtherUse() throws Exception {
    try (RootKey root = RootKey.generate(new SecureRandom())) {
      SpikeCompatCipher cipher = SpikeCompatCipher.create(root);
      cipher.close();
      assertThatThrownBy(() -> cipher.seal(new byte[1])).isInstanceOf(IllegalStateException.class);
      assertThat(root.isClosed()).isFalse();
    }
  }

  @Test
  void toString_doesNotRevealBytes() throws Exception {
    try (RootKey root = RootKey.generate(new SecureRandom());
        SpikeCompatCipher cipher = SpikeCompatCipher.create(root)) {
      String hex = HEX.formatHex(root.revealBytes(InsecureSecretAccess.get()));
      assertThat(cipher.toString()).doesNotContain(hex.substring(0, 6));
    }
  }

  @Test
  void seal_manyMessages_neverRepeatsANonce() throws Exception {
    try (SpikeCompatCipher cipher = vectorCipher()) {
      Set<String> nonces = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        nonces.add(HEX.formatHex(cipher.seal(new byte[1]).nonce()));
      }
      assertThat(nonces).hasSize(200);
    }
  }

  @Test
  void sealStream_largeInput_writesSpikeLayoutThatOpens() throws Exception {
    byte[] input = new byte[300_000];
    new SecureRandom().nextBytes(input);
    try (SpikeCompatCipher cipher = vectorCipher()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long n = cipher.sealStream(new ByteArrayInputStream(input), out, input.length);
      assertThat(n).isEqualTo(input.length);
      byte[] layout = out.toByteArray();
      assertThat(layout[0]).isEqualTo((byte) 1);
      assertThat(layout).hasSize(1 + 12 + input.length + 16);
      assertThat(cipher.open(SpikeSealed.parseStream(layout))).isEqualTo(input);
      assertThat(
              cipher.open(
                  Arrays.copyOfRange(layout, 1, 13), Arrays.copyOfRange(layout, 13, layout.length)))
          .isEqualTo(input);
    }
  }

  @Test
  void sealStream_overLimit_throwsPlaintextTooLarge() throws Exception {
    try (SpikeCompatCipher cipher = vectorCipher()) {
      assertThatThrownBy(
              () ->
                  cipher.sealStream(
                      new ByteArrayInputStream(new byte[101]), new ByteArrayOutputStream(), 100))
          .isInstanceOf(PlaintextTooLargeException.class)
          .hasMessage("plaintext exceeds the limit of 100 bytes");
    }
  }
}
