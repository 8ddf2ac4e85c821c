package ist.spike.nexus.rootkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RestoreSessionTest {
  /** A stand-in shard: an id and a flag recording whether it was destroyed. */
  static final class FakeShard {
    final int id;
    final boolean good;
    boolean destroyed;

    FakeShard(int id, boolean good) {
      this.id = id;
      this.good = good;
    }
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MutableClock clock = new MutableClock();
  final AtomicBoolean keyPresent = new AtomicBoolean();
  final List<List<Integer>> rebuilds = new ArrayList<>();

  RestoreSession<FakeShard> session(int threshold) {
    return new RestoreSession<>(
        threshold,
        Duration.ofMinutes(15),
        clock,
        s -> s.id,
        s -> s.destroyed = true,
        keyPresent::get,
        shards -> {
          rebuilds.add(shards.stream().map(s -> s.id).toList());
          assertThat(shards).noneMatch(s -> s.destroyed);
          if (shards.stream().anyMatch(s -> !s.good)) {
            throw new RestoreRefusedException("wrong shard set");
          }
          keyPresent.set(true);
        });
  }

  @Test
  void submit_belowThreshold_reportsCollectedAndRemaining() throws Exception {
    RestoreSession<FakeShard> s = session(2);
    assertThat(s.submit(new FakeShard(1, true))).isEqualTo(new RestoreProgress(1, 1, false));
    assertThat(rebuilds).isEmpty();
  }

  @Test
  void submit_duplicateId_isIgnoredAndDestroyed() throws Exception {
    RestoreSession<FakeShard> s = session(2);
    s.submit(new FakeShard(1, true));
    FakeShard dup = new FakeShard(1, true);
    assertThat(s.submit(dup)).isEqualTo(new RestoreProgress(1, 1, false));
    assertThat(dup.destroyed).isTrue();
  }

  @Test
  void submit_atThreshold_rebuildsAndDestroysEveryShard() throws Exception {
    RestoreSession<FakeShard> s = session(2);
    FakeShard a = new FakeShard(3, true);
    FakeShard b = new FakeShard(1, true);
    s.submit(a);
    assertThat(s.submit(b)).isEqualTo(new RestoreProgress(2, 0, true));
    assertThat(rebuilds).containsExactly(List.of(3, 1));
    assertThat(a.destroyed).isTrue();
    assertThat(b.destroyed).isTrue();
  }

  @Test
  void submit_wrongSet_refusesDiscardsAndAllowsStartingOver() throws Exception {
    RestoreSession<FakeShard> s = session(2);
    FakeShard bad = new FakeShard(2, false);
    s.submit(new FakeShard(1, true));
    assertThatThrownBy(() -> s.submit(bad)).isInstanceOf(RestoreRefusedException.class);
    assertThat(bad.destroyed).isTrue();
    assertThat(s.progress()).isEqualTo(new RestoreProgress(0, 2, false));
    s.submit(new FakeShard(1, true));
    assertThat(s.submit(new FakeShard(2, true)).restored()).isTrue();
  }

  @Test
  void submit_afterIdleTimeout_startsANewCollection() throws Exception {
    RestoreSession<FakeShard> s = session(3);
    FakeShard old = new FakeShard(1, true);
    s.submit(old);
    clock.now = clock.now.plus(Duration.ofMinutes(15));
    assertThat(s.submit(new FakeShard(2, true))).isEqualTo(new RestoreProgress(1, 2, false));
    assertThat(old.destroyed).isTrue();
  }

  @Test
  void submit_whenKeyAlreadyPresent_reportsIgnoredAndDestroysShard() throws Exception {
    keyPresent.set(true);
    RestoreSession<FakeShard> s = session(2);
    FakeShard shard = new FakeShard(1, true);
    assertThat(s.submit(shard)).isEqualTo(new RestoreProgress(0, 0, true, true));
    assertThat(shard.destroyed).isTrue();
    assertThat(rebuilds).isEmpty();
  }

  @Property(tries = 300)
  void submit_anySequence_neverExceedsThresholdAndDestroysEverythingItDrops(
      @ForAll @IntRange(min = 1, max = 5) int threshold,
      @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 7) Integer> ids) {
    keyPresent.set(false);
    rebuilds.clear();
    RestoreSession<FakeShard> s = session(threshold);
    List<FakeShard> all = new ArrayList<>();
    Set<Integer> distinct = new HashSet<>();
    for (int id : ids) {
      FakeShard shard = new FakeShard(id, true);
      all.add(shard);
      RestoreProgress p;
      try {
        p = s.submit(shard);
      } catch (RestoreRefusedException e) {
        throw new AssertionError(e);
      }
      distinct.add(id);
      if (p.ignored()) {
        assertThat(p).isEqualTo(new RestoreProgress(0, 0, true, true));
        assertThat(shard.destroyed).as("an ignored shard is destroyed").isTrue();
        continue;
      }
      assertThat(p.collected() + p.remaining()).isEqualTo(threshold);
      if (!keyPresent.get()) {
        assertThat(p.collected()).isEqualTo(distinct.size());
      }
    }
    if (keyPresent.get()) {
      assertThat(rebuilds).hasSize(1);
      assertThat(all).allMatch(sh -> sh.destroyed);
    }
  }
}
