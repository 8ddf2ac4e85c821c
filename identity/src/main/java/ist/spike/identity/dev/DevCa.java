package ist.spike.identity.dev;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.IdentityConfigException;
import ist.spike.identity.SpiffeCertificates;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.X509Svid;
import ist.spike.identity.internal.OwnerOnlyFiles;
import ist.spike.identity.internal.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The development certificate authority: an EC P-256 key and a self-signed CA certificate for one
 * trust domain, kept in a directory ({@value #CA_CERT_FILE}, {@value #CA_KEY_FILE}; directory 0700,
 * files 0600). It issues X.509-SVIDs whose only name is the SPIFFE URI SAN: the subject is empty,
 * there is no DNS SAN and no common name.
 *
 * <p>For development and tests only: the CA key is an unencrypted file.
 */
public final class DevCa {
  /** The CA certificate file name. */
  public static final String CA_CERT_FILE = "ca.pem";

  /** The CA private key file name (PKCS#8 PEM, 0600). */
  public static final String CA_KEY_FILE = "ca_key.pem";

  /** The default SVID lifetime for development. */
  public static final Duration DEFAULT_SVID_TTL = Duration.ofHours(24);

  /** The CA certificate lifetime. */
  public static final Duration CA_TTL = Duration.ofDays(3 * 365);

  private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9.-]+");
  private static final String SIGNATURE = "SHA256withECDSA";

  /** In the CA's directory: held while an SVID is written, by any process using this CA. */
  static final String WRITE_LOCK_FILE = ".svid-write.lock";

  /** Held while this JVM writes an SVID: a process's file lock does not exclude its threads. */
  private static final Object WRITERS = new Object();

  private final Path dir;
  private final String trustDomain;
  private final X509Certificate certificate;
  private final PrivateKey key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private DevCa(
      Path dir, String trustDomain, X509Certificate certificate, PrivateKey key, Clock clock) {
    this.dir = dir;
    this.trustDomain = trustDomain;
    this.certificate = certificate;
    this.key = key;
    this.clock = clock;
  }

  /**
   * Loads the CA kept in {@code dir}, or creates one for {@code trustDomain} there.
   *
   * @param dir the CA directory (created with 0700 if absent)
   * @param trustDomain the trust domain, for example {@code spike.ist}
   * @return the CA
   * @throws IdentityConfigException if the directory is shared with group or others, the stored CA
   *     belongs to another trust domain, or the files cannot be read or written
   */
  public static DevCa loadOrCreate(Path dir, String trustDomain) {
    requireNonNull(dir, "dir must not be null");
    requireNonNull(trustDomain, "trustDomain must not be null");
    if (!TRUST_DOMAIN.matcher(trustDomain).matches()) {
      throw new IdentityConfigException(
          "invalid trust domain '" + trustDomain + "': use lower-case letters, digits, '.', '-'");
    }
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs.resolve(CA_CERT_FILE)) || Files.exists(abs.resolve(CA_KEY_FILE))) {
      DevCa ca = load(abs);
      if (!ca.trustDomain.equals(trustDomain)) {
        throw new IdentityConfigException(
            "the CA in "
                + abs
                + " is for trust domain "
                + ca.trustDomain
                + ", not "
                + trustDomain
                + "; use another --ca-dir or remove that directory");
      }
      return ca;
    }
    return create(abs, trustDomain, Clock.systemUTC());
  }

  /**
   * Loads the CA kept in {@code dir}.
   *
   * @param dir the CA directory
   * @return the CA
   * @throws IdentityConfigException if the files are missing, unreadable, inconsistent, shared with
   *     group or others, or the CA certificate has expired
   */
  public static DevCa load(Path dir) {
    requireNonNull(dir, "dir must not be null");
    Path abs = dir.toAbsolutePath().normalize();
    try {
      if (OwnerOnlyFiles.isShared(abs) || OwnerOnlyFiles.isShared(abs.resolve(CA_KEY_FILE))) {
        throw new IdentityConfigException(
            "the development CA in "
                + abs
                + " is readable by group or others; run chmod 700 "
                + abs
                + " and chmod 600 "
                + abs.resolve(CA_KEY_FILE));
      }
      X509Certificate cert =
          Pem.decodeCertificates(Files.readAllBytes(abs.resolve(CA_CERT_FILE)), CA_CERT_FILE)
              .get(0);
      byte[] keyPem = Files.readAllBytes(abs.resolve(CA_KEY_FILE));
      PrivateKey key;
      try {
        key = Pem.decodePrivateKey(keyPem, CA_KEY_FILE);
      } finally {
        Arrays.fill(keyPem, (byte) 0);
      }
      String td = SpiffeCertificates.spiffeIdOf(cert).trustDomain();
      if (cert.getNotAfter().toInstant().isBefore(Instant.now())) {
        throw new IdentityConfigException(
            "the development CA in "
                + abs
                + " expired at "
                + cert.getNotAfter().toInstant()
                + "; remove the directory to create a new one");
      }
      return new DevCa(abs, td, cert, key, Clock.systemUTC());
    } catch (IOException | GeneralSecurityException e) {
      throw new IdentityConfigException(
          "cannot load the development CA from " + abs + ": " + e.getMessage(), e);
    }
  }

  private static DevCa create(Path dir, String trustDomain, Clock clock) {
    try {
      OwnerOnlyFiles.createDirectory(dir);
      KeyPair pair = newKeyPair();
      Instant now = clock.instant();
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.O, "SPIKE for Java development")
              .addRDN(BCStyle.OU, "trust domain " + trustDomain)
              .build();
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(new SecureRandom()),
                  Date.from(now.minusSeconds(60)),
                  Date.from(now.plus(CA_TTL)),
                  subject,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(
                      new GeneralName(
                          GeneralName.uniformResourceIdentifier, "spiffe://" + trustDomain)))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate cert = sign(builder, pair.getPrivate());
      byte[] keyDer = pair.getPrivate().getEncoded();
      byte[] keyPem = Pem.encode("PRIVATE KEY", keyDer).getBytes(StandardCharsets.US_ASCII);
      try {
        OwnerOnlyFiles.writeAtomically(dir.resolve(CA_KEY_FILE), keyPem);
      } finally {
        Arrays.fill(keyDer, (byte) 0);
        Arrays.fill(keyPem, (byte) 0);
      }
      OwnerOnlyFiles.writeAtomically(
          dir.resolve(CA_CERT_FILE),
          Pem.encode("CERTIFICATE", cert.getEncoded()).getBytes(StandardCharsets.US_ASCII));
      return new DevCa(dir, trustDomain, cert, pair.getPrivate(), clock);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IdentityConfigException(
          "cannot create a development CA in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Returns the trust domain this CA signs for. */
  public String trustDomain() {
    return trustDomain;
  }

  /** Returns the CA directory. */
  public Path directory() {
    return dir;
  }

  /** Returns the self-signed CA certificate (the trust bundle). */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Issues an SVID valid from one minute ago for {@code ttl}.
   *
   * @param id the SPIFFE ID; must be in this CA's trust domain
   * @param ttl the lifetime, positive
   * @return the SVID with a fresh EC P-256 key
   * @throws IllegalArgumentException if the ID is in another trust domain or the TTL is not
   *     positive
   */
  public X509Svid issue(SpiffeId id, Duration ttl) {
    requireNonNull(ttl, "ttl must not be null");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("an SVID lifetime must be positive, got " + ttl);
    }
    Instant now = clock.instant();
    return issueWithValidity(id, now.minusSeconds(60), now.plus(ttl));
  }

  /**
   * Issues an SVID with an explicit validity window (tests use it for expired or not-yet-valid
   * SVIDs). The window is not clipped to the CA's.
   *
   * @param id the SPIFFE ID; must be in this CA's trust domain
   * @param notBefore start of validity
   * @param notAfter end of validity, after {@code notBefore}
   * @return the SVID with a fresh EC P-256 key
   * @throws IllegalArgumentException if the ID is in another trust domain or the window is empty
   */
  public X509Svid issueWithValidity(SpiffeId id, Instant notBefore, Instant notAfter) {
    requireNonNull(id, "id must not be null");
    requireNonNull(notBefore, "notBefore must not be null");
    requireNonNull(notAfter, "notAfter must not be null");
    if (!id.trustDomain().equals(trustDomain)) {
      throw new IllegalArgumentException(
          "this CA signs for trust domain " + trustDomain + ", not " + id.trustDomain());
    }
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter must be after notBefore");
    }
    try {
      KeyPair pair = newKeyPair();
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(random),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                      }))
              // Critical because the subject is empty (RFC 5280 §4.2.1.6).
              .addExtension(
                  Extension.subjectAlternativeName,
                  true,
                  new GeneralNames(
                      new GeneralName(GeneralName.uniformResourceIdentifier, id.toString())))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(pair.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  ext.createAuthorityKeyIdentifier(certificate.getPublicKey()));
      X509Certificate leaf = sign(builder, key);
      return new X509Svid(List.of(leaf), pair.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue an SVID: " + e.getMessage(), e);
    }
  }

  /**
   * Issues an SVID and writes it to {@code outDir} as {@value FileSvidSource#SVID_FILE}, {@value
   * FileSvidSource#KEY_FILE} and {@value FileSvidSource#BUNDLE_FILE}, each replaced atomically with
   * 0600 (the directory is created with 0700 if absent). A {@link FileSvidSource} reading the
   * directory picks the new SVID up at its next handshake.
   *
   * @param id the SPIFFE ID
   * @param ttl the lifetime
   * @param outDir the output directory
   * @return the SVID written
   * @throws IOException if writing fails
   */
  public X509Svid writeSvid(SpiffeId id, Duration ttl, Path outDir) throws IOException {
    X509Svid svid = issue(id, ttl);
    write(svid, outDir);
    return svid;
  }

  /**
   * Writes an SVID issued by this CA, with this CA's certificate as the bundle. Writers take turns,
   * in this JVM and across the processes that use this CA's directory, so that the files left
   * behind always belong together.
   *
   * @param svid the SVID
   * @param outDir the output directory (created with 0700 if absent)
   * @throws IOException if writing fails
   */
  public void write(X509Svid svid, Path outDir) throws IOException {
    requireNonNull(svid, "svid must not be null");
    requireNonNull(outDir, "outDir must not be null");
    // Each file is replaced atomically, but two writers of one directory could still interleave
    // and leave one's key beside the other's certificate, which every reader would then refuse
    // until the next rotation. So writers take turns: threads of this JVM on a monitor (a file
    // lock belongs to the process), processes sharing this CA on a lock file in its directory.
    synchronized (WRITERS) {
      try (FileChannel channel = openWriteLock();
          FileLock ignored = channel.lock()) {
        writeFiles(svid, outDir);
      }
    }
  }

  private FileChannel openWriteLock() throws IOException {
    return OwnerOnlyFiles.openLockFile(dir.resolve(WRITE_LOCK_FILE));
  }

  private void writeFiles(X509Svid svid, Path outDir) throws IOException {
    OwnerOnlyFiles.createDirectory(outDir);
    try {
      byte[] keyDer = svid.privateKey().getEncoded();
      byte[] keyPem = Pem.encode("PRIVATE KEY", keyDer).getBytes(StandardCharsets.US_ASCII);
      try {
        // Key first, then certificate: a reader that sees the new certificate sees the new key.
        OwnerOnlyFiles.writeAtomically(outDir.resolve(FileSvidSource.KEY_FILE), keyPem);
      } finally {
        Arrays.fill(keyDer, (byte) 0);
        Arrays.fill(keyPem, (byte) 0);
      }
      OwnerOnlyFiles.writeAtomically(
          outDir.resolve(FileSvidSource.SVID_FILE),
          Pem.encodeCertificates(svid.chain()).getBytes(StandardCharsets.US_ASCII));
      OwnerOnlyFiles.writeAtomically(
          outDir.resolve(FileSvidSource.BUNDLE_FILE),
          Pem.encode("CERTIFICATE", certificate.getEncoded()).getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IOException("cannot encode the SVID: " + e.getMessage(), e);
    } catch (java.security.cert.CertificateException e) {
      throw new IOException("cannot encode the SVID: " + e.getMessage(), e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
  }

  @Override
  public String toString() {
    return "DevCa[" + trustDomain + ", " + dir + "]";
  }
}
