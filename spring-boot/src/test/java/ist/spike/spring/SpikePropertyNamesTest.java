package ist.spike.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SpikePropertyNamesTest {
  static final Map<String, String> DB = Map.of("password", "p", "user", "u");

  @Test
  void of_noPrefix_namesEachKeyAsStoredAndUnderTheLastSegment() {
    assertThat(SpikePropertyNames.of("secrets/db", null).apply(DB))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("password", "p", "user", "u", "db.password", "p", "db.user", "u"));
  }

  @Test
  void of_noPrefix_singleSegmentOrTrailingSlash_usesThatSegment() {
    assertThat(SpikePropertyNames.of("db", null).apply(DB)).containsEntry("db.password", "p");
    assertThat(SpikePropertyNames.of("apps/db/", null).apply(DB)).containsEntry("db.user", "u");
  }

  @Test
  void of_noPrefix_keyAsStoredWinsOverTheSegmentName() {
    Map<String, String> secret = Map.of("password", "short", "db.password", "explicit");

    assertThat(SpikePropertyNames.of("secrets/db", null).apply(secret))
        .containsEntry("db.password", "explicit")
        .containsEntry("password", "short")
        .containsEntry("db.db.password", "explicit");
  }

  @Test
  void of_prefix_namesEachKeyOnceWithIt() {
    assertThat(SpikePropertyNames.of("secrets/db", "database.").apply(DB))
        .containsExactlyInAnyOrderEntriesOf(Map.of("database.password", "p", "database.user", "u"));
  }

  @Test
  void of_emptyPrefix_namesTheKeysAsStoredOnly() {
    assertThat(SpikePropertyNames.of("secrets/db", "").apply(DB)).isEqualTo(DB);
  }

  @Test
  void propertySource_toString_doesNotRevealValues() {
    SpikePropertySource source =
        new SpikePropertySource("secrets/db", SpikePropertyNames.of("secrets/db", null), DB);

    assertThat(source.toString()).isEqualTo("SpikePropertySource[spike:secrets/db, 4 names]");
    assertThat(source.getProperty("db.password")).isEqualTo("p");
  }
}
