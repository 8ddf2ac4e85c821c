package ist.spike.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.secret.SecretPutRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The JSON name-length limit and the Go-compatible encoder agree (ADR-0080): a name is measured in
 * UTF-8 bytes of its decoded text, whatever the input form and escaping, so a name that decodes
 * under the limit re-encodes (with Go's {@code \u003c}-style escapes, which grow it on the wire) to
 * a body that decodes again, to the same name.
 */
final class NameLimitPropertyTest {
  /** The records' own field names ("values") must fit. */
  private static final int MIN_LIMIT = 6;

  @Provide
  Arbitrary<String> names() {
    // Characters Go's encoder escapes (<, >, &, U+2028, U+2029, controls, quote, backslash),
    // multi-byte and non-BMP characters, and plain ASCII.
    Arbitrary<String> special =
        Arbitraries.of(
            "<",
            ">",
            "&",
            "\u2028",
            "\u2029",
            "\u0001",
            "\u001f",
            "\"",
            "\\",
            "\u00e9",
            "\u65e5",
            "\ud83d\udd11",
            "\ufffd",
            "a",
            "Z",
            "0",
            "/");
    return special.list().ofMinSize(1).ofMaxSize(40).map(l -> String.join("", l));
  }

  /** How the name is written in the request: raw, or with every character \\u-escaped. */
  private static String spell(String name, boolean escapeAll) {
    StringBuilder sb = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (escapeAll || c < 0x20 || c == '"' || c == '\\') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  @Property(tries = 500)
  void decode_nameUnderLimit_reencodesAndDecodesEqual(
      @ForAll("names") String name,
      @ForAll boolean escapeAll,
      @ForAll @IntRange(min = MIN_LIMIT, max = 120) int limit)
      throws Exception {
    SpikeJson json = SpikeJson.create(new SpikeJson.Limits(1 << 20, 1 << 20, 64, 32, limit));
    String body = "{\"path\":\"p\",\"values\":{\"" + spell(name, escapeAll) + "\":\"v\"}}";
    int decodedBytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (decodedBytes > limit) {
      assertThatThrownBy(() -> json.decode(body, SecretPutRequest.class))
          .isInstanceOf(MalformedBodyException.class)
          .hasMessageContaining("Name length");
      return;
    }
    SecretPutRequest first = json.decode(body, SecretPutRequest.class);
    assertThat(first.values()).isEqualTo(Map.of(name, "v"));
    byte[] encoded = json.encode(first);
    SecretPutRequest again = json.decode(encoded, SecretPutRequest.class);
    assertThat(again.values()).isEqualTo(first.values());
    assertThat(json.encode(again)).isEqualTo(encoded);
  }

  /** Bytes, text and readers give the same verdict: the limit has one unit. */
  @Property(tries = 300)
  void decode_anyInputForm_sameVerdict(
      @ForAll("names") String name, @ForAll @IntRange(min = MIN_LIMIT, max = 60) int limit) {
    ObjectMapper mapper =
        SpikeJson.newObjectMapper(new SpikeJson.Limits(1 << 20, 1 << 20, 64, 32, limit));
    String body = "{\"values\":{\"" + spell(name, false) + "\":\"v\"}}";
    boolean fromBytes =
        parses(
            () -> mapper.readValue(body.getBytes(StandardCharsets.UTF_8), SecretPutRequest.class));
    boolean fromString = parses(() -> mapper.readValue(body, SecretPutRequest.class));
    boolean fromReader =
        parses(() -> mapper.readValue(new java.io.StringReader(body), SecretPutRequest.class));
    assertThat(fromString).isEqualTo(fromBytes);
    assertThat(fromReader).isEqualTo(fromBytes);
    assertThat(fromBytes).isEqualTo(name.getBytes(StandardCharsets.UTF_8).length <= limit);
  }

  private interface Parse {
    Object run() throws Exception;
  }

  private static boolean parses(Parse p) {
    try {
      p.run();
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
