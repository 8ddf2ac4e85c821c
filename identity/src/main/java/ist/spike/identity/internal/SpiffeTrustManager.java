package ist.spike.identity.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.SpiffeCertificates;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SvidUnavailableException;
import ist.spike.identity.X509SvidSource;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.Provider;
import java.security.Security;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Validates a peer's X.509-SVID: the chain against the bundle of the peer's own trust domain (read
 * from the source at each handshake), the leaf's shape (one SPIFFE URI SAN, not a CA), then the
 * {@link SpiffeIdVerifier}. Every failure is a {@link CertificateException}; there is no fallback.
 * Host names play no part: SVIDs name workloads, not hosts.
 *
 * <p>Given a signature provider (Conscrypt when it runs the process's TLS), PKIX checks the chain's
 * signatures with it whenever it has every signature algorithm of the chain, and with the JDK's
 * otherwise: in a JVM that has just started, the JDK's elliptic-curve code runs interpreted, and
 * one chain check was a fifth of a {@code spike} command's Java samples (ADR 0181).
 */
public final class SpiffeTrustManager extends X509ExtendedTrustManager {
  /** Chains remembered as validated against the current bundle; beyond this the set starts over. */
  static final int MAX_REMEMBERED_CHAINS = 256;

  private final X509SvidSource source;
  private final SpiffeIdVerifier verifier;
  private final Provider signatures;

  /**
   * The PKIX parameters built from one bundle, and the chains that validated against it. The bundle
   * list is the source's snapshot (the file source returns the same instance until its files
   * change: modification time, size or inode); a bundle that is not the same instance and not equal
   * (certificate by certificate, DER) gets new anchors and an empty set at the next handshake.
   */
  private record Anchors(
      List<X509Certificate> bundle,
      PKIXParameters params,
      PKIXParameters nativeParams,
      Map<List<X509Certificate>, SpiffeId> validated) {}

  private volatile Anchors anchors;

  /**
   * Creates the trust manager.
   *
   * @param source where the trust bundles come from
   * @param verifier which peer IDs are accepted
   */
  public SpiffeTrustManager(X509SvidSource source, SpiffeIdVerifier verifier) {
    this(source, verifier, null);
  }

  /**
   * Creates the trust manager checking chain signatures with {@code signatures} where it can. The
   * provider is added to the JDK's list (last, so that no lookup without a provider name changes)
   * because PKIX names its signature provider by name.
   *
   * @param source where the trust bundles come from
   * @param verifier which peer IDs are accepted
   * @param signatures the provider for chain signatures, or null for the JDK's
   */
  public SpiffeTrustManager(X509SvidSource source, SpiffeIdVerifier verifier, Provider signatures) {
    this.source = requireNonNull(source, "source must not be null");
    this.verifier = requireNonNull(verifier, "verifier must not be null");
    if (signatures != null && Security.getProvider(signatures.getName()) != signatures) {
      Security.addProvider(signatures);
      if (Security.getProvider(signatures.getName()) != signatures) {
        signatures = null; // another provider of that name is installed: use the JDK's
      }
    }
    this.signatures = signatures;
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
    List<X509Certificate> key = List.of(chain);
    Anchors remembered = anchors;
    SpiffeId known = remembered == null ? null : remembered.validated().get(key);
    SpiffeId id = known != null ? known : shapeChecked(chain[0]);
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
    try {
      checkPath(key, id, bundle);
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

  /** The leaf's SPIFFE ID after the checks of its shape (one SPIFFE URI SAN, not a CA). */
  private static SpiffeId shapeChecked(X509Certificate leaf) throws CertificateException {
    SpiffeId id = SpiffeCertificates.spiffeIdOf(leaf);
    if (leaf.getBasicConstraints() >= 0) {
      throw new CertificateException("an X.509-SVID leaf must not be a CA certificate");
    }
    return id;
  }

  /**
   * PKIX validation of the chain against the bundle, done once per distinct chain and bundle: a
   * chain seen before with the same bundle snapshot only has its certificates' validity periods
   * checked again (time is the one input that changes). Revocation is not checked (SVIDs are
   * short-lived), so nothing else could change the outcome. The chain's SPIFFE ID is remembered
   * with it, so a remembered chain's leaf is not parsed again.
   */
  private void checkPath(List<X509Certificate> chain, SpiffeId id, List<X509Certificate> bundle)
      throws GeneralSecurityException {
    Anchors current = anchorsFor(bundle);
    if (id.equals(current.validated().get(chain))) {
      for (X509Certificate c : chain) {
        c.checkValidity();
      }
      return;
    }
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
    PKIXParameters params =
        current.nativeParams() != null && signsAll(chain)
            ? current.nativeParams()
            : current.params();
    CertPathValidator.getInstance("PKIX").validate(path, params);
    if (current.validated().size() >= MAX_REMEMBERED_CHAINS) {
      current.validated().clear();
    }
    current.validated().put(chain, id);
  }

  private Anchors anchorsFor(List<X509Certificate> bundle)
      throws InvalidAlgorithmParameterException {
    Anchors current = anchors;
    // the file source returns the same instance until its files change; others compare equal
    if (current != null && (current.bundle() == bundle || current.bundle().equals(bundle))) {
      return current;
    }
    Set<TrustAnchor> set = new HashSet<>();
    for (X509Certificate ca : bundle) {
      set.add(new TrustAnchor(ca, null));
    }
    PKIXParameters params = new PKIXParameters(set);
    params.setRevocationEnabled(false);
    PKIXParameters nativeParams = null;
    if (signatures != null) {
      nativeParams = (PKIXParameters) params.clone();
      nativeParams.setSigProvider(signatures.getName());
    }
    current = new Anchors(bundle, params, nativeParams, new ConcurrentHashMap<>());
    anchors = current;
    return current;
  }

  /** Whether the signature provider has the algorithm of every signature PKIX checks. */
  private boolean signsAll(List<X509Certificate> chain) {
    for (X509Certificate c : chain) {
      if (signatures.getService("Signature", c.getSigAlgName()) == null) {
        return false;
      }
    }
    return true;
  }

  /** The provider chain signatures are checked with where it can, or null for the JDK's. */
  Provider signatureProvider() {
    return signatures;
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
