package ist.spike.identity;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * One X.509-SVID: the SPIFFE ID, the certificate chain (leaf first) and its private key. Immutable;
 * {@link #toString()} shows the ID and expiry, never the key.
 */
public final class X509Svid {
  private final SpiffeId spiffeId;
  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;

  /**
   * Creates an SVID after checking that the leaf carries a SPIFFE ID.
   *
   * @param chain the chain, leaf first, not empty
   * @param privateKey the leaf's private key
   * @throws java.security.cert.CertificateException if the leaf has no single SPIFFE URI SAN
   */
  public X509Svid(List<X509Certificate> chain, PrivateKey privateKey)
      throws java.security.cert.CertificateException {
    requireNonNull(chain, "chain must not be null");
    requireNonNull(privateKey, "privateKey must not be null");
    if (chain.isEmpty()) {
      throw new java.security.cert.CertificateException("an SVID chain must not be empty");
    }
    this.chain = List.copyOf(chain);
    this.privateKey = privateKey;
    this.spiffeId = SpiffeCertificates.spiffeIdOf(this.chain.get(0));
  }

  /** Returns the SPIFFE ID of the leaf certificate. */
  public SpiffeId spiffeId() {
    return spiffeId;
  }

  /** Returns the chain, leaf first (immutable). */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** Returns the leaf certificate. */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** Returns the leaf's private key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** Returns the instant after which the leaf is no longer valid. */
  public Instant expiresAt() {
    return leaf().getNotAfter().toInstant();
  }

  @Override
  public String toString() {
    return "X509Svid[" + spiffeId + ", expires " + expiresAt() + "]";
  }
}
