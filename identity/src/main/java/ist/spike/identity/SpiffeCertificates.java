package ist.spike.identity;

import static java.util.Objects.requireNonNull;

import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads the SPIFFE ID out of an X.509-SVID leaf certificate. */
public final class SpiffeCertificates {
  private static final int SAN_URI = 6;

  private SpiffeCertificates() {}

  /**
   * Returns the SPIFFE ID of a leaf certificate: its one and only URI SAN, which must be a valid
   * SPIFFE ID (X.509-SVID specification §2).
   *
   * @param leaf the leaf certificate
   * @return the SPIFFE ID
   * @throws CertificateException if the certificate has no URI SAN, more than one, or one that is
   *     not a valid SPIFFE ID
   */
  public static SpiffeId spiffeIdOf(X509Certificate leaf) throws CertificateException {
    requireNonNull(leaf, "leaf must not be null");
    List<String> uris = new ArrayList<>();
    Collection<List<?>> sans;
    try {
      sans = leaf.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new CertificateException(
          "the certificate's subject alternative names are malformed", e);
    }
    if (sans != null) {
      for (List<?> san : sans) {
        if (san.size() >= 2 && Integer.valueOf(SAN_URI).equals(san.get(0))) {
          uris.add(String.valueOf(san.get(1)));
        }
      }
    }
    if (uris.size() != 1) {
      throw new CertificateException(
          "an X.509-SVID must carry exactly one URI SAN, this certificate has " + uris.size());
    }
    try {
      return SpiffeId.parse(uris.get(0));
    } catch (InvalidSpiffeIdException e) {
      throw new CertificateException(
          "the certificate's URI SAN is not a SPIKE peer ID: " + e.getMessage());
    }
  }
}
