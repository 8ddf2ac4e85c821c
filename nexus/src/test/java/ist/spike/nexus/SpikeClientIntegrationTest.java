package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.client.SecretMetadata;
import ist.spike.client.SpikeClient;
import ist.spike.client.SpikeConflictException;
import ist.spike.client.error.SpikeBadRequestException;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeNotFoundException;
import ist.spike.client.error.SpikeUnauthorizedException;
import ist.spike.identity.SpikeRole;
import ist.spike.nexus.store.BackendKind;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against a real Nexus data plane over mTLS. */
final class SpikeClientIntegrationTest {
  @TempDir static Path dir;
  static NexusHarness nexus;
  static SpikeClient su;

  @BeforeAll
  static void start() {
    nexus = new NexusHarness(dir, BackendKind.SQLITE);
    su = nexus.client(SpikeRole.PILOT_SUPERUSER);
  }

  @AfterAll
  static void stop() {
    nexus.close();
  }

  @Test
  void secrets_fullLifecycle() throws Exception {
    su.secrets().put("sdk/db", Map.of("user", "alice", "pass", "one"));
    su.secrets().put("sdk/db", Map.of("user", "alice", "pass", "two"));
    assertThat(su.secrets().get("sdk/db")).hasValue(Map.of("user", "alice", "pass", "two"));
    assertThat(su.secrets().get("sdk/db", 1)).hasValue(Map.of("user", "alice", "pass", "one"));
    assertThat(su.secrets().get("sdk/db", 9)).isEmpty();
    assertThat(su.secrets().list()).contains("sdk/db");
    SecretMetadata m = su.secrets().metadata("sdk/db", 0).orElseThrow();
    assertThat(m.currentVersion()).isEqualTo(2);
    assertThat(m.versions().keySet()).containsExactly(1, 2);
    su.secrets().delete("sdk/db", List.of());
    assertThat(su.secrets().get("sdk/db")).hasValue(Map.of("user", "alice", "pass", "one"));
    su.secrets().undelete("sdk/db", List.of(2));
    assertThat(su.secrets().get("sdk/db").orElseThrow()).containsEntry("pass", "two");
    assertThat(su.secrets().metadata("sdk/none", 0)).isEmpty();
    assertThatThrownBy(() -> su.secrets().delete("sdk/none", List.of()))
        .isInstanceOf(SpikeNotFoundException.class);
  }

  @Test
  void putIfCurrent_staleVersion_conflictNothingWritten() throws Exception {
    su.secrets().putIfCurrent("sdk/cas", Map.of("k", "a"), 0);
    su.secrets().putIfCurrent("sdk/cas", Map.of("k", "b"), 1);
    assertThatThrownBy(() -> su.secrets().putIfCurrent("sdk/cas", Map.of("k", "c"), 1))
        .isInstanceOf(SpikeConflictException.class)
        .hasMessageContaining("expected current version 1 but it is 2");
    assertThat(su.secrets().get("sdk/cas").orElseThrow()).containsEntry("k", "b");
  }

  @Test
  void put_invalidPath_badRequest() {
    assertThatThrownBy(() -> su.secrets().put("bad path", Map.of("k", "v")))
        .isInstanceOf(SpikeBadRequestException.class);
  }

  @Test
  void policies_grantWorkloadRead() throws Exception {
    SpikeClient app = nexus.client(nexus.td.id("workload/sdk-app"));
    su.secrets().put("sdk/app/config", Map.of("url", "https://db"));
    assertThatThrownBy(() -> app.secrets().get("sdk/app/config"))
        .isInstanceOf(SpikeUnauthorizedException.class);
    su.policies()
        .put("sdk-app", "^spiffe://spike\\.ist/workload/sdk-app$", "^sdk/app/.*$", List.of("read"));
    assertThat(su.policies().get("sdk-app").orElseThrow().spiffeIdPattern())
        .isEqualTo("^spiffe://spike\\.ist/workload/sdk-app$");
    assertThat(su.policies().listAll()).contains("sdk-app");
    assertThat(app.secrets().get("sdk/app/config")).hasValue(Map.of("url", "https://db"));
    su.policies().delete("sdk-app");
    assertThat(su.policies().get("sdk-app")).isEmpty();
    assertThatThrownBy(() -> app.secrets().get("sdk/app/config"))
        .isInstanceOf(SpikeUnauthorizedException.class);
  }

  @Test
  void policies_reservedPathViolation_badRequestWithReason() {
    assertThatThrownBy(
            () ->
                su.policies().put("bad", "spiffe://spike\\.ist/workload/.*", ".*", List.of("read")))
        .isInstanceOf(SpikeBadRequestException.class);
  }

  @Test
  void cipher_jsonRoundTrip_keepsNonce() throws Exception {
    var m = su.cipher().encrypt("payload".getBytes());
    assertThat(m.nonce()).hasSize(12);
    assertThat(new String(su.cipher().decrypt(m))).isEqualTo("payload");
  }

  @Test
  void unreachableNexus_connectionException() {
    try (var source = nexus.td.sourceFor(SpikeRole.PILOT_SUPERUSER);
        SpikeClient dead =
            SpikeClient.builder()
                .nexusUrl(URI.create("https://127.0.0.1:1"))
                .svidSource(source)
                .build()) {
      assertThatThrownBy(() -> dead.secrets().list()).isInstanceOf(SpikeConnectionException.class);
    }
  }

  @Test
  void builder_withoutSslContext_failsAtBuild() {
    assertThatThrownBy(() -> SpikeClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SVID source");
    assertThatThrownBy(() -> SpikeClient.builder().nexusUrl(URI.create("http://x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
