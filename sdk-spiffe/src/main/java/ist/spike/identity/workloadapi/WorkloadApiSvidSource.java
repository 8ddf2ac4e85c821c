package ist.spike.identity.workloadapi;

import static java.util.Objects.requireNonNull;

import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.exception.BundleNotFoundException;
import io.spiffe.exception.SocketEndpointAddressException;
import io.spiffe.exception.X509SourceException;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.workloadapi.DefaultX509Source;
import ist.spike.identity.SvidSources;
import ist.spike.identity.SvidUnavailableException;
import ist.spike.identity.X509Svid;
import ist.spike.identity.X509SvidSource;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * SVIDs and bundles from the SPIFFE Workload API (for example a SPIRE agent) through java-spiffe's
 * {@link DefaultX509Source}, which keeps a stream open and swaps in rotated SVIDs and bundles as
 * the agent pushes them. Federated bundles are included.
 */
public final class WorkloadApiSvidSource implements X509SvidSource {
  /** SPIFFE's default Workload API address, also SPIKE's. */
  public static final String DEFAULT_ADDRESS = SvidSources.DEFAULT_ENDPOINT_SOCKET;

  private final String address;
  private final DefaultX509Source source;
  private volatile CachedSvid cached;

  private record CachedSvid(io.spiffe.svid.x509svid.X509Svid raw, X509Svid svid) {}

  private WorkloadApiSvidSource(String address, DefaultX509Source source) {
    this.address = address;
    this.source = source;
  }

  /**
   * Connects to the Workload API and waits for the first SVID.
   *
   * @param address the socket address, for example {@code unix:///run/spire/agent.sock}
   * @param timeout how long to wait for the first SVID; {@link Duration#ZERO} waits forever (as
   *     SPIKE Nexus, Keeper and Pilot do)
   * @return the source; close it when done
   * @throws SvidUnavailableException if the address is invalid or no SVID arrived in time
   */
  public static WorkloadApiSvidSource connect(String address, Duration timeout) {
    requireNonNull(address, "address must not be null");
    requireNonNull(timeout, "timeout must not be null");
    DefaultX509Source.X509SourceOptions.Builder options =
        DefaultX509Source.X509SourceOptions.builder().spiffeSocketPath(address);
    if (!timeout.isZero()) {
      options.initTimeout(timeout);
    }
    try {
      return new WorkloadApiSvidSource(address, DefaultX509Source.newSource(options.build()));
    } catch (SocketEndpointAddressException e) {
      throw new SvidUnavailableException(
          "invalid Workload API address '"
              + address
              + "' (SPIFFE_ENDPOINT_SOCKET): "
              + e.getMessage(),
          e);
    } catch (X509SourceException e) {
      throw new SvidUnavailableException(
          "no X.509-SVID from the Workload API at "
              + address
              + " within "
              + timeout
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public X509Svid svid() {
    io.spiffe.svid.x509svid.X509Svid raw;
    try {
      raw = source.getX509Svid();
    } catch (IllegalStateException e) {
      throw new SvidUnavailableException(
          "the Workload API source for " + address + " is closed", e);
    }
    CachedSvid now = cached;
    if (now != null && now.raw() == raw) {
      return now.svid();
    }
    try {
      X509Svid svid = new X509Svid(raw.getChain(), raw.getPrivateKey());
      cached = new CachedSvid(raw, svid);
      return svid;
    } catch (CertificateException e) {
      throw new SvidUnavailableException(
          "the Workload API at " + address + " sent an unusable SVID: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<List<X509Certificate>> bundleFor(String trustDomain) {
    requireNonNull(trustDomain, "trustDomain must not be null");
    try {
      X509Bundle bundle = source.getBundleForTrustDomain(TrustDomain.parse(trustDomain));
      return Optional.of(List.copyOf(bundle.getX509Authorities()));
    } catch (BundleNotFoundException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (IllegalStateException e) {
      throw new SvidUnavailableException(
          "the Workload API source for " + address + " is closed", e);
    }
  }

  @Override
  public void close() {
    source.close();
  }

  @Override
  public String toString() {
    return "WorkloadApiSvidSource[" + address + "]";
  }
}
