package ist.spike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import ist.spike.api.Route;
import ist.spike.api.json.MalformedBodyException;
import ist.spike.api.json.SpikeJson;

/**
 * Request bodies of every Nexus and Keeper route, decoded as the servers decode them: each input
 * either becomes a request record or is refused with {@link MalformedBodyException} (a 400 with a
 * message); nothing else may escape. A decoded record must survive encode/decode unchanged: our own
 * encoding of anything we accepted decodes again, to the same bytes.
 */
class RequestJsonFuzzTest {
  private static final SpikeJson JSON = SpikeJson.create();
  private static final Route[] ROUTES = Route.values();

  @FuzzTest(maxDuration = "20s")
  void decode_anyBody_recordOrMalformedBody(FuzzedDataProvider data) {
    Route route = ROUTES[data.consumeInt(0, ROUTES.length - 1)];
    byte[] body = data.consumeRemainingAsBytes();
    Object request;
    try {
      request = JSON.decode(body, route.requestType());
    } catch (MalformedBodyException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(request).isInstanceOf(route.requestType());
    byte[] encoded = JSON.encode(request);
    Object again;
    try {
      again = JSON.decode(encoded, route.requestType());
    } catch (MalformedBodyException e) {
      // Strict: every limit counts decoded text (ADR-0080), so Go-style escaping cannot push a
      // re-encoded request over one.
      throw new AssertionError(
          route + ": our own encoding of a decoded request must decode: " + e.getMessage(), e);
    }
    assertThat(JSON.encode(again)).as(route + " round trip").isEqualTo(encoded);
  }
}
