package ist.spike.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.secret.SecretPutRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request JSON must be valid UTF-8 text: anything that would decode to a different text than it
 * spells (an overlong {@code C0 AF} to {@code /}) or to U+FFFD is refused, by {@link SpikeJson} and
 * by every mapper it builds, whatever the input form.
 */
final class StrictUtf8Test {
  private static final SpikeJson JSON = SpikeJson.create();
  private static final ObjectMapper MAPPER = SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT);

  private static byte[] body(String hexInsidePath) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("{\"path\":\"secrets".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(HexFormat.of().parseHex(hexInsidePath));
    out.writeBytes("a\",\"values\":{\"k\":\"v\"}}".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "c0af, overlong UTF-8 encoding at byte 16",
    "e080af, overlong UTF-8 encoding at byte 16",
    "f08080af, overlong UTF-8 encoding at byte 16",
    "eda080, UTF-8-encoded surrogate at byte 16",
    "edbfbf, UTF-8-encoded surrogate at byte 16",
    "f4908080, UTF-8 code point above U+10FFFF at byte 16",
    "ff, invalid UTF-8 byte at byte 16",
    "80, invalid UTF-8 byte at byte 16",
    "e282, truncated UTF-8 sequence at byte 16",
    "5cc0af, overlong UTF-8 encoding at byte 17",
    "5c7564383030, unpaired surrogate escape (a \\u high surrogate without a low one) at byte 16",
    "5c7544433030, unpaired surrogate escape (a \\u low surrogate without a high one) at byte 16",
  })
  void decode_invalidUtf8_malformedBodyNamingTheProblem(String hex, String problem) {
    byte[] body = body(hex);
    assertThatThrownBy(() -> JSON.decode(body, SecretPutRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage(
            "body is not valid UTF-8 text: "
                + problem
                + "; send well-formed UTF-8 (no overlong forms, encoded surrogates or stray bytes)");
    assertThatThrownBy(() -> MAPPER.readValue(body, SecretPutRequest.class))
        .isInstanceOf(InvalidUtf8Exception.class);
    assertThatThrownBy(
            () -> MAPPER.copy().readValue(new ByteArrayInputStream(body), SecretPutRequest.class))
        .isInstanceOf(InvalidUtf8Exception.class);
  }

  @ParameterizedTest
  @CsvSource({"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"})
  void decode_utf16Or32Body_refusedNotAutoDetected(String charset) {
    byte[] body = "{\"path\":\"a\"}".getBytes(java.nio.charset.Charset.forName(charset));
    assertThatThrownBy(() -> JSON.decode(body, SecretPutRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("NUL byte")
        .hasMessageContaining("JSON must be UTF-8");
  }

  @ParameterizedTest
  @CsvSource({
    "c3a9, secrets\u00e9a",
    "f09f9491, secrets\ud83d\udd11a",
    "5c75643833645c7564643131, secrets\ud83d\udd11a",
    "5c5c7564383030, secrets\\ud800a",
    "efbfbd, secrets\ufffda",
  })
  void decode_validUtf8AndPairedEscapes_accepted(String hex, String path) throws Exception {
    assertThat(JSON.decode(body(hex), SecretPutRequest.class).path()).isEqualTo(path);
  }

  @ParameterizedTest
  @CsvSource({"'{\"path\":\"a\ud800\"}'", "'{\"path\":\"\udc00\"}'"})
  void decode_textWithUnpairedSurrogate_refused(String text) {
    assertThatThrownBy(() -> JSON.decode(text, SecretPutRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> MAPPER.readValue(text, SecretPutRequest.class))
        .isInstanceOf(InvalidUtf8Exception.class);
    assertThatThrownBy(() -> MAPPER.readValue(new StringReader(text), SecretPutRequest.class))
        .isInstanceOf(InvalidUtf8Exception.class);
  }

  /** The check agrees with the JDK's strict UTF-8 decoder on any bytes (no escapes involved). */
  @Property(tries = 2000)
  void problem_anyBytesWithoutBackslash_nullExactlyWhenJdkDecodes(@ForAll byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\\') {
        bytes[i] = 'x';
      }
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        bytes[i] = '0'; // NUL is valid UTF-8 but never valid in UTF-8 JSON; tested above
      }
    }
    boolean jdkDecodes;
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
      jdkDecodes = true;
    } catch (CharacterCodingException e) {
      jdkDecodes = false;
    }
    assertThat(Utf8.problem(bytes, 0, bytes.length) == null).isEqualTo(jdkDecodes);
  }

  /** Any valid text, encoded by the JDK, passes. */
  @Property(tries = 1000)
  void problem_anyJdkEncodedText_null(@ForAll String text) throws Exception {
    if (Utf8.unpairedSurrogate(text.toCharArray(), 0, text.length()) >= 0) {
      return;
    }
    ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\\' || bytes[i] == 0) {
        bytes[i] = 'x';
      }
    }
    assertThat(Utf8.problem(bytes, 0, bytes.length)).isNull();
  }
}
