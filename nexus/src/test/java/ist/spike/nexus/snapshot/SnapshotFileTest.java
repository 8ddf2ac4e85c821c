package ist.spike.nexus.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.SealedRow;
import ist.spike.nexus.store.StoreExport;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

final class SnapshotFileTest {
  static final StoreExport EXPORT =
      new StoreExport(
          Instant.parse("2026-05-01T00:00:00Z"),
          new byte[] {1, 2, 3, 4},
          List.of(
              new SealedRow.Index("a", new byte[] {9, 9}),
              new SealedRow.Values("a", 1, new byte[] {7, 7, 7}),
              new SealedRow.Values("a", 2, new byte[] {6}),
              new SealedRow.Policy("ops", new byte[] {5, 5})));

  static byte[] file() throws Exception {
    return SnapshotFile.toBytes(EXPORT, BackendKind.SQLITE);
  }

  @Test
  void writeThenRead_sameRowsAndManifestCounts() throws Exception {
    SnapshotFile.Contents c = SnapshotFile.read(new ByteArrayInputStream(file()));
    assertThat(c.manifest().secrets()).isEqualTo(1);
    assertThat(c.manifest().versions()).isEqualTo(2);
    assertThat(c.manifest().policies()).isEqualTo(1);
    assertThat(c.manifest().keyCheck()).isEqualTo("01020304");
    assertThat(c.manifest().takenAt()).isEqualTo("2026-05-01T00:00:00Z");
    assertThat(c.manifest().sha256()).hasSize(64);
    assertThat(c.keyCheck()).containsExactly(1, 2, 3, 4);
    assertThat(c.rows()).hasSize(4);
    assertThat(((SealedRow.Values) c.rows().get(1)).sealed()).containsExactly(7, 7, 7);
  }

  /** Any one changed byte anywhere in the file is refused, whatever the byte. */
  @Property(tries = 300)
  void read_anyFlippedByte_refused(
      @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll @IntRange(min = 1, max = 255) int x)
      throws Exception {
    byte[] f = file();
    f[at % f.length] ^= (byte) x;
    assertThatThrownBy(() -> SnapshotFile.read(new ByteArrayInputStream(f)))
        .isInstanceOf(InvalidSnapshotException.class);
  }

  @Test
  void read_truncated_refusedAsTruncated() throws Exception {
    byte[] f = file();
    byte[] cut = Arrays.copyOf(f, f.length - 10);
    assertThatThrownBy(() -> SnapshotFile.read(new ByteArrayInputStream(cut)))
        .isInstanceOf(InvalidSnapshotException.class)
        .isInstanceOf(InvalidSnapshotException.class);
  }

  @Test
  void read_trailingBytes_refused() throws Exception {
    byte[] f = file();
    byte[] longer = Arrays.copyOf(f, f.length + 1);
    assertThatThrownBy(() -> SnapshotFile.read(new ByteArrayInputStream(longer)))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("bytes follow it");
  }

  @Test
  void read_notASnapshot_refused() {
    assertThatThrownBy(() -> SnapshotFile.read(new ByteArrayInputStream("{}".getBytes())))
        .isInstanceOf(InvalidSnapshotException.class);
  }
}
