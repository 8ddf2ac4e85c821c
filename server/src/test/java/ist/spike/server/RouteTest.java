package ist.spike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.ErrorCode;
import ist.spike.api.json.SpikeJson;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final RouteHandler NOOP = req -> SpikeResponse.json(java.util.Map.of());
  private final ObjectMapper mapper = SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT);

  @Test
  void forApi_secretGet_keyAndSpikeShapedErrorBody() throws Exception {
    Route route =
        Route.forApi(ist.spike.api.Route.SECRET_GET, Guard.authorizedInHandler("t"), NOOP);

    assertThat(route.key()).isEqualTo(RouteKey.of("/v1/store/secrets", "get"));
    assertThat(mapper.writeValueAsString(route.errorBody().forCode(ErrorCode.NOT_FOUND)))
        .isEqualTo("{\"data\":null,\"err\":\"api_not_found\"}");
  }

  @Test
  void forApi_keeperShard_capitalErrKey() throws Exception {
    Route route =
        Route.forApi(ist.spike.api.Route.KEEPER_SHARD, Guard.authorizedInHandler("t"), NOOP);

    assertThat(route.key()).isEqualTo(RouteKey.of("/v1/store/shard"));
    assertThat(mapper.writeValueAsString(route.errorBody().forCode(ErrorCode.BAD_REQUEST)))
        .isEqualTo("{\"shard\":null,\"Err\":\"api_bad_request\"}");
  }

  @Test
  void routeTable_duplicate_rejected() {
    RouteTable.Builder b =
        RouteTable.builder().add(Route.of("/v1/x", "", Guard.authorizedInHandler("t"), NOOP));
    assertThatThrownBy(() -> b.add(Route.of("/v1/x", "", Guard.authorizedInHandler("t"), NOOP)))
        .hasMessageContaining("/v1/x");
  }

  @Test
  void routeKey_relativePath_rejected() {
    assertThatThrownBy(() -> RouteKey.of("v1/x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void routeKey_equality_exactOnPathAndAction() {
    RouteKey key = RouteKey.of("/v1/store/secrets", "get");
    RouteKey same = new RouteKey(new String("/v1/store/secrets"), new String("get"));
    assertThat(key).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(key)
        .isNotEqualTo(RouteKey.of("/v1/store/secrets", "put"))
        .isNotEqualTo(RouteKey.of("/v1/store/secrets", "GET"))
        .isNotEqualTo(RouteKey.of("/v1/store/secrets/", "get"))
        .isNotEqualTo(RouteKey.of("/v1/store/secrets"))
        .isNotEqualTo("/v1/store/secrets?action=get");
    assertThat(RouteKey.of("/a", "b")).isNotEqualTo(RouteKey.of("/ab", ""));
  }
}
