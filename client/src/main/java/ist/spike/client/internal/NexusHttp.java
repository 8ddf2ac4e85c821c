package ist.spike.client.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.client.SpikeApiException;
import ist.spike.client.SpikeConnectionException;
import ist.spike.client.SpikeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * POSTs JSON or bytes to Nexus over mTLS with the JDK {@link HttpClient} (HTTP/1.1, as SPIKE's
 * clients), and turns error answers into {@link SpikeApiException}.
 */
public final class NexusHttp implements AutoCloseable {
  private static final long MAX_JSON_RESPONSE = 16L << 20;

  private final URI base;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final ObjectMapper mapper;

  /**
   * Creates the transport.
   *
   * @param base the Nexus base URL
   * @param sslContext client context presenting our SVID and trusting the bundle
   * @param connectTimeout connect timeout
   * @param requestTimeout whole-request timeout
   */
  public NexusHttp(
      URI base, SSLContext sslContext, Duration connectTimeout, Duration requestTimeout) {
    this.base = requireNonNull(base, "base");
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
    SSLParameters params = sslContext.getDefaultSSLParameters();
    params.setProtocols(new String[] {"TLSv1.3"});
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(sslContext)
            .sslParameters(params)
            .connectTimeout(connectTimeout)
            .build();
    this.mapper = new ObjectMapper();
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxDocumentLength(MAX_JSON_RESPONSE).build());
  }

  /** Returns a fresh JSON object node. */
  public ObjectNode object() {
    return mapper.createObjectNode();
  }

  /**
   * POSTs a JSON body and returns the parsed JSON answer.
   *
   * @param pathAndQuery for example {@code /v1/store/secrets?action=get}
   * @param body the request
   * @return the response body
   * @throws SpikeApiException for an error status or a non-empty {@code err}
   * @throws SpikeConnectionException if Nexus cannot be reached or answers unreadable JSON
   */
  public JsonNode postJson(String pathAndQuery, JsonNode body) throws SpikeException {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new SpikeConnectionException("cannot encode the request", e);
    }
    HttpResponse<byte[]> response =
        send(
            request(pathAndQuery, "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    java.util.Arrays.fill(bytes, (byte) 0);
    byte[] raw = response.body();
    JsonNode parsed = null;
    try {
      parsed = raw.length == 0 ? mapper.createObjectNode() : mapper.readTree(raw);
    } catch (IOException e) {
      if (response.statusCode() == 200) {
        throw new SpikeConnectionException("Nexus answered unreadable JSON", e);
      }
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
    String err = parsed != null && parsed.hasNonNull("err") ? parsed.get("err").asText() : "";
    if (response.statusCode() != 200 || !err.isEmpty()) {
      throw new SpikeApiException(response.statusCode(), err, "");
    }
    return parsed;
  }

  /**
   * POSTs a byte stream ({@code application/octet-stream}) and returns the answer as a stream.
   *
   * @param path the route
   * @param body the request body (read to the end by the transport)
   * @return the response body; the caller closes it
   * @throws SpikeApiException for an error status
   * @throws SpikeConnectionException if Nexus cannot be reached
   */
  public InputStream postStream(String path, InputStream body) throws SpikeException {
    HttpResponse<InputStream> response =
        send(
            request(path, "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String detail = "";
      String code = "";
      try (InputStream in = response.body()) {
        byte[] head = in.readNBytes(4096);
        String text = new String(head, StandardCharsets.UTF_8).trim();
        try {
          JsonNode node = mapper.readTree(text);
          code = node.hasNonNull("err") ? node.get("err").asText() : "";
        } catch (IOException notJson) {
          detail = text;
        }
      } catch (IOException e) {
        // keep the status only
      }
      throw new SpikeApiException(response.statusCode(), code, detail);
    }
    return response.body();
  }

  private HttpRequest.Builder request(String pathAndQuery, String contentType) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(requestTimeout)
        .header("Content-Type", contentType);
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws SpikeConnectionException {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new SpikeConnectionException("Failed to connect to SPIKE Nexus at " + base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpikeConnectionException("interrupted while calling SPIKE Nexus at " + base, e);
    }
  }

  @Override
  public void close() {
    http.shutdownNow();
  }

  @Override
  public String toString() {
    return "NexusHttp[" + base + "]";
  }
}
