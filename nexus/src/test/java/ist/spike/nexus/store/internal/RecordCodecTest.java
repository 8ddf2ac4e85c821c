package ist.spike.nexus.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.SecretSettings;
import ist.spike.nexus.store.VersionState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

final class RecordCodecTest {
  static final Instant T = Instant.parse("2026-01-02T03:04:05.123456789Z");
  final RecordCodec codec = new RecordCodec();

  @Test
  void decodeIndex_formatOneWrittenBeforeSettings_readsWithDefaults() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(2); // current
      out.writeInt(1); // oldest
      instant(out, T);
      instant(out, T);
      out.writeInt(10);
      out.writeInt(2);
      out.writeInt(1);
      instant(out, T);
      out.writeBoolean(true);
      instant(out, T);
      out.writeInt(2);
      instant(out, T);
      out.writeBoolean(false);
    }
    SecretIndex index = codec.decodeIndex("p", bytes.toByteArray());
    assertThat(index.settings()).isEqualTo(SecretSettings.DEFAULT);
    assertThat(index.versions().get(1).deletedTime()).hasValue(T);
    assertThat(index.versions().get(1).destroyed()).isFalse();
    assertThat(index.versions().get(2).isDeleted()).isFalse();
  }

  @Test
  void encodeDecodeIndex_settingsAndDestroyedRoundTrip() {
    TreeMap<Integer, VersionState> versions = new TreeMap<>();
    versions.put(3, new VersionState(3, T, Optional.of(T), true));
    versions.put(4, new VersionState(4, T, Optional.empty()));
    SecretSettings settings =
        new SecretSettings(Map.of("owner", "ops", "ünï", "cödé"), true, Duration.ofSeconds(5400));
    SecretIndex index = new SecretIndex("p", 4, 4, T, T, 7, versions, settings);
    SecretIndex back = codec.decodeIndex("p", codec.encodeIndex(index));
    assertThat(back).isEqualTo(index);
  }

  private static void instant(DataOutputStream out, Instant t) throws Exception {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }
}
