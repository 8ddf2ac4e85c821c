package ist.spike.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chain signatures checked by the TLS provider's code (ADR 0181): used when it has the chain's
 * algorithms, the JDK's otherwise; either way a chain from another CA is refused.
 */
class SpiffeTrustManagerSignaturesTest {
  @TempDir Path dir;
  private DevTrustDomain td;
  private DevTrustDomain impostor;
  private X509SvidSource source;
  private static final AtomicInteger VERIFIES = new AtomicInteger();

  /** ECDSA verification by the JDK's SunEC, counted. */
  public static final class CountingEcdsa extends SignatureSpi {
    private final Signature jdk;

    public CountingEcdsa() throws Exception {
      jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
      jdk.initVerify(publicKey);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
      jdk.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
      jdk.update(b, off, len);
    }

    @Override
    protected byte[] engineSign() {
      throw new UnsupportedOperationException();
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
      VERIFIES.incrementAndGet();
      return jdk.verify(sigBytes);
    }

    @Override
    @SuppressWarnings("deprecation")
    protected void engineSetParameter(String param, Object value) {
      throw new UnsupportedOperationException();
    }

    @Override
    @SuppressWarnings("deprecation")
    protected Object engineGetParameter(String param) {
      throw new UnsupportedOperationException();
    }
  }

  private static Provider provider(String name, String algorithm) {
    Provider p = new Provider(name, "1", "test") {};
    p.put("Signature." + algorithm, CountingEcdsa.class.getName());
    return p;
  }

  @BeforeEach
  void setUp() {
    VERIFIES.set(0);
    TrustFixture f = TrustFixture.create(dir);
    td = f.td;
    impostor = f.impostor;
    source = f.source;
  }

  @AfterEach
  void removeProviders() {
    Security.removeProvider("CountingTest");
    Security.removeProvider("OtherAlgorithmTest");
  }

  private static X509Certificate[] chainOf(DevTrustDomain domain) {
    return TrustFixture.chainOf(domain, Duration.ofHours(1));
  }

  @Test
  void providerWithTheChainsAlgorithm_checksTheSignatures_refusesAnotherCa() throws Exception {
    X509Certificate[] good = chainOf(td);
    assertThat(good[0].getSigAlgName()).isEqualTo("SHA256withECDSA");
    SpiffeTrustManager tm =
        new SpiffeTrustManager(
            source,
            ist.spike.identity.SpiffeIdVerifier.anyIn(Set.of("spike.ist")),
            provider("CountingTest", "SHA256withECDSA"));

    assertThat(tm.validate(good)).isEqualTo(td.idOf(SpikeRole.PILOT_SUPERUSER));
    assertThat(VERIFIES.get()).as("signatures checked by the given provider").isPositive();
    // last in the JDK's list: a lookup without a provider name still gets the JDK's
    assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName()).isEqualTo("SunEC");

    assertThatThrownBy(() -> tm.validate(chainOf(impostor)))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("does not validate against the trust bundle");
  }

  @Test
  void providerWithoutTheChainsAlgorithm_jdkChecksThem() throws Exception {
    SpiffeTrustManager tm =
        new SpiffeTrustManager(
            source,
            ist.spike.identity.SpiffeIdVerifier.anyIn(Set.of("spike.ist")),
            provider("OtherAlgorithmTest", "SHA512withRSA"));

    assertThat(tm.validate(chainOf(td))).isEqualTo(td.idOf(SpikeRole.PILOT_SUPERUSER));
    assertThat(VERIFIES.get()).isZero();
    assertThatThrownBy(() -> tm.validate(chainOf(impostor)))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void conscrypt_validatesAndRefusesLikeTheJdk() throws Exception {
    Provider conscrypt = ConscryptSupport.providerOrNull();
    org.junit.jupiter.api.Assumptions.assumeTrue(conscrypt != null, "Conscrypt loads here");
    SpiffeTrustManager tm =
        new SpiffeTrustManager(
            source, ist.spike.identity.SpiffeIdVerifier.anyIn(Set.of("spike.ist")), conscrypt);

    assertThat(tm.signatureProvider()).isSameAs(conscrypt);
    assertThat(tm.validate(chainOf(td))).isEqualTo(td.idOf(SpikeRole.PILOT_SUPERUSER));
    assertThatThrownBy(() -> tm.validate(chainOf(impostor)))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("does not validate against the trust bundle");
  }
}
