package ist.spike.identity.dev;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A development trust domain in one directory: the CA in {@code <dir>/ca} and one SVID directory
 * per SPIFFE ID in {@code <dir>/svid/<id>}, each usable as {@code SPIKE_SVID_DIR}.
 *
 * <pre>{@code
 * DevTrustDomain td = DevTrustDomain.create(tempDir);           // spike.ist
 * try (FileSvidSource nexus = td.sourceFor(SpikeRole.NEXUS)) { ... }
 * Path pilotDir = td.svidDirFor(td.idOf(SpikeRole.PILOT_SUPERUSER)); // for SPIKE_SVID_DIR
 * }</pre>
 */
public final class DevTrustDomain {
  private final Path dir;
  private final DevCa ca;

  private DevTrustDomain(Path dir, DevCa ca) {
    this.dir = dir;
    this.ca = ca;
  }

  /**
   * Creates (or reopens) the trust domain {@code spike.ist} in {@code dir}.
   *
   * @param dir the directory (created if absent)
   * @return the trust domain
   */
  public static DevTrustDomain create(Path dir) {
    return create(dir, SpikeRoles.DEFAULT_TRUST_ROOT);
  }

  /**
   * Creates (or reopens) a trust domain in {@code dir}.
   *
   * @param dir the directory (created if absent)
   * @param trustDomain the trust domain name
   * @return the trust domain
   */
  public static DevTrustDomain create(Path dir, String trustDomain) {
    requireNonNull(dir, "dir must not be null");
    Path abs = dir.toAbsolutePath().normalize();
    return new DevTrustDomain(abs, DevCa.loadOrCreate(abs.resolve("ca"), trustDomain));
  }

  /** Returns the CA. */
  public DevCa ca() {
    return ca;
  }

  /** Returns the trust domain name. */
  public String trustDomain() {
    return ca.trustDomain();
  }

  /** Returns roles whose trust roots are this trust domain. */
  public SpikeRoles roles() {
    return SpikeRoles.of(ca.trustDomain());
  }

  /**
   * Returns a role's base ID in this trust domain.
   *
   * @param role the role
   * @return for example {@code spiffe://spike.ist/spike/nexus}
   */
  public SpiffeId idOf(SpikeRole role) {
    return role.idIn(ca.trustDomain());
  }

  /**
   * Returns an ID in this trust domain.
   *
   * @param path the path without a leading slash, for example {@code workload/app}
   * @return the ID
   */
  public SpiffeId id(String path) {
    return SpiffeId.of(ca.trustDomain(), path);
  }

  /**
   * Returns the SVID directory of {@code id}, minting a {@link DevCa#DEFAULT_SVID_TTL} SVID there
   * if none exists yet.
   *
   * @param id an ID in this trust domain
   * @return a directory holding svid.pem, svid_key.pem and bundle.pem
   * @throws UncheckedIOException if the files cannot be written
   */
  public Path svidDirFor(SpiffeId id) {
    requireNonNull(id, "id must not be null");
    Path out = dir.resolve("svid").resolve(id.trustDomain() + id.path().replace('/', '+'));
    if (!Files.exists(out.resolve(FileSvidSource.SVID_FILE))) {
      rotate(id, DevCa.DEFAULT_SVID_TTL);
    }
    return out;
  }

  /**
   * Returns the SVID directory of a role's base ID (see {@link #svidDirFor(SpiffeId)}).
   *
   * @param role the role
   * @return the directory
   */
  public Path svidDirFor(SpikeRole role) {
    return svidDirFor(idOf(role));
  }

  /**
   * Mints a new SVID for {@code id} into its directory, replacing the previous one.
   *
   * @param id the ID
   * @param ttl the lifetime
   * @return the directory
   * @throws UncheckedIOException if the files cannot be written
   */
  public Path rotate(SpiffeId id, Duration ttl) {
    Path out = dir.resolve("svid").resolve(id.trustDomain() + id.path().replace('/', '+'));
    try {
      ca.writeSvid(id, ttl, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Opens a file source on the SVID of {@code id} (minted if absent).
   *
   * @param id the ID
   * @return a source the caller closes
   */
  public FileSvidSource sourceFor(SpiffeId id) {
    return FileSvidSource.open(svidDirFor(id));
  }

  /**
   * Opens a file source on the SVID of a role's base ID (minted if absent).
   *
   * @param role the role
   * @return a source the caller closes
   */
  public FileSvidSource sourceFor(SpikeRole role) {
    return sourceFor(idOf(role));
  }

  @Override
  public String toString() {
    return "DevTrustDomain[" + ca.trustDomain() + ", " + dir + "]";
  }
}
