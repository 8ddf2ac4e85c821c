package ist.spike.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.json.SpikeJson;
import ist.spike.api.secret.SecretGetRequest;
import ist.spike.api.secret.SecretGetResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link SecretGetCodec} against SPIKE's mapper: the same request bytes, and for every answer it
 * reads, the same data, code and message as the mapper's tree path; what it does not read is left
 * to the mapper.
 */
class SecretGetCodecTest {
  private static final ObjectMapper MAPPER = SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT);
  private static final JsonFactory FACTORY = SecretGetCodec.factory(SpikeJson.Limits.DEFAULT);

  @Property(tries = 300)
  void write_sameBytesAsTheMapper(
      @ForAll String path, @ForAll int version, @ForAll("errs") String err) throws Exception {
    SecretGetRequest request = new SecretGetRequest(path, version, err);
    assertThat(new String(SecretGetCodec.write(FACTORY, request), StandardCharsets.UTF_8))
        .isEqualTo(new String(MAPPER.writeValueAsBytes(request), StandardCharsets.UTF_8));
  }

  @Test
  void write_goEscapesAndOmittedDefaults() {
    assertThat(
            new String(
                SecretGetCodec.write(FACTORY, SecretGetRequest.of("a<b>&c", 0)),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"path\":\"a\\u003cb\\u003e\\u0026c\"}");
    assertThat(
            new String(
                SecretGetCodec.write(FACTORY, SecretGetRequest.of("p", 3)), StandardCharsets.UTF_8))
        .isEqualTo("{\"path\":\"p\",\"version\":3}");
  }

  @Test
  void read_plainAnswers() {
    assertThat(read("{\"data\":{\"b\":\"2\",\"a\":\"1\"}}"))
        .isEqualTo(new SecretGetCodec.Answer(Map.of("a", "1", "b", "2"), null, null));
    assertThat(read(" {\"data\" : null , \"err\":\"not_found\"}\n"))
        .isEqualTo(new SecretGetCodec.Answer(null, "not_found", null));
    assertThat(read("{\"err\":\"unauthorized\",\"message\":\"no\"}"))
        .isEqualTo(new SecretGetCodec.Answer(null, "unauthorized", "no"));
    assertThat(read("{\"data\":{\"k\":\"caf\u00e9 \\u00e9\"},\"err\":\"\"}"))
        .isEqualTo(new SecretGetCodec.Answer(Map.of("k", "caf\u00e9 \u00e9"), "", null));
    assertThat(read("{}")).isEqualTo(new SecretGetCodec.Answer(null, null, null));
  }

  @Test
  void read_otherShapesLeftToTheMapper() {
    for (String body :
        List.of(
            "",
            "null",
            "[]",
            "{\"Data\":{\"k\":\"v\"}}",
            "{\"Err\":\"not_found\"}",
            "{\"data\":{\"k\":\"v\"},\"data\":{\"k\":\"w\"}}",
            "{\"data\":{\"k\":\"v\",\"k\":\"w\"}}",
            "{\"err\":\"a\",\"err\":\"b\"}",
            "{\"data\":{\"k\":1}}",
            "{\"data\":{\"k\":null}}",
            "{\"data\":{\"k\":{}}}",
            "{\"data\":\"v\"}",
            "{\"err\":null}",
            "{\"data\":{\"k\":\"\\ud800\"}}",
            "{\"data\":{\"\\udc00\":\"v\"}}",
            "{\"data\":{\"k\":\"v\"}} {}",
            "{\"data\":{\"k\":\"v\"}",
            "{\"extra\":1}")) {
      assertThat(read(body)).as(body).isNull();
    }
    // an overlong '/' (C0 AF) is not UTF-8: the strict factory refuses it here as in the mapper
    byte[] overlong = {'{', '"', 'e', 'r', 'r', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
    assertThat(SecretGetCodec.read(FACTORY, overlong)).isNull();
    // over the document limit
    String big = "{\"data\":{\"k\":\"" + "x".repeat((4 << 20) + 1) + "\"}}";
    assertThat(read(big)).isNull();
  }

  /** Every body the codec reads gives the values the mapper's path would have given. */
  @Property(tries = 1000)
  void read_agreesWithTheMapperWheneverItReads(@ForAll("bodies") String body) throws Exception {
    SecretGetCodec.Answer answer = read(body);
    if (answer == null) {
      return;
    }
    JsonNode tree = MAPPER.readTree(body.getBytes(StandardCharsets.UTF_8));
    SecretGetResponse viaMapper = MAPPER.treeToValue(tree, SecretGetResponse.class);
    assertThat(answer.data()).isEqualTo(viaMapper.data());
    assertThat(answer.err() == null ? "" : answer.err()).isEqualTo(viaMapper.err());
    JsonNode message = tree.get("message");
    assertThat(answer.message()).isEqualTo(message == null ? null : message.asText());
  }

  @Provide
  Arbitrary<String> errs() {
    return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().ofMaxLength(8));
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> text =
        Arbitraries.oneOf(
            Arbitraries.strings().alpha().ofMaxLength(5),
            Arbitraries.strings().ofMaxLength(5),
            Arbitraries.of("\\u00e9", "\\ud83d\\ude00", "\\\"", "\\n", "<&>", "\\/"));
    Arbitrary<String> str = text.map(t -> "\"" + t.replace("\"", "").replace("\\", "") + "\"");
    Arbitrary<String> rawStr =
        Arbitraries.of("\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\\"\"", "\"a\\nb\"", "\"\\/\"");
    Arbitrary<String> anyStr = Arbitraries.oneOf(str, rawStr);
    Arbitrary<String> member =
        Combinators.combine(anyStr, Arbitraries.oneOf(anyStr, Arbitraries.of("1", "null", "{}")))
            .as((k, v) -> k + ":" + v);
    Arbitrary<String> object =
        member.list().ofMaxSize(4).map(ms -> "{" + String.join(",", ms) + "}");
    Arbitrary<String> value =
        Arbitraries.oneOf(object, anyStr, Arbitraries.of("null", "1", "true", "[]"));
    Arbitrary<String> key =
        Arbitraries.of("\"data\"", "\"err\"", "\"message\"", "\"Data\"", "\"ERR\"", "\"other\"");
    Arbitrary<String> top =
        Combinators.combine(key, value)
            .as((k, v) -> k + ":" + v)
            .list()
            .ofMaxSize(4)
            .map(ms -> "{" + String.join(",", ms) + "}");
    return Combinators.combine(top, Arbitraries.of("", " ", "\n", " {}", "x"))
        .as((t, tail) -> t + tail);
  }

  private static SecretGetCodec.Answer read(String body) {
    return SecretGetCodec.read(FACTORY, body.getBytes(StandardCharsets.UTF_8));
  }
}
