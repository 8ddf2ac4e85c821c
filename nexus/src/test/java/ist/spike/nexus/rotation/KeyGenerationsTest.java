package ist.spike.nexus.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.nexus.rotation.RotationStateMachine.Wrap;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class KeyGenerationsTest {
  private static final byte[] CHECK_1 = {1, 1, 1};
  private static final byte[] CHECK_2 = {2, 2, 2};
  private static final byte[] NEXT_UNDER_OLD = {10, 11};
  private static final byte[] OLD_UNDER_NEXT = {20, 21};

  static KeyGenerations throughPhase(RotationPhase last) throws Exception {
    KeyGenerations g = KeyGenerations.initial(CHECK_1);
    Rotation r = RotationStateMachine.start(g.rotation(), g.active());
    g = g.record(r, Map.of(new Wrap(2, 1), NEXT_UNDER_OLD), CHECK_2);
    while (r.phase() != last) {
      r = RotationStateMachine.advance(r);
      g = g.record(r, Map.of(new Wrap(1, 2), OLD_UNDER_NEXT), CHECK_2);
    }
    return g;
  }

  @Test
  void fullRotation_activeMovesAtDone_onlyTheOldKeyUnderTheNewStays() throws Exception {
    KeyGenerations resealing = throughPhase(RotationPhase.RESEALING);
    assertThat(resealing.active()).isEqualTo(1);
    assertThat(resealing.wraps()).containsExactlyInAnyOrder(new Wrap(2, 1), new Wrap(1, 2));
    KeyGenerations done = throughPhase(RotationPhase.DONE);
    assertThat(done.active()).isEqualTo(2);
    assertThat(done.wraps()).containsExactly(new Wrap(1, 2));
    assertThat(done.wrapped(new Wrap(1, 2)))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(OLD_UNDER_NEXT));
    assertThat(done.generationOf(CHECK_1)).contains(1);
    assertThat(done.generationOf(CHECK_2)).contains(2);
    assertThat(done.generationOf(new byte[] {9})).isEmpty();
    assertThat(done.toString()).contains("active=2").doesNotContain("20, 21");
  }

  @Test
  void record_aPhaseWithoutTheWrapsItNeeds_refused() throws Exception {
    KeyGenerations g = KeyGenerations.initial(CHECK_1);
    Rotation pending = RotationStateMachine.start(Optional.empty(), 1);
    assertThatThrownBy(() -> g.record(pending, Map.of(), CHECK_2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("phase PENDING needs the wrapped keys");
    KeyGenerations p = g.record(pending, Map.of(new Wrap(2, 1), NEXT_UNDER_OLD), CHECK_2);
    Rotation delivering = RotationStateMachine.advance(pending);
    assertThatThrownBy(() -> p.record(delivering, Map.of(), CHECK_2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Wrap[sealed=1, under=2]");
  }

  @Test
  void rollBack_pendingForgetsTheNewKey_laterPhasesDoNot() throws Exception {
    KeyGenerations pending = throughPhase(RotationPhase.PENDING);
    KeyGenerations back = pending.rollBack();
    assertThat(back.rotation()).isEmpty();
    assertThat(back.wraps()).isEmpty();
    assertThat(back.generationOf(CHECK_2)).isEmpty();
    assertThat(back.active()).isEqualTo(1);
    KeyGenerations delivering = throughPhase(RotationPhase.DELIVERING);
    assertThatThrownBy(delivering::rollBack).isInstanceOf(IllegalStateException.class);
  }

  @Property(tries = 20)
  void bytes_roundTripInEveryPhase(@ForAll RotationPhase phase) throws Exception {
    KeyGenerations g = throughPhase(phase);
    KeyGenerations back = KeyGenerations.fromBytes(g.toBytes());
    assertThat(back.toBytes()).isEqualTo(g.toBytes());
    assertThat(back.rotation()).isEqualTo(g.rotation());
    assertThat(back.wraps()).isEqualTo(g.wraps());
  }

  @Property(tries = 60)
  void fromBytes_anyTruncationOrTrailingByte_refusedAsMalformed(
      @ForAll RotationPhase phase, @ForAll @IntRange(min = 0, max = 200) int cut) throws Exception {
    byte[] full = throughPhase(phase).toBytes();
    byte[] shorter = Arrays.copyOf(full, Math.min(cut, full.length - 1));
    assertThatThrownBy(() -> KeyGenerations.fromBytes(shorter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the stored key-generations record is malformed");
    byte[] longer = Arrays.copyOf(full, full.length + 1);
    assertThatThrownBy(() -> KeyGenerations.fromBytes(longer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trailing");
  }

  @Property(tries = 200)
  void fromBytes_randomBytes_neverAnythingButMalformed(@ForAll @Size(max = 64) byte[] junk) {
    try {
      KeyGenerations.fromBytes(junk);
    } catch (IllegalArgumentException expected) {
      assertThat(expected).hasMessageStartingWith("the stored key-generations record is malformed");
    }
  }

  private static final ist.spike.crypto.RootKey KEY =
      ist.spike.crypto.RootKey.generate(new java.security.SecureRandom());

  static Rekey rekey(RotationPhase phase) {
    return new Rekey(
        phase,
        ist.spike.crypto.shamir.FeldmanCommitments.of(KEY, 2),
        ist.spike.crypto.shamir.FeldmanCommitments.of(KEY, 3));
  }

  @Property(tries = 10)
  void rekey_roundTripsInEveryPhase_andAnyTruncationIsMalformed(
      @ForAll("rekeyPhases") RotationPhase phase, @ForAll @IntRange(min = 0, max = 300) int cut)
      throws Exception {
    KeyGenerations g = KeyGenerations.initial(CHECK_1).withRekey(rekey(phase));
    KeyGenerations back = KeyGenerations.fromBytes(g.toBytes());
    assertThat(back.rekey()).contains(rekey(phase));
    assertThat(back.toBytes()).isEqualTo(g.toBytes());
    assertThat(back.generationOf(CHECK_1)).contains(1);
    byte[] full = g.toBytes();
    byte[] shorter = Arrays.copyOf(full, Math.min(cut, full.length - 1));
    assertThatThrownBy(() -> KeyGenerations.fromBytes(shorter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the stored key-generations record is malformed");
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<RotationPhase> rekeyPhases() {
    return net.jqwik.api.Arbitraries.of(
        RotationPhase.PENDING, RotationPhase.DELIVERING, RotationPhase.DONE);
  }

  @Test
  void rekey_refusedDuringARotation_andARotationForgetsTheSplitOfTheKeyItReplaces()
      throws Exception {
    assertThatThrownBy(
            () -> throughPhase(RotationPhase.DELIVERING).withRekey(rekey(RotationPhase.PENDING)))
        .isInstanceOf(IllegalStateException.class);
    KeyGenerations rekeyed = KeyGenerations.initial(CHECK_1).withRekey(rekey(RotationPhase.DONE));
    Rotation r = RotationStateMachine.start(rekeyed.rotation(), rekeyed.active());
    KeyGenerations pending = rekeyed.record(r, Map.of(new Wrap(2, 1), NEXT_UNDER_OLD), CHECK_2);
    // pending may still roll back to the rekeyed key: its split stays recorded until delivering
    assertThat(pending.rekey()).contains(rekey(RotationPhase.DONE));
    Rotation delivering = RotationStateMachine.advance(r);
    assertThat(pending.record(delivering, Map.of(new Wrap(1, 2), OLD_UNDER_NEXT), CHECK_2).rekey())
        .isEmpty();
    // a record without a rekey keeps the first format, byte for byte
    assertThat(Arrays.copyOf(KeyGenerations.initial(CHECK_1).toBytes(), 4))
        .isEqualTo(new byte[] {'S', 'K', 'G', '1'});
    assertThat(Arrays.copyOf(rekeyed.toBytes(), 4)).isEqualTo(new byte[] {'S', 'K', 'G', '2'});
  }

  @Test
  void rollBack_pendingRotationAfterAFinishedRekey_keepsTheRekeyRecord() throws Exception {
    KeyGenerations rekeyed = KeyGenerations.initial(CHECK_1).withRekey(rekey(RotationPhase.DONE));
    Rotation r = RotationStateMachine.start(rekeyed.rotation(), rekeyed.active());
    KeyGenerations back =
        KeyGenerations.fromBytes(
                rekeyed.record(r, Map.of(new Wrap(2, 1), NEXT_UNDER_OLD), CHECK_2).toBytes())
            .rollBack();
    assertThat(back.rekey()).contains(rekey(RotationPhase.DONE));
    assertThat(back.rotation()).isEmpty();
    assertThat(back.toBytes()).isEqualTo(rekeyed.toBytes());
  }

  /**
   * A finished rekey's record, then a rotation that a crash interrupts in any phase and the restart
   * handles (rolled back if pending, else finished): the rekey's split stays recorded exactly when
   * the rekeyed key is still the active one, i.e. when the rotation was rolled back.
   */
  @Property(tries = 20)
  void rekeyRecord_survivesExactlyTheRotationsThatRollBack(@ForAll RotationPhase crashAt)
      throws Exception {
    KeyGenerations g = KeyGenerations.initial(CHECK_1).withRekey(rekey(RotationPhase.DONE));
    Rotation r = RotationStateMachine.start(g.rotation(), g.active());
    g = g.record(r, Map.of(new Wrap(2, 1), NEXT_UNDER_OLD), CHECK_2);
    while (r.phase() != crashAt) {
      r = RotationStateMachine.advance(r);
      g = g.record(r, Map.of(new Wrap(1, 2), OLD_UNDER_NEXT), CHECK_2);
    }
    g = KeyGenerations.fromBytes(g.toBytes()); // the crash: only the stored bytes remain
    switch (RotationStateMachine.onRestart(r)) {
      case ROLL_BACK -> g = g.rollBack();
      case RESUME_DELIVERY, RESUME_RESEAL -> {
        while (r.running()) {
          r = RotationStateMachine.advance(r);
          g = g.record(r, Map.of(new Wrap(1, 2), OLD_UNDER_NEXT), CHECK_2);
        }
      }
      case NONE -> {}
    }
    assertThat(g.rekey().isPresent()).isEqualTo(g.active() == 1);
    assertThat(g.rekey().isPresent()).isEqualTo(crashAt == RotationPhase.PENDING);
    assertThat(KeyGenerations.fromBytes(g.toBytes()).rekey()).isEqualTo(g.rekey());
  }

  @Test
  void rekey_aResealingPhase_refused() {
    assertThatThrownBy(() -> rekey(RotationPhase.RESEALING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("re-seals nothing");
  }
}
