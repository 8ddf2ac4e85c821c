package ist.spike.identity.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM encoding and decoding of certificates and PKCS#8 private keys. */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

  private Pem() {}

  /**
   * Encodes one PEM block with 64-character lines.
   *
   * @param type for example {@code CERTIFICATE}
   * @param der the DER bytes
   * @return the PEM text, ending with a newline
   */
  public static String encode(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** Encodes certificates as concatenated PEM blocks. */
  public static String encodeCertificates(List<X509Certificate> certs) throws CertificateException {
    StringBuilder out = new StringBuilder();
    for (X509Certificate cert : certs) {
      out.append(encode("CERTIFICATE", cert.getEncoded()));
    }
    return out.toString();
  }

  /**
   * Decodes every {@code CERTIFICATE} block.
   *
   * @param pem PEM text
   * @param what a name for messages, for example the file name
   * @return the certificates in order
   * @throws CertificateException if there is none or one does not parse
   */
  public static List<X509Certificate> decodeCertificates(byte[] pem, String what)
      throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> certs = new ArrayList<>();
    Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    while (m.find()) {
      if (!m.group(1).equals("CERTIFICATE")) {
        continue;
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
    }
    if (certs.isEmpty()) {
      throw new CertificateException(what + " holds no PEM CERTIFICATE block");
    }
    return List.copyOf(certs);
  }

  /**
   * Decodes the first {@code PRIVATE KEY} (PKCS#8) block as an EC or RSA key.
   *
   * @param pem PEM text; not modified
   * @param what a name for messages, for example the file name
   * @return the key
   * @throws GeneralSecurityException if there is no such block or it does not parse
   */
  public static PrivateKey decodePrivateKey(byte[] pem, String what)
      throws GeneralSecurityException {
    Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    while (m.find()) {
      if (!m.group(1).equals("PRIVATE KEY")) {
        continue;
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      try {
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
          try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
          } catch (java.security.spec.InvalidKeySpecException e) {
            // try the next algorithm
          }
        }
        throw new GeneralSecurityException(
            what + " holds a PKCS#8 key that is not EC, RSA or Ed25519");
      } finally {
        Arrays.fill(der, (byte) 0);
      }
    }
    throw new GeneralSecurityException(what + " holds no PEM 'PRIVATE KEY' (PKCS#8) block");
  }
}
