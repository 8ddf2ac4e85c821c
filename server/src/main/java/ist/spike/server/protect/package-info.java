/**
 * Transport protection in front of every SPIKE server: limits on pending TLS handshakes (in total
 * and per source address), on open connections and concurrent requests per peer SPIFFE ID, and a
 * global request cap with a share reserved for privileged peers. Everything here runs before a
 * request body byte is read. See {@code docs/identity-and-transport.md} and ADR 0073.
 */
package ist.spike.server.protect;
