package ist.spike.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTest {
  @Test
  void target_withAndWithoutAction() {
    assertThat(Route.SECRET_PUT.target()).isEqualTo("/v1/store/secrets");
    assertThat(Route.SECRET_GET.target()).isEqualTo("/v1/store/secrets?action=get");
    assertThat(Route.SECRET_METADATA_GET.target())
        .isEqualTo("/v1/store/secrets/metadata?action=get");
    assertThat(Route.POLICY_LIST.target()).isEqualTo("/v1/acl/policy?action=list");
    assertThat(Route.KEEPER_SHARD.target()).isEqualTo("/v1/store/shard");
  }

  @Test
  void find_everyRoute_roundTrips() {
    for (Route r : Route.values()) {
      assertThat(Route.find(r.server(), r.path(), r.action().orElse(null))).contains(r);
    }
  }

  @Test
  void find_emptyActionIsDefault_unknownIsEmpty() {
    assertThat(Route.find(Route.Server.NEXUS, "/v1/store/secrets", "")).contains(Route.SECRET_PUT);
    assertThat(Route.find(Route.Server.NEXUS, "/v1/store/secrets", "GET")).isEmpty();
    assertThat(Route.find(Route.Server.NEXUS, "/v1/store/secrets/", null)).isEmpty();
    assertThat(Route.find(Route.Server.NEXUS, "/v1/store/shard", null)).isEmpty();
    assertThat(Route.find(Route.Server.KEEPER, "/v1/store/shard", null))
        .contains(Route.KEEPER_SHARD);
    assertThat(Route.find(Route.Server.NEXUS, "/v1/auth/initialization", null)).isEmpty();
  }

  @Test
  void errorBody_everyRouteAndCode_isResponseTypeWithErr() {
    for (Route r : Route.values()) {
      for (ErrorCode code : ErrorCode.values()) {
        SpikeResponse body = r.errorBody(code);
        assertThat(body).isInstanceOf(r.responseType());
        assertThat(body.err()).isEqualTo(code.code());
        assertThat(body.errorCode()).contains(code);
        assertThat(body.failed()).isTrue();
      }
    }
    assertThat(
            ist.spike.api.json.SpikeJson.create()
                .encodeToString(Route.SECRET_GET.errorBody(ErrorCode.NOT_FOUND)))
        .isEqualTo("{\"data\":null,\"err\":\"api_not_found\"}");
  }

  @Test
  void routes_areUniqueAndCoverSpec() {
    Set<String> seen = new HashSet<>();
    for (Route r : Route.values()) {
      assertThat(seen.add(r.server() + " " + r.target())).isTrue();
    }
    // SPIKE's 17 routes, our read-only /v1/operator/commitments (ADR-0161), the KV metadata and
    // snapshot routes (ADR 0151, 0150), the nine transit routes (ADR-0167), root-key rotation and
    // its status (ADR-0162), rekey and its status (ADR-0163)
    assertThat(Route.values()).hasSize(33);
  }
}
