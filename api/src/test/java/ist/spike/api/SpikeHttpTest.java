package ist.spike.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.testkit.Vectors;
import org.junit.jupiter.api.Test;

class SpikeHttpTest {
  @Test
  void isStreamMode_onlyExactValue() {
    assertThat(SpikeHttp.isStreamMode("application/octet-stream")).isTrue();
    assertThat(SpikeHttp.isStreamMode("application/octet-stream; charset=binary")).isFalse();
    assertThat(SpikeHttp.isStreamMode("Application/Octet-Stream")).isFalse();
    assertThat(SpikeHttp.isStreamMode(null)).isFalse();
  }

  @Test
  void noCacheHeaders_matchSpikeJsonResponses() {
    JsonNode first = Vectors.json("spike-wire.json").get("nexus_routes").get(0);
    JsonNode headers = first.get("response_headers");
    assertThat(headers.get("Content-Type").asText()).isEqualTo(SpikeHttp.CONTENT_TYPE_JSON);
    SpikeHttp.NO_CACHE_HEADERS.forEach(
        (name, value) -> assertThat(headers.get(name).asText()).as(name).isEqualTo(value));
  }
}
