package ist.spike.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.client.error.SpikeConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SecretCacheTest {
  static final Duration TTL = Duration.ofSeconds(10);

  final AtomicLong now = new AtomicLong(1_000);
  final AtomicInteger loads = new AtomicInteger();
  final AtomicReference<String> value = new AtomicReference<>("v1");
  final AtomicReference<Boolean> down = new AtomicReference<>(false);

  SecretCache cache(int maxEntries) {
    return new SecretCache(
        TTL,
        maxEntries,
        path -> {
          loads.incrementAndGet();
          if (down.get()) {
            throw new SpikeConnectionException("Nexus is down", null, 0, null);
          }
          return Optional.of(Map.of("password", value.get()));
        },
        now::get,
        false);
  }

  @Test
  void get_withinTtl_servesTheCachedAnswerWithoutAskingNexus() throws Exception {
    try (SecretCache c = cache(10)) {
      assertThat(c.get("db")).contains(Map.of("password", "v1"));
      value.set("v2");
      now.addAndGet(TTL.toNanos() - 1);

      assertThat(c.get("db")).contains(Map.of("password", "v1"));
      assertThat(loads).hasValue(1);
    }
  }

  @Test
  void get_afterTtl_readsNexusAgain() throws Exception {
    try (SecretCache c = cache(10)) {
      c.get("db");
      value.set("v2");
      now.addAndGet(TTL.toNanos());

      assertThat(c.get("db")).contains(Map.of("password", "v2"));
      assertThat(loads).hasValue(2);
    }
  }

  @Test
  void refreshAll_nexusDown_keepsTheAnswerUntilItExpires_thenGetReportsTheFailure()
      throws Exception {
    try (SecretCache c = cache(10)) {
      c.get("db");
      down.set(true);
      now.addAndGet(TTL.toNanos() / 2);
      c.refreshAll();

      assertThat(c.get("db")).contains(Map.of("password", "v1"));

      now.addAndGet(TTL.toNanos());
      assertThatThrownBy(() -> c.get("db")).isInstanceOf(SpikeConnectionException.class);
    }
  }

  @Test
  void refreshAll_updatesCachedPaths() throws Exception {
    try (SecretCache c = cache(10)) {
      c.get("db");
      value.set("v2");
      c.refreshAll();

      assertThat(c.get("db")).contains(Map.of("password", "v2"));
      assertThat(loads).hasValue(2);
    }
  }

  @Test
  void invalidate_nextGetReadsNexus() throws Exception {
    try (SecretCache c = cache(10)) {
      c.get("db");
      value.set("v2");
      c.invalidate("db");

      assertThat(c.get("db")).contains(Map.of("password", "v2"));
    }
  }

  @Test
  void get_answersAreCopies_callersCannotChangeTheCache() throws Exception {
    try (SecretCache c = cache(10)) {
      c.get("db").orElseThrow().put("password", "changed");

      assertThat(c.get("db")).contains(Map.of("password", "v1"));
    }
  }

  @Test
  void close_dropsEveryAnswer() throws Exception {
    SecretCache c = cache(10);
    c.get("db");
    c.close();
    assertThat(c.size()).isZero();
  }

  @Test
  void constructor_nonPositiveTtl_rejected() {
    assertThatThrownBy(
            () -> new SecretCache(Duration.ZERO, 1, p -> Optional.empty(), System::nanoTime, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache TTL must be positive");
  }

  @Property(tries = 50)
  void size_neverExceedsTheBound(
      @ForAll @IntRange(min = 1, max = 8) int maxEntries,
      @ForAll @IntRange(min = 0, max = 40) int paths)
      throws Exception {
    try (SecretCache c = cache(maxEntries)) {
      for (int i = 0; i < paths; i++) {
        c.get("p" + i);
        assertThat(c.size()).isLessThanOrEqualTo(maxEntries);
      }
    }
  }
}
