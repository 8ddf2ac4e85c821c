package ist.spike.spring;

import ist.spike.client.error.SpikeException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code spike} Actuator endpoint: reading it lists the imported secret paths (never values);
 * writing to it ({@code POST /actuator/spike}) reads them again from Nexus. Expose it with {@code
 * management.endpoints.web.exposure.include=health,spike} and protect it like any write endpoint.
 */
@Endpoint(id = "spike")
public class SpikeEndpoint {
  private final SpikeConfigRefresher refresher;

  /**
   * Creates the endpoint.
   *
   * @param refresher the refresher of imported secrets
   */
  public SpikeEndpoint(SpikeConfigRefresher refresher) {
    this.refresher = refresher;
  }

  /**
   * Lists the imported secret paths.
   *
   * @return {@code {"imported": [paths]}}
   */
  @ReadOperation
  public Map<String, Object> imported() {
    return Map.of("imported", refresher.importedPaths());
  }

  /**
   * Reads every imported secret again.
   *
   * @return {@code {"refreshed": n}}, or status 503 with the reason when Nexus cannot be read
   */
  @WriteOperation
  public WebEndpointResponse<Map<String, Object>> refresh() {
    Map<String, Object> body = new LinkedHashMap<>();
    try {
      body.put("refreshed", refresher.refresh());
      return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
    } catch (SpikeException e) {
      body.put("error", e.getMessage());
      return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
    }
  }
}
