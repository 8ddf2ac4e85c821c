package ist.spike.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReceiptTest {
  @ParameterizedTest
  @EnumSource(ReceiptKind.class)
  void parse_everyKind_roundTripsByWireName(ReceiptKind kind) throws Exception {
    Receipt r =
        Receipt.unsigned(kind, "s", 5, Chains.obj().put("a", 1), Optional.empty())
            .withSignature(new byte[64]);
    Receipt back = Receipt.parse(r.toJson());
    assertThat(back.kind()).isEqualTo(kind);
    assertThat(back.toJson()).isEqualTo(r.toJson());
    assertThat(r.toJson()).contains("\"kind\":\"" + kind.wireName() + "\"");
  }

  @Test
  void parse_unknownKind_throws() throws Exception {
    String json =
        Receipt.unsigned(ReceiptKind.ONBOARDING, "s", 5, Chains.obj(), Optional.empty())
            .toJson()
            .replace("onboarding", "teleport");
    assertThatThrownBy(() -> Receipt.parse(json))
        .isInstanceOf(ReceiptFormatException.class)
        .hasMessageContaining("unknown receipt kind");
  }

  @Test
  void parse_nonCanonicalWhitespace_throws() throws Exception {
    String json =
        Receipt.unsigned(ReceiptKind.ONBOARDING, "s", 5, Chains.obj(), Optional.empty())
            .toJson()
            .replace(",", ", ");
    assertThatThrownBy(() -> Receipt.parse(json))
        .isInstanceOf(ReceiptFormatException.class)
        .hasMessageContaining("canonical");
  }

  @Test
  void parse_extraField_throws() {
    assertThatThrownBy(
            () ->
                Receipt.parse(
                    "{\"extra\":1,\"kind\":\"onboarding\",\"payload\":{},\"prev_hash\":null,"
                        + "\"signature\":\"\",\"subject\":\"s\",\"timestamp\":1}"))
        .isInstanceOf(ReceiptFormatException.class)
        .hasMessageContaining("unknown receipt field");
  }

  @Test
  void unsigned_blankSubject_throws() {
    assertThatThrownBy(
            () -> Receipt.unsigned(ReceiptKind.ONBOARDING, " ", 1, Chains.obj(), Optional.empty()))
        .isInstanceOf(ReceiptFormatException.class);
  }

  @Test
  void payload_mutatingReturnedCopy_doesNotChangeReceipt() throws Exception {
    Receipt r = Receipt.unsigned(ReceiptKind.ONBOARDING, "s", 1, Chains.obj(), Optional.empty());
    r.payload().put("x", 1);
    assertThat(r.payload().size()).isZero();
  }
}
