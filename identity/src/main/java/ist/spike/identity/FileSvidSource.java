package ist.spike.identity;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.internal.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An SVID kept in three PEM files in one directory, re-read when they change so that rotation needs
 * no restart: {@value #SVID_FILE} (certificate chain, leaf first), {@value #KEY_FILE} (PKCS#8
 * private key) and {@value #BUNDLE_FILE} (the trust domain's CA certificates).
 *
 * <p>Each call compares the files' size, modification time and file key with those last loaded (a
 * few {@code stat} calls per TLS handshake). When they differ the files are loaded again; if the
 * new set is incomplete or inconsistent (for example the certificate was replaced but not yet the
 * key) the previous SVID stays in use and the next call tries again. Writers should replace each
 * file atomically (write and rename), as the development CA does.
 *
 * <p>The bundle is the trust bundle of the SVID's own trust domain.
 */
public final class FileSvidSource implements X509SvidSource {
  /** The certificate chain file name. */
  public static final String SVID_FILE = "svid.pem";

  /** The private key file name. */
  public static final String KEY_FILE = "svid_key.pem";

  /** The trust bundle file name. */
  public static final String BUNDLE_FILE = "bundle.pem";

  // The JDK platform logger keeps the SDK free of logging jars (ADR-0141).
  private static final System.Logger log = System.getLogger(FileSvidSource.class.getName());

  /**
   * What a file looked like when read. {@code equals} and {@code hashCode} are written out: a
   * record's generated ones are bootstrapped through method handles at their first call, which
   * spins about ten classes at every process's start, before the first handshake (ADR 0249).
   */
  private record Stamp(Object key, long size, java.time.Instant modified) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Stamp other
          && size == other.size
          && key.equals(other.key)
          && modified.equals(other.modified);
    }

    @Override
    public int hashCode() {
      return (key.hashCode() * 31 + Long.hashCode(size)) * 31 + modified.hashCode();
    }
  }

  private record Loaded(List<Stamp> stamps, X509Svid svid, List<X509Certificate> bundle) {}

  private final Path dir;
  // resolved once: the files are stat'ed at every handshake
  private final List<Path> files;
  private volatile Loaded loaded;
  private volatile boolean closed;

  private FileSvidSource(Path dir, Loaded loaded) {
    this.dir = dir;
    this.files = files(dir);
    this.loaded = loaded;
  }

  /**
   * Opens the SVID in {@code dir}, failing if the files are not there or do not form a valid SVID.
   *
   * @param dir the directory holding the three files
   * @return the source
   * @throws SvidUnavailableException if the files are missing, unreadable or inconsistent
   */
  public static FileSvidSource open(Path dir) {
    requireNonNull(dir, "dir must not be null");
    Path abs = dir.toAbsolutePath().normalize();
    try {
      return new FileSvidSource(abs, loadSettled(abs));
    } catch (IOException | GeneralSecurityException e) {
      throw new SvidUnavailableException(
          "cannot load an SVID from "
              + abs
              + " ("
              + SVID_FILE
              + ", "
              + KEY_FILE
              + ", "
              + BUNDLE_FILE
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /** Returns the directory this source reads. */
  public Path directory() {
    return dir;
  }

  @Override
  public X509Svid svid() {
    return current().svid();
  }

  @Override
  public Optional<List<X509Certificate>> bundleFor(String trustDomain) {
    requireNonNull(trustDomain, "trustDomain must not be null");
    Loaded now = current();
    return now.svid().spiffeId().trustDomain().equals(trustDomain)
        ? Optional.of(now.bundle())
        : Optional.empty();
  }

  private Loaded current() {
    if (closed) {
      throw new SvidUnavailableException("the SVID source for " + dir + " is closed");
    }
    Loaded now = loaded;
    List<Stamp> stamps;
    try {
      stamps = stamps(files);
    } catch (IOException e) {
      return now; // a file is briefly absent during replacement; keep the last good SVID
    }
    if (stamps.equals(now.stamps())) {
      return now;
    }
    synchronized (this) {
      now = loaded;
      if (stamps.equals(now.stamps())) {
        return now;
      }
      try {
        Loaded fresh = load(dir);
        loaded = fresh;
        log.log(
            System.Logger.Level.INFO,
            "SVID reloaded from {0}: {1} (expires {2})",
            dir,
            fresh.svid().spiffeId(),
            fresh.svid().expiresAt());
        return fresh;
      } catch (IOException | GeneralSecurityException e) {
        log.log(
            System.Logger.Level.WARNING,
            "SVID files in {0} changed but do not load yet; keeping the previous SVID: {1}",
            dir,
            e.getMessage());
        return now;
      }
    }
  }

  private static List<Path> files(Path dir) {
    return List.of(dir.resolve(SVID_FILE), dir.resolve(KEY_FILE), dir.resolve(BUNDLE_FILE));
  }

  private static List<Stamp> stamps(List<Path> files) throws IOException {
    return List.of(stamp(files.get(0)), stamp(files.get(1)), stamp(files.get(2)));
  }

  private static Stamp stamp(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return new Stamp(
        Objects.requireNonNullElse(a.fileKey(), file.toString()),
        a.size(),
        a.lastModifiedTime().toInstant());
  }

  /**
   * Loads, retrying briefly while a rotation replaces the key and certificate one after the other.
   */
  private static Loaded loadSettled(Path dir) throws IOException, GeneralSecurityException {
    for (int attempt = 0; ; attempt++) {
      try {
        return load(dir);
      } catch (GeneralSecurityException e) {
        if (attempt >= 5) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static Loaded load(Path dir) throws IOException, GeneralSecurityException {
    List<Stamp> before = stamps(files(dir));
    List<X509Certificate> chain =
        Pem.decodeCertificates(Files.readAllBytes(dir.resolve(SVID_FILE)), SVID_FILE);
    byte[] keyPem = Files.readAllBytes(dir.resolve(KEY_FILE));
    PrivateKey key;
    try {
      key = Pem.decodePrivateKey(keyPem, KEY_FILE);
    } finally {
      Arrays.fill(keyPem, (byte) 0);
    }
    List<X509Certificate> bundle =
        Pem.decodeCertificates(Files.readAllBytes(dir.resolve(BUNDLE_FILE)), BUNDLE_FILE);
    X509Svid svid = new X509Svid(chain, key);
    KeyPairs.requireMatch(svid.leaf().getPublicKey(), key, SVID_FILE + " and " + KEY_FILE);
    return new Loaded(before, svid, bundle);
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "FileSvidSource[" + dir + "]";
  }
}
