package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The in-process Bootstrap claim (SQLite, lite, memory): one holder, renewed lease (ADR-0095). */
class LocalClusterStateTest {
  static final Duration LEASE = Duration.ofSeconds(10);

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** One step: {@code seconds} pass, then run {@code token} (0..2) asks for the claim. */
  record Step(int seconds, int token) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 25), Arbitraries.integers().between(0, 2))
        .as(Step::new)
        .list()
        .ofMaxSize(40);
  }

  /**
   * Against a model: a claim is granted to a run exactly when nobody holds it, the run holds it
   * already, or the holder's last grant is older than the lease; a grant renews it.
   */
  @Property
  void claim_behavesAsALeaseRenewedByItsHolder(@ForAll("steps") List<Step> steps) {
    MutableClock clock = new MutableClock();
    LocalClusterState state = new LocalClusterState(() -> false, clock, LEASE);
    String holder = null;
    Instant renewed = null;
    for (Step s : steps) {
      clock.now = clock.now.plusSeconds(s.seconds());
      String token = String.format("%032x", s.token());
      boolean expected =
          holder == null || holder.equals(token) || renewed.plus(LEASE).isBefore(clock.now);
      assertThat(state.claimBootstrap(token)).as("step %s", s).isEqualTo(expected);
      if (expected) {
        holder = token;
        renewed = clock.now;
      }
    }
  }

  @Test
  void holderRenewingWithinTheLease_keepsTheClaimPastSeveralLeases() {
    MutableClock clock = new MutableClock();
    LocalClusterState state = new LocalClusterState(() -> false, clock, LEASE);
    assertThat(state.claimBootstrap("a")).isTrue();
    for (int i = 0; i < 5; i++) {
      clock.now = clock.now.plus(LEASE.minusSeconds(1));
      assertThat(state.claimBootstrap("b")).isFalse();
      assertThat(state.claimBootstrap("a")).isTrue();
    }
    clock.now = clock.now.plus(LEASE).plusSeconds(1);
    assertThat(state.claimBootstrap("b")).as("lapsed: taken over").isTrue();
    assertThat(state.claimBootstrap("a")).isFalse();
  }
}
