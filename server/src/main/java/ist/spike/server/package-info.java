/**
 * The server base every SPIKE application uses: Jetty 12 core on virtual threads, SPIFFE mTLS,
 * SPIKE's routing model (POST + path + {@code ?action=}), a route table with role guards, the error
 * envelope, request limits, health endpoints and a separate audit stream.
 *
 * <p>Start with {@link ist.spike.server.SpikeServer#builder()} and {@link
 * ist.spike.server.RouteTable#builder()}; handlers implement {@link ist.spike.server.RouteHandler}.
 */
package ist.spike.server;
