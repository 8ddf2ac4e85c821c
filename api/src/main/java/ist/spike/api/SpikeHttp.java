package ist.spike.api;

import java.util.Map;

/** HTTP-level constants of SPIKE's wire contract (content types and the fixed response headers). */
public final class SpikeHttp {
  /** Content type of every JSON request and response. */
  public static final String CONTENT_TYPE_JSON = "application/json";

  /**
   * Content type that selects the cipher routes' stream mode. SPIKE compares the whole header value
   * exactly: a parameter or different case falls back to JSON mode.
   */
  public static final String CONTENT_TYPE_OCTET_STREAM = "application/octet-stream";

  /** Headers SPIKE sets on every JSON response (besides {@code Content-Type}). */
  public static final Map<String, String> NO_CACHE_HEADERS =
      Map.of(
          "Cache-Control", "no-store, no-cache, must-revalidate, private",
          "Pragma", "no-cache",
          "Expires", "0");

  private SpikeHttp() {}

  /**
   * Returns whether a request's {@code Content-Type} selects cipher stream mode, exactly as SPIKE
   * decides it.
   *
   * @param contentType the header value, or null if absent
   * @return true only for exactly {@value #CONTENT_TYPE_OCTET_STREAM}
   */
  public static boolean isStreamMode(String contentType) {
    return CONTENT_TYPE_OCTET_STREAM.equals(contentType);
  }
}
