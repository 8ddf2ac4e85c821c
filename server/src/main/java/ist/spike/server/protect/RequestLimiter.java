package ist.spike.server.protect;

import static java.util.Objects.requireNonNull;

import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeHttp;
import ist.spike.identity.SpiffeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the requests handled at once, before any body byte is read: per peer SPIFFE ID ({@link
 * ProtectionLimits#maxConcurrentRequestsPerPeer()}) and in total ({@link
 * ProtectionLimits#maxConcurrentRequests()}), of which {@link ProtectionLimits#reservedRequests()}
 * only privileged peers (Nexus: superuser, recover, restore) may use. A request over a cap is
 * answered at once with {@code 429 api_too_many_requests}, {@code Retry-After: 1} and {@code
 * Connection: close} (its body is never read), instead of waiting for a thread.
 *
 * <p>Requests without a TLS peer (the plain health listener) pass through uncounted.
 */
public final class RequestLimiter extends Handler.Wrapper {
  private static final Logger log = LoggerFactory.getLogger(RequestLimiter.class);
  private static final String RETRY_AFTER_SECONDS = "1";

  private final ProtectionLimits limits;
  private final Predicate<SpiffeId> privileged;
  private final boolean messages;
  private final Predicate<EndPoint> overConnectionLimit;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<SpiffeId, Integer> perPeer = new ConcurrentHashMap<>();
  private final AtomicInteger rejected = new AtomicInteger();

  /**
   * Creates the limiter.
   *
   * @param next the handler it protects
   * @param limits the limits
   * @param privileged which peers may use the reserved share
   * @param messages whether refusals carry a human-readable {@code message} next to {@code err}
   * @param overConnectionLimit tells which connections were opened over their peer's connection cap
   *     ({@link ConnectionGuard#isOverPeerLimit}); their requests are refused
   */
  public RequestLimiter(
      Handler next,
      ProtectionLimits limits,
      Predicate<SpiffeId> privileged,
      boolean messages,
      Predicate<EndPoint> overConnectionLimit) {
    super(requireNonNull(next, "next must not be null"));
    this.limits = requireNonNull(limits, "limits must not be null");
    this.privileged = requireNonNull(privileged, "privileged must not be null");
    this.messages = messages;
    this.overConnectionLimit =
        requireNonNull(overConnectionLimit, "overConnectionLimit must not be null");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!request.isSecure()) {
      return super.handle(request, response, callback);
    }
    Optional<SpiffeId> peer = PeerIds.of(request);
    if (peer.isEmpty()) {
      // No SPIFFE ID: the pipeline answers 401 without reading the body.
      return super.handle(request, response, callback);
    }
    SpiffeId id = peer.get();
    if (overConnectionLimit.test(request.getConnectionMetaData().getConnection().getEndPoint())) {
      return reject(
          response,
          callback,
          id,
          "this SPIFFE ID holds "
              + limits.maxConnectionsPerPeer()
              + " connections, the most allowed; reuse kept-alive connections or close some");
    }
    int cap =
        privileged.test(id)
            ? limits.maxConcurrentRequests()
            : limits.maxConcurrentRequests() - limits.reservedRequests();
    if (inFlight.incrementAndGet() > cap) {
      inFlight.decrementAndGet();
      return reject(response, callback, id, "the server is handling the most requests it allows");
    }
    if (perPeer.merge(id, 1, Integer::sum) > limits.maxConcurrentRequestsPerPeer()) {
      releasePeer(id);
      inFlight.decrementAndGet();
      return reject(
          response,
          callback,
          id,
          "this SPIFFE ID has "
              + limits.maxConcurrentRequestsPerPeer()
              + " requests in progress, the most allowed");
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            releasePeer(id);
            inFlight.decrementAndGet();
          }
        };
    boolean handled;
    try {
      handled = super.handle(request, response, Callback.from(callback, release));
    } catch (Throwable t) {
      release.run();
      throw t;
    }
    if (!handled) {
      release.run();
    }
    return handled;
  }

  /** Returns the number of requests being handled now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Returns how many requests were refused since start. */
  public int rejected() {
    return rejected.get();
  }

  private void releasePeer(SpiffeId id) {
    perPeer.computeIfPresent(id, (k, n) -> n <= 1 ? null : n - 1);
  }

  private boolean reject(Response response, Callback callback, SpiffeId id, String why) {
    int count = rejected.incrementAndGet();
    if ((count & (count - 1)) == 0) {
      // Powers of two only: a flood must not flood the log too.
      log.warn("request refused ({} so far), peer {}: {}", count, id, why);
    }
    ErrorCode code = ErrorCode.TOO_MANY_REQUESTS;
    byte[] body =
        ("{\"err\":\""
                + code.code()
                + (messages ? "\",\"message\":\"" + why + ", retry later" : "")
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    response.setStatus(code.httpStatus());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, SpikeHttp.CONTENT_TYPE_JSON);
    SpikeHttp.NO_CACHE_HEADERS.forEach(response.getHeaders()::put);
    response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
