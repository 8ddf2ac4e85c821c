package ist.spike.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void encode_nestedObjects_sortsKeysAtEveryLevel() throws Exception {
    String json = "{ \"b\": {\"z\": 1, \"a\": [ {\"y\":true, \"x\":null} ]}, \"a\": \"s\" }";
    assertThat(CanonicalJson.encodeToString(mapper.readTree(json)))
        .isEqualTo("{\"a\":\"s\",\"b\":{\"a\":[{\"x\":null,\"y\":true}],\"z\":1}}");
  }

  @Test
  void encode_specialCharacters_escapesLikeSerdeJson() throws Exception {
    String json = "{\"k\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 d\\u007f é / ✓\"}";
    assertThat(CanonicalJson.encodeToString(mapper.readTree(json)))
        .isEqualTo("{\"k\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 d\u007f é / ✓\"}");
  }

  @Test
  void encode_integers_keepsSignAndMagnitude() throws Exception {
    assertThat(CanonicalJson.encodeToString(mapper.readTree("[-5,0,18446744073709551615]")))
        .isEqualTo("[-5,0,18446744073709551615]");
  }

  @Test
  void encode_floatingPoint_throws() throws Exception {
    assertThatThrownBy(() -> CanonicalJson.encode(mapper.readTree("{\"x\":1.5}")))
        .isInstanceOf(ReceiptFormatException.class)
        .hasMessageContaining("only integer");
  }

  @Test
  void encode_integerBeyond64Bits_throws() throws Exception {
    assertThatThrownBy(() -> CanonicalJson.encode(mapper.readTree("[18446744073709551616]")))
        .isInstanceOf(ReceiptFormatException.class);
  }
}
