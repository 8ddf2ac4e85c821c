package ist.spike.server.internal;

import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeHttp;
import ist.spike.identity.SpiffeCertificates;
import ist.spike.identity.SpiffeId;
import ist.spike.server.ApiException;
import ist.spike.server.BadRequestException;
import ist.spike.server.ErrorBody;
import ist.spike.server.ErrorTable;
import ist.spike.server.JsonCodec;
import ist.spike.server.PayloadTooLargeException;
import ist.spike.server.ReadinessGate;
import ist.spike.server.RequestBodyTooLargeException;
import ist.spike.server.Route;
import ist.spike.server.RouteKey;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import ist.spike.server.audit.AuditRequest;
import ist.spike.server.audit.AuditTrail;
import ist.spike.server.metrics.RequestMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPIKE's request pipeline, in this order: health endpoints ({@code GET /healthz}, {@code GET
 * /readyz}); non-POST ⇒ 400; readiness gate ⇒ 503; route lookup by path and action ⇒ 400; peer
 * SPIFFE ID from the TLS session; route guard ⇒ 401; declared body length over the limit ⇒ 413;
 * handler; one audit record, written just before the answer is committed (in fail-closed mode a
 * record that cannot be written turns the answer into 503); response; request metrics.
 */
public final class SpikeHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(SpikeHandler.class);
  private static final String PEER_ATTRIBUTE = "ist.spike.peer";

  private final String name;
  private final RouteTable routes;
  private final ReadinessGate gate;
  private final BooleanSupplier ready;
  private final ErrorTable errors;
  private final JsonCodec json;
  private final ServerConfig config;
  private final AuditTrail audit;
  private final RequestMetrics metrics;

  /** Creates the handler. */
  public SpikeHandler(
      String name,
      RouteTable routes,
      ReadinessGate gate,
      BooleanSupplier ready,
      ErrorTable errors,
      JsonCodec json,
      ServerConfig config,
      AuditTrail audit,
      RequestMetrics metrics) {
    super(InvocationType.BLOCKING);
    this.name = name;
    this.routes = routes;
    this.gate = gate;
    this.ready = ready;
    this.errors = errors;
    this.json = json;
    this.config = config;
    this.audit = audit;
    this.metrics = metrics;
  }

  /** Mutable per-request outcome for the audit record. */
  private static final class Outcome {
    final String trail;
    final String method;
    final String path;
    final long start;
    final Map<String, String> resource = new LinkedHashMap<>();
    String routeLabel = "other";
    String actionLabel = "";
    boolean audited;
    String peer = "-";
    String action = "";
    int status;
    String err = "";
    boolean bodyConsumed;
    boolean closeConnection;
    RequestView body;

    Outcome(String trail, String method, String path, long start) {
      this.trail = trail;
      this.method = method;
      this.path = path;
      this.start = start;
    }
  }

  /** Most resource entries one request's audit record keeps, and their longest value. */
  private static final int MAX_RESOURCE_ENTRIES = 8;

  private static final int MAX_RESOURCE_CHARS = 512;

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String trail = AuditLog.newTrailId();
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    Outcome outcome = new Outcome(trail, method, path, start);
    try {
      process(request, response, method, path, outcome, start);
      callback.succeeded();
    } catch (Throwable t) {
      if (outcome.status == 0) {
        outcome.status = 500;
        outcome.err = ErrorCode.INTERNAL.code();
      }
      outcome.err = outcome.err.isEmpty() ? "aborted" : outcome.err;
      callback.failed(t);
    } finally {
      audit(outcome);
      metrics.request(
          outcome.routeLabel, outcome.actionLabel, outcome.status, System.nanoTime() - start);
    }
    return true;
  }

  /**
   * Writes the request's audit record once. Returns false only in fail-closed mode when it could
   * not be written: the answer must then not be sent.
   */
  private boolean audit(Outcome outcome) {
    if (outcome.audited) {
      return true;
    }
    outcome.audited = true;
    boolean written =
        audit.request(
            new AuditRequest(
                outcome.trail,
                outcome.peer,
                outcome.method,
                outcome.path,
                outcome.action,
                outcome.status,
                outcome.err,
                System.nanoTime() - outcome.start,
                outcome.resource));
    return written || audit.admits();
  }

  private void process(
      Request request, Response response, String method, String path, Outcome outcome, long start)
      throws IOException {
    if (method.equals("GET") && (path.equals("/healthz") || path.equals("/readyz"))) {
      // Probes are counted in metrics, not audited: they touch nothing and would flood the chain.
      outcome.audited = true;
      outcome.routeLabel = path;
      if (path.equals("/healthz") || (ready.getAsBoolean() && audit.admits())) {
        String status = path.equals("/healthz") ? "alive" : "ready";
        writeJson(response, outcome, 200, Map.of("status", status));
      } else {
        writeError(response, outcome, ErrorCode.NOT_READY, ErrorBody.BARE, Optional.empty());
      }
      return;
    }
    if (!request.isSecure()) {
      // The plain-HTTP health listener serves nothing else.
      writeError(response, outcome, ErrorCode.BAD_REQUEST, ErrorBody.BARE, Optional.empty());
      return;
    }
    if (!method.equals("POST")) {
      writeError(response, outcome, ErrorCode.BAD_REQUEST, ErrorBody.BARE, Optional.empty());
      return;
    }
    if (!gate.admits(path)) {
      peer(request).ifPresent(p -> outcome.peer = p.toString());
      writeError(response, outcome, ErrorCode.NOT_READY, ErrorBody.BARE, Optional.empty());
      return;
    }
    String action = action(request);
    outcome.action = action;
    Optional<Route> found = routes.find(new RouteKey(path, action));
    if (found.isEmpty()) {
      peer(request).ifPresent(p -> outcome.peer = p.toString());
      writeError(response, outcome, ErrorCode.BAD_REQUEST, ErrorBody.BARE, Optional.empty());
      return;
    }
    Route route = found.get();
    outcome.routeLabel = route.key().path();
    outcome.actionLabel = route.key().action();
    Optional<SpiffeId> peer = peer(request);
    if (peer.isEmpty()) {
      writeError(response, outcome, ErrorCode.UNAUTHORIZED, route.errorBody(), Optional.empty());
      return;
    }
    outcome.peer = peer.get().toString();
    if (!route.guard().permits(peer.get())) {
      writeError(response, outcome, ErrorCode.UNAUTHORIZED, route.errorBody(), Optional.empty());
      return;
    }
    if (!audit.admits()) {
      writeError(
          response,
          outcome,
          ErrorCode.NOT_READY,
          route.errorBody(),
          Optional.of("the audit trail cannot be written; requests are refused until it can"));
      return;
    }
    long limit = route.maxBodyBytes().orElse(config.maxRequestBodyBytes());
    long declared = request.getLength();
    if (declared > limit) {
      outcome.closeConnection = true;
      metrics.refusals().refused("body_too_large");
      writeError(
          response,
          outcome,
          ErrorCode.PAYLOAD_TOO_LARGE,
          route.errorBody(),
          Optional.of(tooLarge(limit)));
      return;
    }
    RequestView view = new RequestView(request, peer.get(), route.key(), limit, start, outcome);
    SpikeResponse answer;
    try {
      answer = route.handler().handle(view);
      if (answer == null) {
        throw new IllegalStateException("handler of " + route.key() + " returned null");
      }
    } catch (Exception e) {
      ErrorCode code = errors.codeFor(e);
      Optional<String> message = Optional.empty();
      if (e instanceof ApiException api) {
        message = api.publicMessage();
      } else if (e instanceof RequestBodyTooLargeException tooBig) {
        outcome.closeConnection = true;
        message = Optional.of(tooLarge(tooBig.limit()));
      } else if (code == ErrorCode.BAD_REQUEST && e instanceof IOException) {
        message = Optional.of("the request body could not be read");
      }
      if (code == ErrorCode.PAYLOAD_TOO_LARGE) {
        metrics.refusals().refused("body_too_large");
      }
      if (code == ErrorCode.INTERNAL && (!(e instanceof ApiException) || e.getCause() != null)) {
        log.error("{} {}: handler failed for peer {}", name, route.key(), peer.get(), e);
      } else if (code == ErrorCode.INTERNAL) {
        // A deliberate 500 (SPIKE answers some states with one): the reason, not a stack trace.
        log.warn(
            "{} {}: {} for peer {}: {}",
            name,
            route.key(),
            code.code(),
            peer.get(),
            message.orElse("no detail"));
      } else {
        log.debug("{} {}: {} for peer {}", name, route.key(), code.code(), peer.get());
      }
      if (response.isCommitted()) {
        outcome.status = response.getStatus();
        outcome.err = code.code();
        throw new IOException("response already committed when the handler failed", e);
      }
      writeError(response, outcome, code, route.errorBody(), message);
      return;
    }
    writeResponse(response, outcome, answer);
  }

  private static String tooLarge(long limit) {
    return "the request body is larger than the limit of " + limit + " bytes";
  }

  private static String action(Request request) {
    Fields query = Request.extractQueryParameters(request);
    Fields.Field field = query.get("action");
    if (field == null || field.getValues().isEmpty()) {
      return "";
    }
    return field.getValues().get(0);
  }

  /** The peer of a connection, cached on it: its ID and when its certificate expires. */
  private record Peer(SpiffeId id, long notAfterMillis) {}

  /**
   * Returns the peer's SPIFFE ID from the verified TLS session, or empty if there is none or its
   * certificate has expired since the handshake (a kept-alive connection or a resumed session must
   * not outlive the SVID that opened it).
   */
  private static Optional<SpiffeId> peer(Request request) {
    Object cached = request.getConnectionMetaData().getAttribute(PEER_ATTRIBUTE);
    Peer peer = cached instanceof Peer p ? p : null;
    if (peer == null) {
      if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE)
          instanceof EndPoint.SslSessionData ssl)) {
        return Optional.empty();
      }
      X509Certificate[] chain = ssl.peerCertificates();
      if (chain == null || chain.length == 0) {
        return Optional.empty();
      }
      try {
        peer = new Peer(SpiffeCertificates.spiffeIdOf(chain[0]), chain[0].getNotAfter().getTime());
      } catch (CertificateException e) {
        return Optional.empty();
      }
      request.getConnectionMetaData().setAttribute(PEER_ATTRIBUTE, peer);
    }
    if (System.currentTimeMillis() > peer.notAfterMillis()) {
      log.info("peer {} presented an SVID that has expired since the handshake", peer.id());
      return Optional.empty();
    }
    return Optional.of(peer.id());
  }

  private static void spikeHeaders(Response response, String contentType) {
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, contentType);
    SpikeHttp.NO_CACHE_HEADERS.forEach(headers::put);
  }

  private void writeError(
      Response response, Outcome outcome, ErrorCode code, ErrorBody shape, Optional<String> message)
      throws IOException {
    outcome.err = code.code();
    byte[] bytes =
        json.writeError(shape.forCode(code), config.errorMessages() ? message.orElse(null) : null);
    writeJsonBytes(response, outcome, code.httpStatus(), bytes);
  }

  private void writeJson(Response response, Outcome outcome, int status, Object body)
      throws IOException {
    writeJsonBytes(response, outcome, status, json.write(body));
  }

  private void writeJsonBytes(Response response, Outcome outcome, int status, byte[] bytes)
      throws IOException {
    try {
      writeBytes(response, outcome, status, "application/json", bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private void writeBytes(
      Response response, Outcome outcome, int status, String contentType, byte[] bytes)
      throws IOException {
    outcome.status = status;
    if (!audit(outcome)) {
      refuseUnaudited(response, outcome);
      return;
    }
    response.setStatus(status);
    spikeHeaders(response, contentType);
    keepAliveOrClose(response, outcome);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      out.write(bytes);
      discardIfClosingWithUnreadBody(response, outcome, out);
    }
  }

  /**
   * When this answer closes the connection while the client may still be uploading (a refusal made
   * before or while reading the body: 413, 401, 400, 503…), flushes the answer and reads the rest
   * of the upload away within bounds before the close. The answer is then on the wire but not
   * complete: completing it first would let the TLS layer close its side, after which some engines
   * (Conscrypt) read nothing more.
   */
  private void discardIfClosingWithUnreadBody(Response response, Outcome outcome, OutputStream out)
      throws IOException {
    boolean bodyUnread =
        !outcome.bodyConsumed || (outcome.body != null && !outcome.body.bodyEnded());
    if (outcome.closeConnection && bodyUnread) {
      out.flush();
      discardAfterRefusal(response.getRequest(), outcome.start);
    }
  }

  /**
   * Before committing a response: if the handler left the request body unread, drain it (at most
   * {@value #DRAIN_LIMIT} bytes, waiting at most {@link #DRAIN_WAIT} for bytes still in flight);
   * when the body does not end there, announce {@code Connection: close} so the client does not
   * reuse a connection the server is about to drop.
   */
  private void keepAliveOrClose(Response response, Outcome outcome) {
    if (!outcome.closeConnection && !outcome.bodyConsumed) {
      outcome.closeConnection = !drain(response.getRequest(), outcome.start);
    } else if (!outcome.closeConnection && outcome.body != null && !outcome.body.bodyEnded()) {
      // The handler stopped short of the body's end (or failed reading it): Jetty will close the
      // connection after the response, so say so instead of letting the client reuse it.
      outcome.closeConnection = true;
    }
    if (outcome.closeConnection) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  private static final int DRAIN_LIMIT = 64 * 1024;

  /**
   * How long an unread body may still be arriving. Clients send the headers and the body in
   * separate writes, so a refusal made from the headers alone often comes before the body: without
   * the wait, the connection of every such refusal was closed, and the client opened a new one.
   */
  private static final Duration DRAIN_WAIT = Duration.ofSeconds(1);

  /** Reads and discards an unread body; tells whether it ended within the limits. */
  private boolean drain(Request request, long start) {
    long declared = request.getLength();
    if (declared > DRAIN_LIMIT) {
      return false;
    }
    long deadline =
        Math.min(
            DeadlineBodyStream.deadline(
                start,
                config.readTimeout().toNanos(),
                declared,
                config.protection().minRequestDataRate()),
            System.nanoTime() + DRAIN_WAIT.toNanos());
    try (LimitedInputStream body =
        new LimitedInputStream(new DeadlineBodyStream(request, deadline), DRAIN_LIMIT)) {
      body.skip(DRAIN_LIMIT + 1L);
      return body.ended();
    } catch (IOException e) {
      // over the limit, too slow, or the connection already failed: nothing to keep
      return false;
    }
  }

  /** Most bytes of a refused body read and thrown away after the 413, and for how long. */
  private static final long DISCARD_LIMIT = 16L * 1024 * 1024;

  private static final Duration DISCARD_WAIT = Duration.ofSeconds(10);

  /**
   * After a refusal has been sent (with {@code Connection: close}), reads and throws away what the
   * client is still uploading, up to {@link #DISCARD_LIMIT} bytes or {@link #DISCARD_WAIT}. A
   * client that sends its whole body before reading the answer (the JDK's HTTP client does) would
   * otherwise be cut off by a TCP reset when the connection closes with its upload unread, and the
   * reset discards the answer it had not read yet: the caller saw "connection reset" instead of the
   * message telling it what to fix. The bounds keep a client that uploads forever from holding the
   * request slot: past them (or past the body deadline at the minimum data rate, whichever comes
   * first) the connection closes as before. The wait is generous because a loaded client machine
   * can take seconds to send a few MiB; a 2 s wait failed on a CI machine at load 15.
   */
  private void discardAfterRefusal(Request request, long start) {
    long deadline =
        Math.min(
            DeadlineBodyStream.deadline(
                start,
                config.readTimeout().toNanos(),
                request.getLength(),
                config.protection().minRequestDataRate()),
            System.nanoTime() + DISCARD_WAIT.toNanos());
    try (InputStream body = new DeadlineBodyStream(request, deadline)) {
      byte[] sink = new byte[16 * 1024];
      long total = 0;
      int n;
      while (total < DISCARD_LIMIT && (n = body.read(sink)) >= 0) {
        total += n;
      }
    } catch (IOException e) {
      // too slow or the connection already failed: the close that follows is all that is left
      log.debug("{}: discarding a refused body stopped: {}", name, e.toString());
    }
  }

  private void writeResponse(Response response, Outcome outcome, SpikeResponse answer)
      throws IOException {
    for (var header : answer.headers().entrySet()) {
      response.getHeaders().put(new HttpField(header.getKey(), header.getValue()));
    }
    Optional<Object> value = answer.jsonBody();
    if (value.isPresent()) {
      byte[] bytes = json.write(value.get());
      try {
        writeBytes(response, outcome, answer.status(), answer.contentType(), bytes);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
      return;
    }
    Optional<byte[]> raw = answer.rawBytes();
    if (raw.isPresent()) {
      try {
        writeBytes(response, outcome, answer.status(), answer.contentType(), raw.get());
      } finally {
        Arrays.fill(raw.get(), (byte) 0);
      }
      return;
    }
    SpikeResponse.BodyWriter writer = answer.writer().orElseThrow();
    outcome.status = answer.status();
    if (!audit(outcome)) {
      refuseUnaudited(response, outcome);
      return;
    }
    response.setStatus(answer.status());
    spikeHeaders(response, answer.contentType());
    keepAliveOrClose(response, outcome);
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      writer.writeTo(out);
    }
  }

  /** Answers 503 instead of an answer whose audit record could not be written (fail-closed). */
  private void refuseUnaudited(Response response, Outcome outcome) throws IOException {
    outcome.status = ErrorCode.NOT_READY.httpStatus();
    outcome.err = ErrorCode.NOT_READY.code();
    byte[] body =
        ("{\"err\":\""
                + ErrorCode.NOT_READY.code()
                + "\",\"message\":\"the audit trail cannot be written\"}")
            .getBytes(StandardCharsets.US_ASCII);
    response.setStatus(outcome.status);
    spikeHeaders(response, SpikeHttp.CONTENT_TYPE_JSON);
    keepAliveOrClose(response, outcome);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      out.write(body);
      discardIfClosingWithUnreadBody(response, outcome, out);
    }
  }

  /** The handler's view of a request. */
  private final class RequestView implements SpikeRequest {
    private final Request request;
    private final SpiffeId peer;
    private final RouteKey route;
    private final long limit;
    private final long start;
    private final Outcome outcome;
    private boolean bodyTaken;
    private LimitedInputStream body;

    /** Tells whether the handler took the body and read it to its end. */
    boolean bodyEnded() {
      return body != null && body.ended();
    }

    RequestView(
        Request request, SpiffeId peer, RouteKey route, long limit, long start, Outcome outcome) {
      this.outcome = outcome;
      this.request = request;
      this.peer = peer;
      this.route = route;
      this.limit = limit;
      this.start = start;
    }

    @Override
    public SpiffeId peer() {
      return peer;
    }

    @Override
    public RouteKey route() {
      return route;
    }

    @Override
    public void auditResource(String key, String value) {
      if (outcome.resource.size() < MAX_RESOURCE_ENTRIES || outcome.resource.containsKey(key)) {
        outcome.resource.put(
            key,
            value.length() > MAX_RESOURCE_CHARS ? value.substring(0, MAX_RESOURCE_CHARS) : value);
      }
    }

    @Override
    public Optional<String> header(String name) {
      return Optional.ofNullable(request.getHeaders().get(name));
    }

    @Override
    public Optional<String> contentType() {
      return header(HttpHeader.CONTENT_TYPE.asString());
    }

    @Override
    public OptionalLong contentLength() {
      long length = request.getLength();
      return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    @Override
    public long maxBodyBytes() {
      return limit;
    }

    @Override
    public <T> T readJson(Class<T> type) throws BadRequestException, PayloadTooLargeException {
      return readJson(type, limit);
    }

    @Override
    public <T> T readJson(Class<T> type, long maxBytes)
        throws BadRequestException, PayloadTooLargeException {
      long effective = Math.min(maxBytes, limit);
      if (request.getLength() > effective) {
        outcome.closeConnection = true;
        throw new PayloadTooLargeException(tooLarge(effective));
      }
      byte[] body;
      try {
        body = limited(effective).readAllBounded();
        outcome.bodyConsumed = true;
      } catch (RequestBodyTooLargeException e) {
        outcome.closeConnection = true;
        throw new PayloadTooLargeException(tooLarge(effective));
      } catch (IOException e) {
        outcome.closeConnection = true;
        throw new BadRequestException("the request body could not be read", e);
      }
      try {
        return json.read(body, type);
      } finally {
        Arrays.fill(body, (byte) 0);
      }
    }

    @Override
    public InputStream bodyStream() {
      return limited(limit);
    }

    private LimitedInputStream limited(long max) {
      if (bodyTaken) {
        throw new IllegalStateException("the request body of " + route + " was already read");
      }
      bodyTaken = true;
      // The handler owns the body now (a streaming writer may still be reading it): never drain;
      // the response announces Connection: close unless the body was read to its end.
      outcome.bodyConsumed = true;
      outcome.body = this;
      long deadline =
          DeadlineBodyStream.deadline(
              start,
              config.readTimeout().toNanos(),
              request.getLength(),
              config.protection().minRequestDataRate());
      body = new LimitedInputStream(new DeadlineBodyStream(request, deadline), max);
      return body;
    }
  }
}
