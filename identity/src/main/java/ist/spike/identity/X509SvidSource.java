package ist.spike.identity;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Where a process gets its current X.509-SVID and the trust bundles it validates peers against.
 *
 * <p>Implementations answer with the newest material on every call (the TLS managers of {@link
 * SpiffeTls} call them at each handshake, so a rotated SVID takes effect without a restart), are
 * thread-safe, and never block for long. Implementations: {@link FileSvidSource} ({@code
 * SPIKE_SVID_DIR}), {@code WorkloadApiSvidSource} ({@code SPIFFE_ENDPOINT_SOCKET}, in {@code
 * spike-sdk-spiffe}); {@link SvidSources#fromEnv} picks one.
 */
public interface X509SvidSource extends AutoCloseable {
  /**
   * Returns the current SVID.
   *
   * @return the SVID
   * @throws SvidUnavailableException if the source has none (it is closed or never got one)
   */
  X509Svid svid();

  /**
   * Returns the trust anchors for a trust domain.
   *
   * @param trustDomain a trust domain name, for example {@code spike.ist}
   * @return the CA certificates of that trust domain, or empty if the source does not trust it
   */
  Optional<List<X509Certificate>> bundleFor(String trustDomain);

  /** Releases the source (watchers, connections). Idempotent; never throws. */
  @Override
  void close();
}
