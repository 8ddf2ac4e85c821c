package ist.spike.identity.internal;

import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509Svid;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * For trust-manager tests: a development trust domain, an impostor CA of the same name, and a
 * source that serves only a trust bundle, which a test may replace as a rotation does.
 */
final class TrustFixture {
  final DevTrustDomain td;
  final DevTrustDomain impostor;
  final BundleSource source;

  private TrustFixture(Path dir) {
    td = DevTrustDomain.create(dir.resolve("td"));
    impostor = DevTrustDomain.create(dir.resolve("impostor"));
    source = new BundleSource();
    source.bundle = List.of(td.ca().certificate());
  }

  static TrustFixture create(Path dir) {
    return new TrustFixture(dir);
  }

  /** A Pilot superuser's certificate chain issued by {@code domain}'s CA. */
  static X509Certificate[] chainOf(DevTrustDomain domain, Duration ttl) {
    return domain
        .ca()
        .issue(domain.idOf(SpikeRole.PILOT_SUPERUSER), ttl)
        .chain()
        .toArray(X509Certificate[]::new);
  }

  /** A source whose bundle the test replaces; it has no SVID of its own. */
  static final class BundleSource implements X509SvidSource {
    volatile List<X509Certificate> bundle;

    @Override
    public X509Svid svid() {
      throw new UnsupportedOperationException("only bundles are used");
    }

    @Override
    public Optional<List<X509Certificate>> bundleFor(String trustDomain) {
      return Optional.of(bundle);
    }

    @Override
    public void close() {}
  }
}
