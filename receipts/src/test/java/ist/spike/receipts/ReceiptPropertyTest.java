package ist.spike.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class ReceiptPropertyTest {
  @Property(tries = 300)
  void parse_ofToJson_roundTripsAnyStringsAndIntegers(
      @ForAll @StringLength(max = 40) String key,
      @ForAll @StringLength(max = 80) String text,
      @ForAll long number,
      @ForAll @StringLength(min = 1, max = 30) String subject)
      throws Exception {
    ObjectNode payload = Chains.obj();
    String k = "k" + key;
    payload.put(k, text);
    payload.putObject("nested").put("n", number).put(text, key);
    String s = subject.isBlank() ? "x" + subject : subject;
    Receipt r =
        Receipt.unsigned(
                ReceiptKind.SHARE_REFRESH,
                s,
                Math.abs(number % 4_000_000_000L),
                payload,
                Optional.empty())
            .withSignature(new byte[64]);
    Receipt back = Receipt.parse(r.toJson());
    assertThat(back.toJson()).isEqualTo(r.toJson());
    assertThat(back.contentHash()).isEqualTo(r.contentHash());
    assertThat(CanonicalJson.encodeToString(back.payload()))
        .isEqualTo(CanonicalJson.encodeToString(payload));
    assertThat(back.payload().path(k).textValue()).isEqualTo(text);
    assertThat(r.toJson()).doesNotContain("\n");
  }
}
