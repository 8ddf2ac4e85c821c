package ist.spike.client.transport;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.json.SpikeJson;
import ist.spike.api.secret.SecretGetRequest;
import ist.spike.api.secret.SecretGetResponse;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikeProtocolException;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * SPIKE's client transport: HTTP/1.1 over SPIFFE mutual TLS with the JDK {@link
 * java.net.http.HttpClient} (or, for one-shot processes, a blocking socket: {@link
 * Builder#blocking()}), accepting only servers whose SPIFFE ID the verifier accepts (a Nexus
 * client: {@code roles.verifierFor(SpikeRole.NEXUS)}; a Keeper client: {@code
 * verifierFor(SpikeRole.KEEPER)}), reusing connections, with non-zero timeouts, and mapping SPIKE's
 * answers to {@link SpikeException} subclasses. Immutable and thread-safe: build one and share it;
 * {@link #close()} it when done.
 *
 * <pre>{@code
 * try (SpikeTransport nexus = SpikeTransport.builder()
 *         .fromEnv(System.getenv())
 *         .svidSource(source)
 *         .serverVerifier(roles.verifierFor(SpikeRole.NEXUS))
 *         .build()) {
 *   SecretGetResponse r = nexus.postJson(base, "/v1/store/secrets?action=get",
 *       new SecretGetRequest("db/creds", 0), SecretGetResponse.class);
 * }
 * }</pre>
 */
public final class SpikeTransport implements AutoCloseable {
  /** SPIKE's overall request timeout default ({@code SPIKE_HTTP_CLIENT_TIMEOUT}). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** SPIKE's dial timeout default ({@code SPIKE_HTTP_CLIENT_DIALER_TIMEOUT}). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private static final String JSON = "application/json";

  /** Sends {@link #postJson} and {@link #postRaw}: the HttpClient's, or a blocking one. */
  private final Exchange exchange;

  /** Sends {@link #postStream} for a blocking transport: built on first use. */
  private HttpExchange streams; // guarded by this

  private final SSLContext sslContext;
  private final ObjectMapper givenMapper;
  private volatile ObjectMapper defaultMapper;

  /** The streaming factory for secret get (ADR 0224); null when the builder was given a mapper. */
  private final JsonFactory streaming;

  private final Duration requestTimeout;
  private final long maxResponseBytes;
  private final Builder settings;

  private SpikeTransport(Builder b) {
    this.settings = b.copy();
    this.givenMapper = b.mapper;
    // the default mapper is built on first use: a secret get never needs it (ADR 0224)
    this.streaming = b.mapper == null ? SecretGetCodec.factory(SpikeJson.Limits.DEFAULT) : null;
    this.requestTimeout = b.requestTimeout;
    this.maxResponseBytes = b.maxResponseBytes;
    this.sslContext = SpiffeTls.sslContext(b.source, b.serverVerifier);
    if (b.blocking) {
      this.exchange =
          new BlockingExchange(
              sslContext, SpiffeTls.sslParameters(), b.connectTimeout, requestTimeout);
    } else {
      this.exchange = httpExchange();
    }
  }

  private HttpExchange httpExchange() {
    return new HttpExchange(
        sslContext, SpiffeTls.sslParameters(), settings.connectTimeout, requestTimeout);
  }

  private synchronized HttpExchange streams() {
    if (exchange instanceof HttpExchange http) {
      return http;
    }
    if (streams == null) {
      streams = httpExchange();
    }
    return streams;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder with this transport's settings, for a variant (it gets its own pool). */
  public Builder toBuilder() {
    return settings.copy();
  }

  static ObjectMapper defaultMapper() {
    return SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT);
  }

  /**
   * POSTs a JSON request and decodes the JSON answer.
   *
   * @param base the server, for example {@code https://localhost:8553}
   * @param target path and query, for example {@code /v1/store/secrets?action=get}
   * @param request the request value (serialized with the transport's mapper)
   * @param responseType the response type
   * @param <T> the type
   * @return the decoded response
   * @throws SpikeException the failure class: not found, unauthorized, bad request, not ready,
   *     connection (also when the server's SPIFFE ID is not accepted), server error, protocol
   */
  public <T> T postJson(URI base, String target, Object request, Class<T> responseType)
      throws SpikeException {
    requireNonNull(request, "request must not be null");
    requireNonNull(responseType, "responseType must not be null");
    URI uri = resolve(base, target);
    String call = "POST " + target + " to " + base;
    boolean secretGet =
        streaming != null
            && request instanceof SecretGetRequest
            && responseType == SecretGetResponse.class;
    byte[] body;
    if (secretGet) {
      body = SecretGetCodec.write(streaming, (SecretGetRequest) request);
    } else {
      try {
        body = mapper().writeValueAsBytes(request);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "cannot serialize " + request.getClass().getSimpleName() + " as JSON", e);
      }
    }
    Exchange.Answer response;
    try {
      response = exchange.post(call, uri, JSON, body);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
    byte[] bytes = readBounded(call, response.body());
    try {
      SecretGetCodec.Answer plain = secretGet ? SecretGetCodec.read(streaming, bytes) : null;
      if (plain != null) {
        return responseType.cast(secretGetAnswer(call, response.status(), plain));
      }
      JsonNode tree = parseOrNull(bytes);
      if (response.status() != 200) {
        throw ErrorMapper.forStatus(call, response.status(), err(tree), message(tree));
      }
      if (tree == null) {
        throw new SpikeProtocolException(
            call + " answered 200 without a JSON body", null, 200, null);
      }
      Optional<String> code = err(tree);
      if (code.isPresent()) {
        throw ErrorMapper.forBodyCode(call, code.get(), message(tree));
      }
      try {
        return mapper().treeToValue(tree, responseType);
      } catch (JsonProcessingException e) {
        throw new SpikeProtocolException(
            call + " answered JSON that does not fit " + responseType.getSimpleName(),
            null,
            200,
            null);
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * An answer read whole, whatever its status: for callers that interpret statuses themselves (the
   * custody calls, whose bodies carry shards). The caller zeroes {@code body} when it may carry
   * secrets.
   *
   * @param status the HTTP status
   * @param body the answer bytes (empty when none)
   */
  public record RawResponse(int status, byte[] body) {
    @Override
    public String toString() {
      return "RawResponse[status=" + status + ", " + body.length + " bytes]";
    }
  }

  /**
   * POSTs JSON bytes as they are and returns the answer unmapped (bounded by {@code
   * maxResponseBytes}). The request body stays the caller's to zero.
   *
   * @param base the server
   * @param target path and query
   * @param jsonBody the request body
   * @return the status and body
   * @throws SpikeConnectionException if the server cannot be reached, the TLS handshake fails or
   *     the server's SPIFFE ID is not accepted
   * @throws SpikeProtocolException if the answer is larger than allowed
   */
  public RawResponse postRaw(URI base, String target, byte[] jsonBody) throws SpikeException {
    requireNonNull(jsonBody, "jsonBody must not be null");
    URI uri = resolve(base, target);
    String call = "POST " + target + " to " + base;
    Exchange.Answer response = exchange.post(call, uri, JSON, jsonBody);
    return new RawResponse(response.status(), readBounded(call, response.body()));
  }

  /**
   * POSTs a streamed body and returns the streamed answer (for cipher stream mode). The request is
   * sent chunked unless {@code length} is given. Always over the JDK {@code HttpClient}, also for a
   * {@linkplain Builder#blocking() blocking} transport (which builds one for it on first use).
   *
   * @param base the server
   * @param target path and query
   * @param contentType the request content type, for example {@code application/octet-stream}
   * @param body supplies the request body once (it is read on another thread)
   * @param length the body length, or -1 if unknown
   * @return the answer; close it
   * @throws SpikeException as {@link #postJson}; a non-200 answer is read (bounded) and mapped
   */
  public StreamResponse postStream(
      URI base, String target, String contentType, Supplier<InputStream> body, long length)
      throws SpikeException {
    requireNonNull(contentType, "contentType must not be null");
    requireNonNull(body, "body must not be null");
    URI uri = resolve(base, target);
    String call = "POST " + target + " to " + base;
    HttpRequest.BodyPublisher publisher =
        length >= 0
            ? HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(body), length)
            : HttpRequest.BodyPublishers.ofInputStream(body);
    HttpResponse<InputStream> response =
        streams()
            .send(
                call,
                HttpRequest.newBuilder(uri)
                    .timeout(requestTimeout)
                    .header("Content-Type", contentType)
                    .POST(publisher)
                    .build());
    Optional<String> type = response.headers().firstValue("Content-Type");
    if (response.statusCode() == 200) {
      return new StreamResponse(type, response.body());
    }
    byte[] bytes = readBounded(call, response.body());
    try {
      JsonNode tree = parseOrNull(bytes);
      Optional<String> message =
          tree == null && bytes.length > 0 && bytes.length < 200
              ? Optional.of(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip())
              : message(tree);
      throw ErrorMapper.forStatus(call, response.statusCode(), err(tree), message);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static URI resolve(URI base, String target) {
    requireNonNull(base, "base must not be null");
    requireNonNull(target, "target must not be null");
    if (!"https".equals(base.getScheme())) {
      throw new IllegalArgumentException("SPIKE servers are https:// URLs, got " + base);
    }
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException("target must start with '/', got " + target);
    }
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + target);
  }

  private byte[] readBounded(String call, InputStream in) throws SpikeException {
    try (in) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
      if (bytes.length > maxResponseBytes) {
        Arrays.fill(bytes, (byte) 0);
        throw new SpikeProtocolException(
            call + " answered more than " + maxResponseBytes + " bytes", null, 0, null);
      }
      return bytes;
    } catch (IOException | UncheckedIOException e) {
      throw ErrorMapper.connection(call, "reading the answer failed: " + e.getMessage(), e);
    }
  }

  private JsonNode parseOrNull(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    try {
      return mapper().readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  /** SPIKE writes {@code err}, and {@code Err} in Keeper's shard response. */
  private static Optional<String> err(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      return Optional.empty();
    }
    for (String key : new String[] {"err", "Err"}) {
      JsonNode value = tree.get(key);
      if (value != null && value.isTextual() && !value.asText().isEmpty()) {
        return Optional.of(value.asText());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> message(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      return Optional.empty();
    }
    JsonNode value = tree.get("message");
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  /**
   * A secret get's answer read by {@link SecretGetCodec}, mapped as the tree path maps it: a
   * non-200 status or a non-empty {@code err} is the typed exception, else the data.
   */
  private static SecretGetResponse secretGetAnswer(
      String call, int status, SecretGetCodec.Answer answer) throws SpikeException {
    Optional<String> code = Optional.ofNullable(answer.err()).filter(c -> !c.isEmpty());
    Optional<String> message = Optional.ofNullable(answer.message());
    if (status != 200) {
      throw ErrorMapper.forStatus(call, status, code, message);
    }
    if (code.isPresent()) {
      throw ErrorMapper.forBodyCode(call, code.get(), message);
    }
    return SecretGetResponse.success(answer.data());
  }

  /** Returns the JSON mapper in use (the default one is built on first use). */
  public ObjectMapper mapper() {
    if (givenMapper != null) {
      return givenMapper;
    }
    ObjectMapper m = defaultMapper;
    if (m == null) {
      synchronized (this) {
        m = defaultMapper;
        if (m == null) {
          m = defaultMapper();
          defaultMapper = m;
        }
      }
    }
    return m;
  }

  /** Closes the connection pool (waits for calls in flight). */
  @Override
  public void close() {
    exchange.close();
    HttpExchange s;
    synchronized (this) {
      s = streams;
    }
    if (s != null) {
      s.close();
    }
  }

  @Override
  public String toString() {
    return "SpikeTransport["
        + (exchange instanceof BlockingExchange ? "blocking, " : "")
        + "requestTimeout="
        + requestTimeout
        + "]";
  }

  /**
   * Builds a {@link SpikeTransport}; {@code svidSource} and {@code serverVerifier} are required.
   */
  public static final class Builder {
    private X509SvidSource source;
    private SpiffeIdVerifier serverVerifier;
    private ObjectMapper mapper;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private long maxResponseBytes = 64L << 20;
    private boolean blocking;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.source = source;
      b.serverVerifier = serverVerifier;
      b.mapper = mapper;
      b.connectTimeout = connectTimeout;
      b.requestTimeout = requestTimeout;
      b.maxResponseBytes = maxResponseBytes;
      b.blocking = blocking;
      return b;
    }

    /**
     * Reads SPIKE's client timeouts: {@code SPIKE_HTTP_CLIENT_TIMEOUT} (60s, whole request) and
     * {@code SPIKE_HTTP_CLIENT_DIALER_TIMEOUT} (30s, connecting). Invalid values keep the defaults.
     */
    public Builder fromEnv(Map<String, String> env) {
      Env e = Env.of(requireNonNull(env, "env must not be null"));
      requestTimeout(e.duration("SPIKE_HTTP_CLIENT_TIMEOUT", DEFAULT_REQUEST_TIMEOUT));
      connectTimeout(e.duration("SPIKE_HTTP_CLIENT_DIALER_TIMEOUT", DEFAULT_CONNECT_TIMEOUT));
      return this;
    }

    /** Sets where this client's SVID and trust bundle come from (required; not closed here). */
    public Builder svidSource(X509SvidSource value) {
      this.source = requireNonNull(value, "svidSource must not be null");
      return this;
    }

    /** Sets which server SPIFFE IDs are accepted (required; no accept-all default). */
    public Builder serverVerifier(SpiffeIdVerifier value) {
      this.serverVerifier = requireNonNull(value, "serverVerifier must not be null");
      return this;
    }

    /** Sets the JSON mapper (default: {@code SpikeJson.newObjectMapper}, SPIKE's wire rules). */
    public Builder objectMapper(ObjectMapper value) {
      this.mapper = requireNonNull(value, "objectMapper must not be null");
      return this;
    }

    /** Sets the connect timeout (positive). */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = positive(value, "connectTimeout");
      return this;
    }

    /** Sets the whole-request timeout (positive). */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = positive(value, "requestTimeout");
      return this;
    }

    /** Sets the largest JSON or error answer read (default 64 MiB). */
    public Builder maxResponseBytes(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxResponseBytes must be positive, got " + value);
      }
      this.maxResponseBytes = value;
      return this;
    }

    /**
     * Sends each JSON call over a connection of its own on a blocking TLS socket ({@code
     * Connection: close}) instead of the JDK {@code HttpClient}: no selector thread, no pool, less
     * to load. For short-lived processes that make a call or two (Pilot); a service keeps the
     * default. The server is verified the same way, the timeouts mean the same (the request timeout
     * also bounds reading the answer's body) and failures map to the same exceptions. Streamed
     * calls ({@link SpikeTransport#postStream}) still use an {@code HttpClient}, built on first
     * use.
     */
    public Builder blocking() {
      this.blocking = true;
      return this;
    }

    /**
     * Returns the transport.
     *
     * @throws IllegalStateException if the source or the server verifier is missing
     */
    public SpikeTransport build() {
      if (source == null) {
        throw new IllegalStateException("svidSource is required");
      }
      if (serverVerifier == null) {
        throw new IllegalStateException(
            "serverVerifier is required, e.g. roles.verifierFor(SpikeRole.NEXUS)");
      }
      return new SpikeTransport(this);
    }

    private static Duration positive(Duration value, String name) {
      requireNonNull(value, name + " must not be null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }
}
