package ist.spike.server.protect;

import ist.spike.identity.SpiffeCertificates;
import ist.spike.identity.SpiffeId;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/** The peer's SPIFFE ID, from the verified TLS session only (never from headers). */
final class PeerIds {
  private static final String ATTRIBUTE = "ist.spike.protect.peer";

  private PeerIds() {}

  /** Returns the SPIFFE ID of a completed handshake's peer, or empty if it has none. */
  static Optional<SpiffeId> of(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf
          ? of(leaf)
          : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /** Returns the SPIFFE ID of a request's TLS peer, cached on its connection. */
  static Optional<SpiffeId> of(Request request) {
    if (request.getConnectionMetaData().getAttribute(ATTRIBUTE) instanceof SpiffeId cached) {
      return Optional.of(cached);
    }
    if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE)
        instanceof EndPoint.SslSessionData ssl)) {
      return Optional.empty();
    }
    X509Certificate[] chain = ssl.peerCertificates();
    if (chain == null || chain.length == 0) {
      return Optional.empty();
    }
    Optional<SpiffeId> id = of(chain[0]);
    id.ifPresent(value -> request.getConnectionMetaData().setAttribute(ATTRIBUTE, value));
    return id;
  }

  private static Optional<SpiffeId> of(X509Certificate leaf) {
    try {
      return Optional.of(SpiffeCertificates.spiffeIdOf(leaf));
    } catch (CertificateException e) {
      return Optional.empty();
    }
  }
}
