package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.store.BackendKind;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every data-plane route and the root-key rotation and rekey routes × every kind of caller, over
 * real mTLS against a SQLite-backed Nexus (issue 5, done-when 1; issue 16). A caller is allowed
 * when the answer is 200 and refused when it is 401 {@code access_unauthorized}; a peer of another
 * trust domain cannot even complete the handshake. The harness's Nexus has no Keepers, so a caller
 * allowed to rotate gets the rotate handler's own 400 ("in-memory mode"), which only a request past
 * the role guard can reach.
 */
final class AuthorizationMatrixTest {
  @TempDir static Path dir;
  static NexusHarness nexus;
  static HttpClient superuser;
  static final AtomicInteger counter = new AtomicInteger();

  /** A route call that prepares its own state (as superuser) and returns the target and body. */
  interface Call {
    String[] prepare() throws Exception;
  }

  static final Map<String, Call> ROUTES = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    nexus = new NexusHarness(dir, BackendKind.SQLITE);
    superuser = nexus.http(nexus.td.idOf(SpikeRole.PILOT_SUPERUSER));
    // the "granted" workload holds one policy with every permission on app/ and the reserved paths
    ok(
        "/v1/acl/policy",
        "{\"name\":\"granted\",\"spiffeidPattern\":\"^spiffe://spike\\\\.ist/workload/granted$\","
            + "\"pathPattern\":\"^(app/.*|spike/system/acl|spike/system/secret|spike/system/cipher/exec)$\","
            + "\"permissions\":[\"super\"]}");
    // the "reader" workload may only read under app/: destroy and settings need write
    ok(
        "/v1/acl/policy",
        "{\"name\":\"reader\",\"spiffeidPattern\":\"^spiffe://spike\\\\.ist/workload/reader$\","
            + "\"pathPattern\":\"^app/.*$\",\"permissions\":[\"read\"]}");
    // transit keys need a policy written for spike/system/transit (ADR-0168)
    ok(
        "/v1/acl/policy",
        "{\"name\":\"granted-transit\",\"spiffeidPattern\":\"^spiffe://spike\\\\.ist/workload/granted$\","
            + "\"pathPattern\":\"^spike/system/transit(/.*)?$\",\"permissions\":[\"super\"]}");
    ok(
        "/v1/acl/policy",
        "{\"name\":\"reader-transit\",\"spiffeidPattern\":\"^spiffe://spike\\\\.ist/workload/reader$\","
            + "\"pathPattern\":\"^spike/system/transit/.*$\",\"permissions\":[\"read\"]}");
    // matches every transit key path but was not written for transit: reaches none of them
    ok(
        "/v1/acl/policy",
        "{\"name\":\"sneaky\",\"spiffeidPattern\":\"^spiffe://spike\\\\.ist/workload/sneaky$\","
            + "\"pathPattern\":\"^[a-z/]*transit.*$\",\"permissions\":[\"super\"]}");
    ROUTES.put("secret put", () -> new String[] {"/v1/store/secrets", put(fresh())});
    ROUTES.put("secret get", () -> new String[] {"/v1/store/secrets?action=get", path(existing())});
    ROUTES.put(
        "secret delete", () -> new String[] {"/v1/store/secrets?action=delete", path(existing())});
    ROUTES.put(
        "secret undelete",
        () -> {
          String p = existing();
          ok("/v1/store/secrets?action=delete", path(p));
          return new String[] {
            "/v1/store/secrets?action=undelete", "{\"path\":\"" + p + "\",\"versions\":[2]}"
          };
        });
    ROUTES.put("secret list", () -> new String[] {"/v1/store/secrets?action=list", "{}"});
    ROUTES.put(
        "secret metadata",
        () -> new String[] {"/v1/store/secrets/metadata?action=get", path(existing())});
    ROUTES.put(
        "secret destroy",
        () ->
            new String[] {
              "/v1/store/secrets?action=destroy",
              "{\"path\":\"" + existing() + "\",\"versions\":[1]}"
            });
    ROUTES.put(
        "secret metadata put",
        () ->
            new String[] {
              "/v1/store/secrets/metadata",
              "{\"path\":\"" + existing() + "\",\"customMetadata\":{\"o\":\"x\"}}"
            });
    ROUTES.put(
        "secret list paged",
        () -> new String[] {"/v1/store/secrets?action=list", "{\"prefix\":\"app/\",\"limit\":5}"});
    ROUTES.put(
        "policy put",
        () -> new String[] {"/v1/acl/policy", policy("p" + counter.incrementAndGet())});
    ROUTES.put(
        "policy get",
        () -> {
          String n = "p" + counter.incrementAndGet();
          ok("/v1/acl/policy", policy(n));
          return new String[] {"/v1/acl/policy?action=get", "{\"id\":\"" + n + "\"}"};
        });
    ROUTES.put(
        "policy delete",
        () -> {
          String n = "p" + counter.incrementAndGet();
          ok("/v1/acl/policy", policy(n));
          return new String[] {"/v1/acl/policy?action=delete", "{\"id\":\"" + n + "\"}"};
        });
    ROUTES.put("policy list", () -> new String[] {"/v1/acl/policy?action=list", "{}"});
    ROUTES.put(
        "cipher encrypt", () -> new String[] {"/v1/cipher/encrypt", "{\"plaintext\":\"aGk=\"}"});
    ROUTES.put(
        "cipher decrypt",
        () -> {
          var m = nexus.client(SpikeRole.PILOT_SUPERUSER).cipher().encrypt(new byte[] {1, 2});
          return new String[] {
            "/v1/cipher/decrypt",
            "{\"version\":1,\"nonce\":\""
                + Base64.getEncoder().encodeToString(m.nonce())
                + "\",\"ciphertext\":\""
                + Base64.getEncoder().encodeToString(m.ciphertext())
                + "\"}"
          };
        });
  }

  /** Routes whose allowed answer is not 200, with the status and a word of the handler's body. */
  static final Map<String, Object[]> ALLOWED_ANSWER =
      Map.of(
          "rotate", new Object[] {400, "in-memory mode"},
          "rotate status", new Object[] {400, "in-memory mode"},
          "rekey", new Object[] {400, "in-memory mode"},
          "rekey status", new Object[] {400, "in-memory mode"});

  static {
    ROUTES.put("rotate", () -> new String[] {"/v1/operator/rotate", "{}"});
    ROUTES.put("rotate status", () -> new String[] {"/v1/operator/rotate?action=status", "{}"});
    ROUTES.put(
        "rekey", () -> new String[] {"/v1/operator/rekey", "{\"threshold\":3,\"shares\":5}"});
    ROUTES.put("rekey status", () -> new String[] {"/v1/operator/rekey?action=status", "{}"});
    ROUTES.put(
        "transit create",
        () -> new String[] {"/v1/transit/keys", named("t" + counter.incrementAndGet())});
    ROUTES.put("transit get", () -> new String[] {"/v1/transit/keys?action=get", named(key())});
    ROUTES.put("transit list", () -> new String[] {"/v1/transit/keys?action=list", "{}"});
    ROUTES.put(
        "transit rotate", () -> new String[] {"/v1/transit/keys?action=rotate", named(key())});
    ROUTES.put(
        "transit config",
        () ->
            new String[] {
              "/v1/transit/keys?action=config",
              "{\"name\":\"" + key() + "\",\"deletionAllowed\":true}"
            });
    ROUTES.put(
        "transit delete",
        () -> {
          String k = "t" + counter.incrementAndGet();
          ok("/v1/transit/keys", "{\"name\":\"" + k + "\",\"deletionAllowed\":true}");
          return new String[] {"/v1/transit/keys?action=delete", named(k)};
        });
    ROUTES.put(
        "transit encrypt",
        () ->
            new String[] {
              "/v1/transit/encrypt", "{\"name\":\"" + key() + "\",\"plaintext\":\"aGk=\"}"
            });
    ROUTES.put(
        "transit decrypt",
        () -> {
          String k = key();
          return new String[] {
            "/v1/transit/decrypt", "{\"name\":\"" + k + "\",\"ciphertext\":\"" + sealed(k) + "\"}"
          };
        });
    ROUTES.put(
        "transit rewrap",
        () -> {
          String k = key();
          return new String[] {
            "/v1/transit/rewrap", "{\"name\":\"" + k + "\",\"ciphertext\":\"" + sealed(k) + "\"}"
          };
        });
  }

  static String named(String name) {
    return "{\"name\":\"" + name + "\"}";
  }

  /** A fresh transit key, created as superuser. */
  static String key() throws Exception {
    String k = "t" + counter.incrementAndGet();
    ok("/v1/transit/keys", named(k));
    return k;
  }

  static String sealed(String key) throws Exception {
    HttpResponse<byte[]> r =
        NexusHarness.postJson(
            superuser,
            nexus.uri(),
            "/v1/transit/encrypt",
            "{\"name\":\"" + key + "\",\"plaintext\":\"aGk=\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    String body = new String(r.body());
    int i = body.indexOf("spike:v");
    return body.substring(i, body.indexOf('"', i));
  }

  @AfterAll
  static void stop() {
    nexus.close();
  }

  static String fresh() {
    return "app/s" + counter.incrementAndGet();
  }

  static String existing() throws Exception {
    String p = fresh();
    ok("/v1/store/secrets", put(p));
    ok("/v1/store/secrets", put(p));
    return p;
  }

  static String put(String p) {
    return "{\"path\":\"" + p + "\",\"values\":{\"k\":\"v\"}}";
  }

  static String path(String p) {
    return "{\"path\":\"" + p + "\"}";
  }

  static String policy(String name) {
    return "{\"name\":\""
        + name
        + "\",\"spiffeidPattern\":\"^spiffe://spike\\\\.ist/workload/x$\",\"pathPattern\":\"^x$\","
        + "\"permissions\":[\"read\"]}";
  }

  static void ok(String target, String body) throws Exception {
    HttpResponse<byte[]> r = NexusHarness.postJson(superuser, nexus.uri(), target, body);
    assertThat(r.statusCode()).as("setup %s %s", target, new String(r.body())).isEqualTo(200);
  }

  /** Runs every route as {@code id}; returns route → status. */
  static Map<String, Integer> statuses(SpiffeId id) throws Exception {
    HttpClient http = nexus.http(id);
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Map.Entry<String, Call> e : ROUTES.entrySet()) {
      String[] call = e.getValue().prepare();
      HttpResponse<byte[]> r = NexusHarness.postJson(http, nexus.uri(), call[0], call[1]);
      if (r.statusCode() == 401) {
        assertThat(new String(r.body())).contains("\"err\":\"access_unauthorized\"");
      }
      Object[] answer = ALLOWED_ANSWER.get(e.getKey());
      if (answer != null && r.statusCode() == (int) answer[0]) {
        assertThat(new String(r.body())).as(e.getKey()).contains((String) answer[1]);
      }
      out.put(e.getKey(), r.statusCode());
    }
    return out;
  }

  static void assertAllowed(Map<String, Integer> statuses, List<String> allowed) {
    for (Map.Entry<String, Integer> e : statuses.entrySet()) {
      int expected =
          allowed.contains(e.getKey())
              ? (int) ALLOWED_ANSWER.getOrDefault(e.getKey(), new Object[] {200})[0]
              : 401;
      assertThat(e.getValue()).as(e.getKey()).isEqualTo(expected);
    }
  }

  static final List<String> ALL =
      new ArrayList<>(
          List.of(
              "secret put",
              "secret get",
              "secret delete",
              "secret undelete",
              "secret list",
              "secret metadata",
              "secret destroy",
              "secret metadata put",
              "secret list paged",
              "policy put",
              "policy get",
              "policy delete",
              "policy list",
              "cipher encrypt",
              "cipher decrypt",
              "transit create",
              "transit get",
              "transit list",
              "transit rotate",
              "transit config",
              "transit delete",
              "transit encrypt",
              "transit decrypt",
              "transit rewrap"));

  /**
   * Only the Pilot superuser may start a root-key rotation or a rekey or read their status
   * (ADR-0162, ADR-0163).
   */
  static final List<String> SUPERUSER = new ArrayList<>(ALL);

  static {
    SUPERUSER.addAll(List.of("rotate", "rotate status", "rekey", "rekey status"));
  }

  @Test
  void superuser_everyRouteAllowed() throws Exception {
    assertAllowed(statuses(nexus.td.idOf(SpikeRole.PILOT_SUPERUSER)), SUPERUSER);
  }

  @Test
  void superuserInstance_everyRouteAllowed() throws Exception {
    assertAllowed(statuses(nexus.td.id("spike/pilot/role/superuser/instance-0")), SUPERUSER);
  }

  @Test
  void liteWorkload_onlyCipherNotTransit() throws Exception {
    assertAllowed(
        statuses(nexus.td.idOf(SpikeRole.LITE_WORKLOAD)),
        List.of("cipher encrypt", "cipher decrypt"));
  }

  @Test
  void workloadWithMatchingPolicy_everyDataRouteAllowedButNotRotation() throws Exception {
    assertAllowed(statuses(nexus.td.id("workload/granted")), ALL);
  }

  @Test
  void workloadWithReadOnly_onlySecretGetMetadataGetAndTransitKeyGet() throws Exception {
    assertAllowed(
        statuses(nexus.td.id("workload/reader")),
        List.of("secret get", "secret metadata", "transit get"));
  }

  @Test
  void policyNotWrittenForTransit_reachesNoTransitRoute() throws Exception {
    assertAllowed(statuses(nexus.td.id("workload/sneaky")), List.of());
  }

  @Test
  void workloadWithoutPolicy_everyRouteRefused() throws Exception {
    assertAllowed(statuses(nexus.td.id("workload/nobody")), List.of());
  }

  @Test
  void lookalikeOfGrantedWorkload_everyRouteRefused() throws Exception {
    assertAllowed(statuses(nexus.td.id("workload/granted-evil")), List.of());
  }

  @Test
  void recoverRole_everyDataRouteRefused() throws Exception {
    assertAllowed(statuses(nexus.td.idOf(SpikeRole.PILOT_RECOVER)), List.of());
  }

  @Test
  void restoreRole_everyDataRouteRefused() throws Exception {
    assertAllowed(statuses(nexus.td.idOf(SpikeRole.PILOT_RESTORE)), List.of());
  }

  @Test
  void keeper_everyDataRouteRefused() throws Exception {
    assertAllowed(statuses(nexus.td.idOf(SpikeRole.KEEPER)), List.of());
  }

  @Test
  void nexus_everyDataRouteRefused() throws Exception {
    assertAllowed(statuses(nexus.td.idOf(SpikeRole.NEXUS)), List.of());
  }

  @Test
  void bootstrap_everyDataRouteRefused() throws Exception {
    assertAllowed(statuses(nexus.td.idOf(SpikeRole.BOOTSTRAP)), List.of());
  }

  @Test
  void anotherTrustDomain_handshakeRefused(@TempDir Path other) throws Exception {
    DevTrustDomain foreign = DevTrustDomain.create(other, "other.org");
    try (var source = foreign.sourceFor(SpikeRole.PILOT_SUPERUSER)) {
      // trust both bundles on the client side so only the server's check can refuse
      var ssl =
          ist.spike.identity.SpiffeTls.sslContext(
              source,
              ist.spike.identity.SpiffeIdVerifier.anyIn(
                  java.util.Set.of("other.org", "spike.ist")));
      HttpClient http =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).build();
      assertThatThrownBy(
              () -> NexusHarness.postJson(http, nexus.uri(), "/v1/store/secrets?action=list", "{}"))
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
