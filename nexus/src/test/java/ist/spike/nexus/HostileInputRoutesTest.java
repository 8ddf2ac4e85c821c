package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.identity.SpikeRole;
import ist.spike.nexus.store.BackendKind;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10 items 7 and 8 over real mTLS: bodies that are not valid UTF-8 text and policy patterns
 * that Go's RE2 refuses for their size get a 400 that says why, and change nothing.
 */
final class HostileInputRoutesTest {
  @TempDir Path dir;
  private NexusHarness nexus;
  private HttpClient superuser;

  @BeforeEach
  void start() {
    nexus = new NexusHarness(dir, BackendKind.SQLITE);
    superuser = nexus.http(nexus.td.idOf(SpikeRole.PILOT_SUPERUSER));
  }

  @AfterEach
  void stop() {
    nexus.close();
  }

  private HttpResponse<byte[]> post(String target, byte[] body) throws Exception {
    return NexusHarness.post(superuser, nexus.uri(), target, "application/json", body);
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** {@code {"path":"secrets<bytes>a","values":{"k":"v"}}} with raw bytes spliced in. */
  private static byte[] secretPut(String hex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("{\"path\":\"secrets".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(HexFormat.of().parseHex(hex));
    out.writeBytes("a\",\"values\":{\"k\":\"v\"}}".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c0af", // overlong '/': would store secrets/a
        "e080af", // three-byte overlong '/'
        "eda080", // UTF-8-encoded surrogate
        "ff", // invalid byte
        "5c7564383030" // \ud800 escape without its low half
      })
  void secretPut_invalidUtf8_badRequestSayingWhyAndNothingStored(String hex) throws Exception {
    HttpResponse<byte[]> put = post("/v1/store/secrets", secretPut(hex));
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(text(put))
        .contains("api_bad_request")
        .contains("not valid UTF-8 text")
        .contains("send well-formed UTF-8");

    HttpResponse<byte[]> list = post("/v1/store/secrets?action=list", "{}".getBytes());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(text(list)).doesNotContain("secrets");
    HttpResponse<byte[]> get =
        post("/v1/store/secrets?action=get", "{\"path\":\"secrets/a\"}".getBytes());
    assertThat(get.statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a{1000}){1000}", "((a{100}){100}){100}"})
  void policyCreate_patternGoRefusesForSize_fastBadRequestAndNothingStored(String pattern)
      throws Exception {
    String body =
        "{\"name\":\"bomb\",\"spiffeidPattern\":\"^spiffe://spike\\\\.ist/x$\",\"pathPattern\":\""
            + pattern
            + "\",\"permissions\":[\"read\"]}";
    long start = System.nanoTime();
    HttpResponse<byte[]> put = post("/v1/acl/policy", body.getBytes(StandardCharsets.UTF_8));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(text(put)).contains("pathPattern is too complex").contains("at most 1000 times");
    // Before the limit: 10 s and an OutOfMemoryError, or 4.6 s (issue 10). Generous bound.
    assertThat(millis).isLessThan(3000);

    HttpResponse<byte[]> list = post("/v1/acl/policy?action=list", "{}".getBytes());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(text(list)).doesNotContain("bomb");
  }
}
