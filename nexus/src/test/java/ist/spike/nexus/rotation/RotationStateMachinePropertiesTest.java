package ist.spike.nexus.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.nexus.rotation.RotationStateMachine.RestartAction;
import ist.spike.nexus.rotation.RotationStateMachine.Wrap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Drives the rotation rules through a model of Nexus, its Keepers, its store and the operator's
 * recovery files, with crashes ({@code kill -9}: Nexus forgets every key) at random points. After
 * every crash the keys a restart can obtain (a Keeper quorum of one generation, else the operator's
 * files, then whatever the store holds sealed under those) must open every stored row; after the
 * last crash the rotation must finish with every row under the new generation.
 */
class RotationStateMachinePropertiesTest {

  enum Action {
    START,
    STEP,
    WRITE,
    CRASH
  }

  /** The world: what survives a crash (store, Keepers, files) and what does not (memory). */
  static final class World {
    final int threshold;
    final int[] keeperGen;
    final List<Integer> rows = new ArrayList<>();
    final Set<Wrap> wraps = new HashSet<>();
    Optional<Rotation> rotation = Optional.empty();
    int active = 1;
    int fileGen = 1;
    int completed;

    World(int keepers, int threshold) {
      this.threshold = threshold;
      this.keeperGen = new int[keepers];
      java.util.Arrays.fill(keeperGen, 1);
    }

    boolean running() {
      return rotation.isPresent() && rotation.get().running();
    }

    int writeGeneration() {
      return running() ? RotationStateMachine.writeGeneration(rotation.get()) : active;
    }

    /** Records a phase only after the sealed keys it requires are stored. */
    void record(Rotation r) {
      assertThat(wraps).containsAll(RotationStateMachine.requiredWraps(r));
      rotation = Optional.of(r);
      wraps.retainAll(union(RotationStateMachine.requiredWraps(r), retiredWraps(r)));
    }

    Set<Wrap> retiredWraps(Rotation r) {
      Set<Wrap> keep = new HashSet<>();
      for (Wrap w : wraps) {
        if (w.sealed() < r.from()) {
          keep.add(w);
        }
      }
      return keep;
    }

    void start() throws RotationInProgressException {
      Rotation r = RotationStateMachine.start(rotation, active);
      wraps.addAll(RotationStateMachine.requiredWraps(r));
      record(r);
    }

    void step() {
      if (!running()) {
        return;
      }
      Rotation r = rotation.get();
      switch (r.phase()) {
        case PENDING -> {
          Rotation next = RotationStateMachine.advance(r);
          wraps.addAll(RotationStateMachine.requiredWraps(next));
          record(next);
        }
        case DELIVERING -> {
          for (int i = 0; i < keeperGen.length; i++) {
            if (keeperGen[i] != r.to()) {
              keeperGen[i] = r.to();
              return;
            }
          }
          record(RotationStateMachine.advance(r));
        }
        case RESEALING -> {
          int old = rows.indexOf(r.from());
          if (old >= 0) {
            rows.set(old, r.to());
            return;
          }
          Rotation done = RotationStateMachine.advance(r);
          wraps.addAll(RotationStateMachine.requiredWraps(done));
          active = done.to();
          record(done);
          completed++;
          // The operator is told to run recover again and does.
          fileGen = active;
        }
        case DONE -> throw new AssertionError("not running");
      }
    }

    /** kill -9 and restart: only the store, the Keepers and the operator's files survive. */
    Set<Integer> crashAndRestart() throws SupersededRecoveryException {
      Set<Integer> keys = new HashSet<>();
      for (int g : new HashSet<>(asList(keeperGen))) {
        if (asList(keeperGen).stream().filter(x -> x == g).count() >= threshold) {
          keys.add(g);
        }
      }
      if (keys.isEmpty()) {
        RotationStateMachine.checkRecoveryGeneration(rotation, active, fileGen);
        keys.add(fileGen);
      }
      boolean grew = true;
      while (grew) {
        grew = false;
        for (Wrap w : wraps) {
          if (keys.contains(w.under()) && keys.add(w.sealed())) {
            grew = true;
          }
        }
      }
      if (rotation.isPresent()) {
        Rotation r = rotation.get();
        RestartAction action = RotationStateMachine.onRestart(r);
        if (action == RestartAction.ROLL_BACK) {
          assertThat(asList(keeperGen)).as("nothing was delivered").containsOnly(r.from());
          assertThat(rows).as("nothing was sealed under the new key").doesNotContain(r.to());
          wraps.remove(new Wrap(r.to(), r.from()));
          rotation = Optional.empty();
        }
      }
      return keys;
    }
  }

  static List<Integer> asList(int[] a) {
    List<Integer> out = new ArrayList<>();
    for (int x : a) {
      out.add(x);
    }
    return out;
  }

  static <T> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

  @Provide
  Arbitrary<List<Action>> actions() {
    return Arbitraries.of(Action.class).list().ofMinSize(1).ofMaxSize(80);
  }

  @Property(tries = 400)
  void anyCrashPoint_everyRowStaysOpenableAndTheRotationFinishes(
      @ForAll @IntRange(min = 1, max = 5) int keepers,
      @ForAll @IntRange(min = 1, max = 5) int thresholdWish,
      @ForAll("actions") List<Action> actions)
      throws Exception {
    int threshold = Math.min(keepers, thresholdWish);
    World w = new World(keepers, threshold);
    for (int i = 0; i < 3; i++) {
      w.rows.add(1);
    }
    for (Action a : actions) {
      switch (a) {
        case START -> {
          if (w.running()) {
            Rotation running = w.rotation.get();
            assertThatThrownBy(w::start)
                .isInstanceOf(RotationInProgressException.class)
                .hasMessageContaining("already running");
            assertThat(w.rotation).contains(running);
          } else {
            w.start();
          }
        }
        case STEP -> w.step();
        case WRITE -> w.rows.add(w.writeGeneration());
        case CRASH -> {
          Set<Integer> keys = w.crashAndRestart();
          assertThat(keys).as("keys a restart can obtain").containsAll(w.rows);
          if (w.running()) {
            assertThat(keys).contains(w.rotation.get().from(), w.rotation.get().to());
          }
        }
      }
    }
    int startedFrom = w.active;
    boolean wasRunning = w.running();
    w.crashAndRestart();
    for (int i = 0; i < 200 && w.running(); i++) {
      w.step();
    }
    assertThat(w.running()).as("the rotation finishes after a restart").isFalse();
    assertThat(w.rows).containsOnly(w.active);
    assertThat(asList(w.keeperGen)).containsOnly(w.active);
    if (wasRunning && w.active > startedFrom) {
      assertThat(w.completed).isPositive();
    }
    if (w.completed > 0) {
      int old = w.active - 1;
      assertThatThrownBy(
              () -> RotationStateMachine.checkRecoveryGeneration(w.rotation, w.active, old))
          .isInstanceOf(SupersededRecoveryException.class)
          .hasMessageContaining("superseded by a rotation to generation " + w.active)
          .hasMessageContaining("spike operator recover");
    }
    RotationStateMachine.checkRecoveryGeneration(w.rotation, w.active, w.fileGen);
  }

  @Property(tries = 50)
  void phases_goInOrderAndEndDone(@ForAll @IntRange(min = 1, max = 1000) int from)
      throws Exception {
    Rotation r = RotationStateMachine.start(Optional.empty(), from);
    List<RotationPhase> seen = new ArrayList<>();
    seen.add(r.phase());
    while (r.running()) {
      r = RotationStateMachine.advance(r);
      seen.add(r.phase());
    }
    assertThat(seen).containsExactly(RotationPhase.values());
    assertThat(r.to()).isEqualTo(from + 1);
    Rotation done = r;
    assertThatThrownBy(() -> RotationStateMachine.advance(done))
        .isInstanceOf(IllegalStateException.class);
    assertThat(RotationStateMachine.start(Optional.of(done), done.to()).from())
        .as("a finished rotation does not block the next")
        .isEqualTo(done.to());
  }

  @Test
  void writeGeneration_switchesOnlyOnceEveryKeeperHoldsTheNewKey() {
    Rotation r = new Rotation(4, 5, RotationPhase.PENDING);
    assertThat(RotationStateMachine.writeGeneration(r)).isEqualTo(4);
    assertThat(RotationStateMachine.writeGeneration(r.in(RotationPhase.DELIVERING))).isEqualTo(4);
    assertThat(RotationStateMachine.writeGeneration(r.in(RotationPhase.RESEALING))).isEqualTo(5);
  }

  @Test
  void recoveryFiles_ofTheOldGenerationWorkWhileRunningAndAreRefusedAfter() throws Exception {
    Rotation delivering = new Rotation(1, 2, RotationPhase.DELIVERING);
    RotationStateMachine.checkRecoveryGeneration(Optional.of(delivering), 1, 1);
    RotationStateMachine.checkRecoveryGeneration(Optional.of(delivering), 1, 2);
    Rotation pending = new Rotation(1, 2, RotationPhase.PENDING);
    assertThatThrownBy(
            () -> RotationStateMachine.checkRecoveryGeneration(Optional.of(pending), 1, 2))
        .isInstanceOf(SupersededRecoveryException.class);
    Rotation done = new Rotation(1, 2, RotationPhase.DONE);
    assertThatThrownBy(() -> RotationStateMachine.checkRecoveryGeneration(Optional.of(done), 2, 1))
        .isInstanceOf(SupersededRecoveryException.class)
        .hasMessage(
            "these recovery shards belong to root-key generation 1, which was superseded by a"
                + " rotation to generation 2; use the files from `spike operator recover` run"
                + " after that rotation");
  }

  @Test
  void rotation_refusesAJumpOrGenerationZero() {
    assertThatThrownBy(() -> new Rotation(1, 3, RotationPhase.PENDING))
        .hasMessage("a rotation goes to the next generation: from 1 to 3");
    assertThatThrownBy(() -> new Rotation(0, 1, RotationPhase.PENDING))
        .hasMessage("generation must be >= 1, was 0");
  }
}
