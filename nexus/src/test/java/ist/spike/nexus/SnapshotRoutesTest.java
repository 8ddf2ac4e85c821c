package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.RootKey;
import ist.spike.identity.SpikeRole;
import ist.spike.nexus.store.BackendKind;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot and restore over real mTLS between SQLite-backed Nexus instances: one holding data, one
 * empty under the same root key, one empty under another key.
 */
final class SnapshotRoutesTest {
  @TempDir static Path dir;
  static RootKey key;
  static RootKey otherKey;
  static NexusHarness source;
  static NexusHarness target;
  static NexusHarness foreign;

  @BeforeAll
  static void start() throws Exception {
    key = RootKey.generate(new SecureRandom());
    otherKey = RootKey.generate(new SecureRandom());
    source =
        new NexusHarness(
            dir.resolve("source"), BackendKind.SQLITE, DataPlaneSettings.DEFAULTS, key);
    target =
        new NexusHarness(
            dir.resolve("target"), BackendKind.SQLITE, DataPlaneSettings.DEFAULTS, key);
    foreign =
        new NexusHarness(
            dir.resolve("foreign"), BackendKind.SQLITE, DataPlaneSettings.DEFAULTS, otherKey);
    HttpClient su = source.http(source.td.idOf(SpikeRole.PILOT_SUPERUSER));
    for (int i = 1; i <= 3; i++) {
      assertThat(
              NexusHarness.postJson(
                      su,
                      source.uri(),
                      "/v1/store/secrets",
                      "{\"path\":\"apps/s" + i + "\",\"values\":{\"k\":\"v" + i + "\"}}")
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @AfterAll
  static void stop() {
    for (NexusHarness n : new NexusHarness[] {source, target, foreign}) {
      if (n != null) {
        n.close();
      }
    }
    key.close();
    otherKey.close();
  }

  static HttpResponse<byte[]> call(NexusHarness n, SpikeRole role, String target, byte[] body)
      throws Exception {
    return NexusHarness.post(
        n.http(n.td.idOf(role)), n.uri(), target, "application/octet-stream", body);
  }

  static byte[] snapshot() throws Exception {
    HttpResponse<byte[]> r =
        NexusHarness.postJson(
            source.http(source.td.idOf(SpikeRole.PILOT_SUPERUSER)),
            source.uri(),
            "/v1/operator/snapshot",
            "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    return r.body();
  }

  @Test
  void snapshot_thenRestoreIntoEmptyNexusWithTheSameKey_dataReadable() throws Exception {
    byte[] file = snapshot();
    // a Nexus under another root key refuses it and stays empty
    HttpResponse<byte[]> refused =
        call(foreign, SpikeRole.PILOT_SUPERUSER, "/v1/operator/snapshot?action=restore", file);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("another root key");
    // a tampered copy is refused
    byte[] tampered = file.clone();
    tampered[tampered.length / 2] ^= 1;
    HttpResponse<byte[]> altered =
        call(target, SpikeRole.PILOT_SUPERUSER, "/v1/operator/snapshot?action=restore", tampered);
    assertThat(altered.statusCode()).isEqualTo(400);
    // the real one restores, and reports its manifest
    HttpResponse<byte[]> ok =
        call(target, SpikeRole.PILOT_SUPERUSER, "/v1/operator/snapshot?action=restore", file);
    String manifest = new String(ok.body(), StandardCharsets.UTF_8);
    assertThat(ok.statusCode()).as(manifest).isEqualTo(200);
    assertThat(manifest).contains("\"secrets\":3").contains("\"versions\":3");
    HttpResponse<byte[]> read =
        NexusHarness.postJson(
            target.http(target.td.idOf(SpikeRole.PILOT_SUPERUSER)),
            target.uri(),
            "/v1/store/secrets?action=get",
            "{\"path\":\"apps/s2\"}");
    assertThat(new String(read.body(), StandardCharsets.UTF_8)).contains("\"k\":\"v2\"");
    // a second restore meets a store that is no longer empty
    HttpResponse<byte[]> again =
        call(target, SpikeRole.PILOT_SUPERUSER, "/v1/operator/snapshot?action=restore", file);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(
            NexusHarness.postJson(
                    foreign.http(foreign.td.idOf(SpikeRole.PILOT_SUPERUSER)),
                    foreign.uri(),
                    "/v1/store/secrets?action=list",
                    "{}")
                .body())
        .asString(StandardCharsets.UTF_8)
        .doesNotContain("apps/");
  }

  @Test
  void snapshotRoutes_onlyTheSuperuser() throws Exception {
    for (SpikeRole role :
        new SpikeRole[] {
          SpikeRole.PILOT_RECOVER,
          SpikeRole.PILOT_RESTORE,
          SpikeRole.LITE_WORKLOAD,
          SpikeRole.KEEPER
        }) {
      assertThat(call(source, role, "/v1/operator/snapshot", "{}".getBytes()).statusCode())
          .as("%s takes a snapshot", role)
          .isEqualTo(401);
      assertThat(
              call(target, role, "/v1/operator/snapshot?action=restore", new byte[] {1})
                  .statusCode())
          .as("%s restores", role)
          .isEqualTo(401);
    }
  }
}
