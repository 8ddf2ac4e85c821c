package ist.spike.server;

/**
 * Handles one route. Runs on a virtual thread, so blocking is fine. The peer is already
 * authenticated (mTLS) and has passed the route's {@link Guard}.
 *
 * <p>Report failures by throwing: an {@link ApiException} subclass answers its code with the
 * route's error body; other exceptions are mapped by the server's {@link ErrorTable} (unlisted ⇒
 * 500, logged once by the server).
 *
 * <pre>{@code
 * RouteHandler get = req -> {
 *   SecretGetRequest in = req.readJson(SecretGetRequest.class);
 *   if (!policies.canRead(req.peer(), in.path())) throw new NotAuthorizedException();
 *   return SpikeResponse.json(new SecretGetResponse(store.get(in.path(), in.version())));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface RouteHandler {
  /**
   * Handles a request.
   *
   * @param request the request
   * @return the response
   * @throws Exception a failure, mapped to a status and code as described above
   */
  SpikeResponse handle(SpikeRequest request) throws Exception;
}
