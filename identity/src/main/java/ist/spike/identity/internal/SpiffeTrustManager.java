package ist.spike.identity.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.SpiffeCertificates;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SvidUnavailableException;
import ist.spike.identity.X509SvidSource;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Validates a peer's X.509-SVID: the chain against the bundle of the peer's own trust domain (read
 * from the source at each handshake), the leaf's shape (one SPIFFE URI SAN, not a CA), then the
 * {@link SpiffeIdVerifier}. Every failure is a {@link CertificateException}; there is no fallback.
 * Host names play no part: SVIDs name workloads, not hosts.
 */
public final class SpiffeTrustManager extends X509ExtendedTrustManager {
  private final X509SvidSource source;
  private final SpiffeIdVerifier verifier;

  /**
   * Creates the trust manager.
   *
   * @param source where the trust bundles come from
   * @param verifier which peer IDs are accepted
   */
  public SpiffeTrustManager(X509SvidSource source, SpiffeIdVerifier verifier) {
    this.source = requireNonNull(source, "source must not be null");
    this.verifier = requireNonNull(verifier, "verifier must not be null");
  }

  /**
   * Validates a peer chain and returns its SPIFFE ID.
   *
   * @param chain the peer's chain, leaf first
   * @return the peer's SPIFFE ID
   * @throws CertificateException if the peer is not accepted
   */
  public SpiffeId validate(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the peer presented no certificate");
    }
    X509Certificate leaf = chain[0];
    SpiffeId id = SpiffeCertificates.spiffeIdOf(leaf);
    if (leaf.getBasicConstraints() >= 0) {
      throw new CertificateException("an X.509-SVID leaf must not be a CA certificate");
    }
    List<X509Certificate> bundle;
    try {
      bundle =
          source
              .bundleFor(id.trustDomain())
              .orElseThrow(
                  () ->
                      new CertificateException(
                          "no trust bundle for trust domain "
                              + id.trustDomain()
                              + " of peer "
                              + id));
    } catch (SvidUnavailableException e) {
      throw new CertificateException("no trust bundle available: " + e.getMessage(), e);
    }
    Set<TrustAnchor> anchors = new HashSet<>();
    for (X509Certificate ca : bundle) {
      anchors.add(new TrustAnchor(ca, null));
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      CertPath path = factory.generateCertPath(Arrays.asList(chain));
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(path, params);
    } catch (GeneralSecurityException e) {
      throw new CertificateException(
          "the certificate chain of "
              + id
              + " does not validate against the trust bundle of "
              + id.trustDomain()
              + ": "
              + reason(e),
          e);
    }
    if (!verifier.accepts(id)) {
      throw new CertificateException(
          "peer SPIFFE ID " + id + " is not accepted; expected " + verifier.description());
    }
    return id;
  }

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateExpiredException) {
        return "a certificate has expired (" + t.getMessage() + ")";
      }
      if (t instanceof java.security.cert.CertificateNotYetValidException) {
        return "a certificate is not yet valid (" + t.getMessage() + ")";
      }
    }
    return e.getMessage();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    validate(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    validate(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    validate(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    validate(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    validate(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    validate(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    // Empty: the client may present any SVID; the bundle check happens in validate().
    return new X509Certificate[0];
  }
}
