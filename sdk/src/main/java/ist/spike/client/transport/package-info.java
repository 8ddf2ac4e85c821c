/**
 * The HTTP transport of SPIKE clients: JDK {@link java.net.http.HttpClient} over SPIFFE mutual TLS,
 * verifying the server's SPIFFE ID, with SPIKE's error mapping. The typed SDK builds on {@link
 * ist.spike.client.transport.SpikeTransport}.
 */
package ist.spike.client.transport;
