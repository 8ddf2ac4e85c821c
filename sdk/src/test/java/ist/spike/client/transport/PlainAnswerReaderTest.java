package ist.spike.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import ist.spike.api.json.SpikeJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainAnswerReader} against Jackson's streaming read of {@link SecretGetCodec}: whatever it
 * reads, Jackson reads to the same answer; what it declines is left to Jackson.
 */
class PlainAnswerReaderTest {
  private static final JsonFactory FACTORY = SecretGetCodec.factory(SpikeJson.Limits.DEFAULT);
  private static final StreamReadConstraints LIMITS = FACTORY.streamReadConstraints();

  /** Every body it reads, Jackson's streaming path reads to the same answer. */
  @Property(tries = 3000)
  void read_agreesWithJacksonWheneverItReads(@ForAll("bodies") String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    SecretGetCodec.Answer plain = PlainAnswerReader.read(bytes, LIMITS);
    if (plain != null) {
      assertThat(plain).as(body).isEqualTo(SecretGetCodec.readStreaming(FACTORY, bytes));
    }
    SecretGetCodec.Answer combined = SecretGetCodec.read(FACTORY, bytes);
    assertThat(combined).as(body).isEqualTo(SecretGetCodec.readStreaming(FACTORY, bytes));
  }

  @Test
  void read_plainAnswers() {
    assertThat(read("{\"data\":{\"b\":\"2\",\"a\":\"1\"}}"))
        .isEqualTo(new SecretGetCodec.Answer(Map.of("a", "1", "b", "2"), null, null));
    assertThat(read(" {\"data\" : null , \"err\":\"not_found\"}\r\n"))
        .isEqualTo(new SecretGetCodec.Answer(null, "not_found", null));
    assertThat(read("{\"err\":\"unauthorized\",\"message\":\"no\"}"))
        .isEqualTo(new SecretGetCodec.Answer(null, "unauthorized", "no"));
    assertThat(read("{\"data\":{\"k\":\"caf\\u00E9 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"},\"err\":\"\"}"))
        .isEqualTo(
            new SecretGetCodec.Answer(Map.of("k", "caf\u00e9 \" \\ / \b\f\n\r\t"), "", null));
    assertThat(read("{\"d\\u0061ta\":{}}"))
        .isEqualTo(new SecretGetCodec.Answer(Map.of(), null, null));
    assertThat(read("{}")).isEqualTo(new SecretGetCodec.Answer(null, null, null));
  }

  @Test
  void read_declinesWhatItDoesNotRead() {
    for (String body :
        List.of(
            "",
            " ",
            "null",
            "[]",
            "{",
            "{\"data\":{\"k\":\"v\"}",
            "{\"data\":{\"k\":\"v\"}} {}",
            "{\"data\":{\"k\":\"v\"}}x",
            "{\"err\":\"a\",}",
            "{,\"err\":\"a\"}",
            "{\"Data\":{\"k\":\"v\"}}",
            "{\"extra\":\"1\"}",
            "{\"data\":{\"k\":\"v\"},\"data\":null}",
            "{\"data\":{\"k\":\"v\",\"k\":\"w\"}}",
            "{\"err\":\"a\",\"err\":\"b\"}",
            "{\"data\":{\"k\":1}}",
            "{\"data\":{\"k\":null}}",
            "{\"data\":\"v\"}",
            "{\"data\":nul}",
            "{\"err\":null}",
            "{\"data\":{\"k\":\"\\ud800\"}}",
            "{\"data\":{\"\\uDC00\":\"v\"}}",
            "{\"data\":{\"k\":\"\\u00g0\"}}",
            "{\"data\":{\"k\":\"\\u00\"}}",
            "{\"data\":{\"k\":\"\\x\"}}",
            "{\"data\":{\"k\":\"\\'\"}}",
            "{\"data\":{\"k\":\"tab\there\"}}",
            "{\"data\":{\"k\":\"caf\u00e9\"}}",
            "\ufeff{}",
            "{\"data\":{\"k\":\"v\"}}\f",
            "{'err':'a'}",
            "{\"err\":\"a\"/*c*/}")) {
      assertThat(read(body)).as(body).isNull();
    }
  }

  @Test
  void read_declinesWhatIsOverALimit() {
    StreamReadConstraints small = new SpikeJson.Limits(64, 5, 64, 32, 4).readConstraints();
    assertThat(PlainAnswerReader.read(bytes("{\"data\":{\"abc\":\"12345\"}}"), small))
        .isEqualTo(new SecretGetCodec.Answer(Map.of("abc", "12345"), null, null));
    // a value one over the string limit, a key one over the name limit
    assertThat(PlainAnswerReader.read(bytes("{\"data\":{\"abc\":\"123456\"}}"), small)).isNull();
    assertThat(PlainAnswerReader.read(bytes("{\"data\":{\"abcde\":\"1\"}}"), small)).isNull();
    // the names of the answer count too
    assertThat(PlainAnswerReader.read(bytes("{\"message\":\"1\"}"), small)).isNull();
    // an escape counts its encoded bytes: declined here, left to Jackson
    assertThat(PlainAnswerReader.read(bytes("{\"err\":\"\\u0041\"}"), small)).isNull();
    // the document
    String body = "{\"err\":\"" + "x".repeat(60) + "\"}";
    StreamReadConstraints shortDocument =
        new SpikeJson.Limits(body.length() - 1, 1 << 20, 64, 32, 1024).readConstraints();
    assertThat(PlainAnswerReader.read(bytes(body), shortDocument)).isNull();
    // data's object is the second level of nesting
    StreamReadConstraints flat =
        new SpikeJson.Limits(1 << 20, 1 << 20, 64, 1, 1024).readConstraints();
    assertThat(PlainAnswerReader.read(bytes("{}"), flat)).isNull();
    StreamReadConstraints counted = LIMITS.rebuild().maxTokenCount(1000).build();
    assertThat(PlainAnswerReader.read(bytes("{}"), counted)).isNull();
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> chars =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.strings().alpha().numeric().ofMaxLength(6)),
            Tuple.of(2, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6)),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(3)),
            Tuple.of(
                3,
                Arbitraries.of(
                    "\\u00e9",
                    "\\u00E9",
                    "\\u0000",
                    "\\uffff",
                    "\\ud83d\\ude00",
                    "\\u12",
                    "\\uzzzz",
                    "\\\"",
                    "\\\\",
                    "\\/",
                    "\\b\\f\\n\\r\\t",
                    "\\a",
                    "\t",
                    "\u00e9",
                    "\u007f")));
    Arbitrary<String> str = chars.list().ofMaxSize(3).map(l -> "\"" + String.join("", l) + "\"");
    Arbitrary<String> ws = Arbitraries.of("", "", " ", "\n", "\r\n\t", "\f", "\u00a0");
    Arbitrary<String> member =
        Combinators.combine(
                str, ws, Arbitraries.oneOf(str, Arbitraries.of("1", "null", "{}", "true")))
            .as((k, w, v) -> k + w + ":" + w + v);
    Arbitrary<String> object =
        member.list().ofMaxSize(4).map(ms -> "{" + String.join(",", ms) + "}");
    Arbitrary<String> value =
        Arbitraries.oneOf(object, str, Arbitraries.of("null", "nul", "1", "true", "[]", "{}"));
    Arbitrary<String> key =
        Arbitraries.oneOf(
            Arbitraries.of(
                "\"data\"", "\"err\"", "\"message\"", "\"Data\"", "\"d\\u0061ta\"", "\"other\""),
            str);
    Arbitrary<String> top =
        Combinators.combine(key, ws, value)
            .as((k, w, v) -> k + w + ":" + w + v)
            .list()
            .ofMaxSize(4)
            .map(ms -> "{" + String.join(",", ms) + "}");
    return Combinators.combine(ws, top, Arbitraries.of("", " ", "\n", " {}", "x", ",", "}"))
        .as((w, t, tail) -> w + t + tail);
  }

  private static SecretGetCodec.Answer read(String body) {
    return PlainAnswerReader.read(bytes(body), LIMITS);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
