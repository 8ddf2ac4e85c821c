package ist.spike.api.secret;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.api.json.SpikeJson;
import org.junit.jupiter.api.Test;

/** SPIKE's list body stays a plain list; only the extension fields make it a page. */
class SecretListRequestTest {
  private static final SpikeJson JSON = SpikeJson.create();

  @Test
  void decode_spikeEmptyBody_notPaged() throws Exception {
    assertThat(JSON.decode("{}", SecretListRequest.class).paged()).isFalse();
    assertThat(JSON.decode("null", SecretListRequest.class).paged()).isFalse();
    assertThat(JSON.decode("{\"prefix\":\"\",\"after\":\"\"}", SecretListRequest.class).paged())
        .isFalse();
  }

  @Test
  void decode_anyExtensionField_paged() throws Exception {
    assertThat(JSON.decode("{\"prefix\":\"app/\"}", SecretListRequest.class).paged()).isTrue();
    assertThat(JSON.decode("{\"after\":\"a\"}", SecretListRequest.class).paged()).isTrue();
    assertThat(JSON.decode("{\"limit\":5}", SecretListRequest.class).paged()).isTrue();
  }

  @Test
  void encode_spikeForm_isEmptyObject_pageFormCarriesItsFields() {
    assertThat(JSON.encodeToString(new SecretListRequest())).isEqualTo("{}");
    assertThat(JSON.encodeToString(new SecretListRequest("app/", "", 10)))
        .isEqualTo("{\"prefix\":\"app/\",\"limit\":10}");
  }
}
