package ist.spike.identity.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.IdentityConfigException;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.X509Svid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCaTest {
  @TempDir Path dir;

  @Test
  void loadOrCreate_newDirectory_ownerOnlyPermissions() throws Exception {
    Path caDir = dir.resolve("ca");
    DevCa.loadOrCreate(caDir, "spike.ist");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(caDir.resolve(DevCa.CA_KEY_FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void loadOrCreate_existing_reusesSameCa() {
    DevCa first = DevCa.loadOrCreate(dir.resolve("ca"), "spike.ist");
    DevCa second = DevCa.loadOrCreate(dir.resolve("ca"), "spike.ist");

    assertThat(second.certificate()).isEqualTo(first.certificate());
  }

  @Test
  void loadOrCreate_otherTrustDomain_throws() {
    DevCa.loadOrCreate(dir.resolve("ca"), "spike.ist");
    assertThatThrownBy(() -> DevCa.loadOrCreate(dir.resolve("ca"), "other.example"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessageContaining("is for trust domain spike.ist, not other.example");
  }

  @Test
  void load_sharedDirectory_refused() throws Exception {
    Path caDir = dir.resolve("ca");
    DevCa.loadOrCreate(caDir, "spike.ist");
    Files.setPosixFilePermissions(caDir, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> DevCa.load(caDir))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessageContaining("chmod 700");
  }

  @Test
  void issue_svid_onlyUriSanNoSubjectNoDns() throws Exception {
    DevCa ca = DevCa.loadOrCreate(dir.resolve("ca"), "spike.ist");
    X509Svid svid = ca.issue(SpiffeId.parse("spiffe://spike.ist/app/demo"), Duration.ofHours(1));
    X509Certificate leaf = svid.leaf();

    assertThat(leaf.getSubjectAlternativeNames())
        .containsExactly(List.of(6, "spiffe://spike.ist/app/demo"));
    assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
    assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.17");
    assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(Duration.between(Instant.now(), leaf.getNotAfter().toInstant()))
        .isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
    leaf.verify(ca.certificate().getPublicKey());
  }

  @Test
  void issue_otherTrustDomain_throws() {
    DevCa ca = DevCa.loadOrCreate(dir.resolve("ca"), "spike.ist");
    assertThatThrownBy(
            () -> ca.issue(SpiffeId.parse("spiffe://evil.example/app"), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not evil.example");
  }

  @Test
  void issue_nonPositiveTtl_throws() {
    DevCa ca = DevCa.loadOrCreate(dir.resolve("ca"), "spike.ist");
    assertThatThrownBy(() -> ca.issue(SpiffeId.parse("spiffe://spike.ist/app"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writeSvid_filesOwnerOnlyAndLoadable() throws Exception {
    DevCa ca = DevCa.loadOrCreate(dir.resolve("ca"), "spike.ist");
    Path out = dir.resolve("out");
    ca.writeSvid(SpiffeId.parse("spiffe://spike.ist/app/demo"), Duration.ofHours(1), out);

    for (String file :
        List.of(FileSvidSource.SVID_FILE, FileSvidSource.KEY_FILE, FileSvidSource.BUNDLE_FILE)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(file))))
          .as(file)
          .isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
        .isEqualTo("rwx------");
    try (java.util.stream.Stream<Path> leftovers = Files.list(out)) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              FileSvidSource.SVID_FILE, FileSvidSource.KEY_FILE, FileSvidSource.BUNDLE_FILE);
    }
    try (FileSvidSource source = FileSvidSource.open(out)) {
      assertThat(source.svid().spiffeId()).hasToString("spiffe://spike.ist/app/demo");
    }
  }

  /**
   * Two writers of one SVID directory at once (two threads minting the same ID, as a test's opening
   * thread and its main thread did) must not leave one's key beside the other's certificate: every
   * reader after that would be refused for good (the pilot's EarlyClientTest failed so under load).
   */
  @Test
  void write_severalWritersAtOnce_leaveAKeyAndCertificateThatBelongTogether() throws Exception {
    DevCa ca = DevCa.loadOrCreate(dir.resolve("ca"), "spike.ist");
    SpiffeId id = SpiffeId.parse("spiffe://spike.ist/app/demo");
    List<X509Svid> svids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      svids.add(ca.issue(id, Duration.ofHours(1)));
    }
    for (int round = 0; round < 25; round++) {
      Path out = dir.resolve("out" + round);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> writers = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (X509Svid svid : svids) {
        writers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        go.await();
                        ca.write(svid, out);
                      } catch (Exception | Error e) {
                        failures.add(e);
                      }
                    }));
      }
      go.countDown();
      for (Thread t : writers) {
        t.join();
      }
      assertThat(failures).isEmpty();
      try (FileSvidSource source = FileSvidSource.open(out)) {
        assertThat(source.svid().spiffeId()).isEqualTo(id);
      }
    }
  }
}
