package ist.spike.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.identity.dev.DevTrustDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSvidSourceTest {
  @TempDir Path dir;

  @Test
  void open_devSvid_exposesIdAndOwnBundleOnly() {
    DevTrustDomain td = DevTrustDomain.create(dir);
    try (FileSvidSource source = td.sourceFor(SpikeRole.KEEPER)) {
      assertThat(source.svid().spiffeId()).isEqualTo(td.idOf(SpikeRole.KEEPER));
      assertThat(source.bundleFor("spike.ist")).contains(java.util.List.of(td.ca().certificate()));
      assertThat(source.bundleFor("other.example")).isEmpty();
    }
  }

  @Test
  void open_missingFiles_throwsNamingDirectoryAndFiles() {
    assertThatThrownBy(() -> FileSvidSource.open(dir.resolve("nothing")))
        .isInstanceOf(SvidUnavailableException.class)
        .hasMessageContaining("nothing")
        .hasMessageContaining("svid.pem");
  }

  @Test
  void svid_filesRotated_returnsNewSvid() {
    DevTrustDomain td = DevTrustDomain.create(dir);
    SpiffeId id = td.id("workload/app");
    try (FileSvidSource source = td.sourceFor(id)) {
      X509Svid first = source.svid();

      td.rotate(id, Duration.ofMinutes(5));

      X509Svid second = source.svid();
      assertThat(second.leaf().getSerialNumber()).isNotEqualTo(first.leaf().getSerialNumber());
      assertThat(source.svid()).isSameAs(second);
    }
  }

  @Test
  void svid_keyReplacedWithoutCertificate_keepsPreviousSvid() throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir);
    SpiffeId id = td.id("workload/app");
    Path svidDir = td.svidDirFor(id);
    try (FileSvidSource source = FileSvidSource.open(svidDir)) {
      X509Svid first = source.svid();
      Path other = td.rotate(td.id("workload/other"), Duration.ofMinutes(5));
      Files.copy(
          other.resolve(FileSvidSource.KEY_FILE),
          svidDir.resolve(FileSvidSource.KEY_FILE),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);

      assertThat(source.svid()).isSameAs(first);
    }
  }

  @Test
  void svid_afterClose_throws() {
    DevTrustDomain td = DevTrustDomain.create(dir);
    FileSvidSource source = td.sourceFor(SpikeRole.NEXUS);
    source.close();
    assertThatThrownBy(source::svid).isInstanceOf(SvidUnavailableException.class);
  }

  @Test
  void toString_doesNotRevealKey() {
    DevTrustDomain td = DevTrustDomain.create(dir);
    try (FileSvidSource source = td.sourceFor(SpikeRole.NEXUS)) {
      X509Svid svid = source.svid();
      assertThat(svid.toString())
          .startsWith("X509Svid[spiffe://spike.ist/spike/nexus, expires ")
          .doesNotContain("PRIVATE")
          .doesNotContain(
              java.util.HexFormat.of().formatHex(svid.privateKey().getEncoded()).substring(0, 16));
    }
  }
}
