package ist.spike.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust manager remembers validated chains; nothing it remembers may outlive its inputs. */
class SpiffeTrustManagerTest {
  @TempDir Path dir;
  private DevTrustDomain td;
  private DevTrustDomain impostor;
  private TrustFixture.BundleSource source;
  private SpiffeTrustManager tm;

  @BeforeEach
  void setUp() {
    TrustFixture f = TrustFixture.create(dir);
    td = f.td;
    impostor = f.impostor;
    source = f.source;
    tm = new SpiffeTrustManager(source, SpiffeIdVerifier.anyIn(java.util.Set.of("spike.ist")));
  }

  private static X509Certificate[] chainOf(DevTrustDomain domain, Duration ttl) {
    return TrustFixture.chainOf(domain, ttl);
  }

  @Test
  void validate_rememberedChainAfterBundleRotatedToAnotherCa_refused() throws Exception {
    X509Certificate[] chain = chainOf(td, Duration.ofHours(1));
    assertThat(tm.validate(chain)).isEqualTo(td.idOf(SpikeRole.PILOT_SUPERUSER));
    assertThat(tm.validate(chain)).isEqualTo(td.idOf(SpikeRole.PILOT_SUPERUSER));

    source.bundle = List.of(impostor.ca().certificate());

    assertThatThrownBy(() -> tm.validate(chain))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("does not validate against the trust bundle");
  }

  @Test
  void validate_equalBundleInANewList_stillAcceptsAndAfterRotationBackRefusesImpostor()
      throws Exception {
    X509Certificate[] good = chainOf(td, Duration.ofHours(1));
    X509Certificate[] fake = chainOf(impostor, Duration.ofHours(1));
    assertThat(tm.validate(good)).isNotNull();
    source.bundle = List.copyOf(source.bundle); // what a Workload API source hands out each time

    assertThat(tm.validate(good)).isEqualTo(td.idOf(SpikeRole.PILOT_SUPERUSER));
    // same SPIFFE ID, other CA: the remembered chain must not stand in for it
    assertThatThrownBy(() -> tm.validate(fake))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("does not validate against the trust bundle");
  }

  @Test
  void validate_rememberedChainWhoseLeafExpired_refused() throws Exception {
    SpiffeId id = td.idOf(SpikeRole.PILOT_SUPERUSER);
    Instant notAfter = Instant.now().plusMillis(1500);
    X509Certificate[] chain =
        td.ca()
            .issueWithValidity(id, Instant.now().minusSeconds(60), notAfter)
            .chain()
            .toArray(X509Certificate[]::new);
    assertThat(tm.validate(chain)).isEqualTo(id);

    // X.509 validity has one-second resolution: wait until notAfter has surely passed
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), notAfter).toMillis()) + 1100);

    assertThatThrownBy(() -> tm.validate(chain))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("a certificate has expired");
  }

  @Test
  void validate_moreDistinctChainsThanRemembered_allStillValidated() throws Exception {
    // beyond the bound the set starts over; every chain is still checked, none is refused
    for (int i = 0; i < SpiffeTrustManager.MAX_REMEMBERED_CHAINS + 5; i++) {
      X509Certificate[] chain =
          i % 50 == 0 ? chainOf(impostor, Duration.ofHours(1)) : chainOf(td, Duration.ofHours(1));
      if (i % 50 == 0) {
        assertThatThrownBy(() -> tm.validate(chain)).isInstanceOf(CertificateException.class);
      } else {
        assertThat(tm.validate(chain)).isNotNull();
      }
    }
  }

  @Test
  void validate_rememberedChainWhoseIdTheVerifierRefuses_refusedEveryTime() throws Exception {
    SpiffeId keeper = td.idOf(SpikeRole.KEEPER);
    X509Certificate[] accepted = chainOf(td, Duration.ofHours(1));
    X509Certificate[] refused =
        td.ca().issue(keeper, Duration.ofHours(1)).chain().toArray(X509Certificate[]::new);
    SpiffeTrustManager onlyPilot =
        new SpiffeTrustManager(
            source, SpiffeIdVerifier.exactly(java.util.Set.of(td.idOf(SpikeRole.PILOT_SUPERUSER))));

    for (int i = 0; i < 3; i++) {
      // the chain validates against the bundle and is remembered; the verifier must still run
      assertThatThrownBy(() -> onlyPilot.validate(refused))
          .isInstanceOf(CertificateException.class)
          .hasMessageContaining("peer SPIFFE ID " + keeper + " is not accepted");
      // a remembered chain answers with its own leaf's ID, not another remembered one's
      assertThat(onlyPilot.validate(accepted)).isEqualTo(td.idOf(SpikeRole.PILOT_SUPERUSER));
    }
  }
}
