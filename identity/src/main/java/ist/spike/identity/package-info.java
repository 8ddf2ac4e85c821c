/**
 * SPIFFE identity for SPIKE: {@link ist.spike.identity.SpiffeId} parsed once at the edge, SPIKE's
 * roles and trust roots ({@link ist.spike.identity.SpikeRoles}), X.509-SVID sources behind {@link
 * ist.spike.identity.X509SvidSource}, and the one {@link javax.net.ssl.SSLContext} factory ({@link
 * ist.spike.identity.SpiffeTls}) whose managers re-read the SVID at each handshake.
 */
package ist.spike.identity;
