package ist.spike.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RefreshTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] MESSAGE = "refresh".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private static List<KeyPackage> applyAll(RefreshOutput r, List<KeyPackage> current)
      throws FrostException {
    List<KeyPackage> fresh = new ArrayList<>();
    for (RefreshShare s : r.shares()) {
      KeyPackage old =
          current.stream()
              .filter(k -> k.identifier().equals(s.identifier()))
              .findFirst()
              .orElseThrow();
      fresh.add(Refresh.apply(s, old, r.publicKeyPackage()));
    }
    return fresh;
  }

  @Property(tries = 4)
  void refresh_anyGroup_keepsKeyAndNewSharesSign(@ForAll @IntRange(min = 2, max = 3) int t)
      throws Exception {
    try (DealerOutput out = TrustedDealer.generate(t + 1, t, RANDOM)) {
      List<Identifier> ids = new ArrayList<>(out.publicKeyPackage().verifyingShares().keySet());
      try (RefreshOutput r = Refresh.generate(out.publicKeyPackage(), ids, RANDOM)) {
        PublicKeyPackage refreshed = r.publicKeyPackage();
        assertThat(refreshed.verifyingKey()).isEqualTo(out.publicKeyPackage().verifyingKey());
        assertThat(refreshed.verifyingShares())
            .isNotEqualTo(out.publicKeyPackage().verifyingShares());
        List<KeyPackage> fresh = applyAll(r, out.keyPackages());
        for (int i = 0; i < fresh.size(); i++) {
          assertThat(fresh.get(i).toBytes()).isNotEqualTo(out.keyPackages().get(i).toBytes());
        }
        Signature sig = FrostSession.sign(MESSAGE, fresh.subList(1, t + 1), refreshed, RANDOM);
        assertThat(refreshed.verifyingKey().verify(MESSAGE, sig.toBytes())).isTrue();
        fresh.forEach(KeyPackage::close);
      }
    }
  }

  @Test
  void refresh_2of3_everyNewPairSignsAndOldNewMixFails() throws Exception {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      List<KeyPackage> old = out.keyPackages();
      List<Identifier> ids = List.of(Identifier.of(1), Identifier.of(2), Identifier.of(3));
      try (RefreshOutput r = Refresh.generate(out.publicKeyPackage(), ids, RANDOM)) {
        List<KeyPackage> fresh = applyAll(r, old);
        PublicKeyPackage newPub = r.publicKeyPackage();
        int[][] pairs = {{0, 1}, {0, 2}, {1, 2}};
        for (int[] p : pairs) {
          Signature sig =
              FrostSession.sign(MESSAGE, List.of(fresh.get(p[0]), fresh.get(p[1])), newPub, RANDOM);
          assertThat(newPub.verifyingKey().verify(MESSAGE, sig.toBytes())).isTrue();
        }
        // old share 1 with new share 2: no valid signature, whichever public package is used.
        assertThatThrownBy(
                () -> FrostSession.sign(MESSAGE, List.of(old.get(0), fresh.get(1)), newPub, RANDOM))
            .isInstanceOfSatisfying(
                InvalidSignatureShareException.class,
                e -> assertThat(e.culprits()).containsExactly(Identifier.of(1)));
        assertThatThrownBy(
                () ->
                    FrostSession.sign(
                        MESSAGE, List.of(old.get(0), fresh.get(1)), out.publicKeyPackage(), RANDOM))
            .isInstanceOfSatisfying(
                InvalidSignatureShareException.class,
                e -> assertThat(e.culprits()).containsExactly(Identifier.of(2)));
        // and a raw aggregate of an old/new mix never yields a signature that verifies
        Round1Result r1 = Round1.commit(old.get(0), RANDOM);
        Round1Result r3 = Round1.commit(fresh.get(2), RANDOM);
        SigningPackage pkg =
            new SigningPackage(
                Map.of(Identifier.of(1), r1.commitments(), Identifier.of(3), r3.commitments()),
                MESSAGE);
        Map<Identifier, SignatureShare> shares =
            Map.of(
                Identifier.of(1), Round2.sign(pkg, r1.nonces(), old.get(0)),
                Identifier.of(3), Round2.sign(pkg, r3.nonces(), fresh.get(2)));
        assertThatThrownBy(() -> Aggregator.aggregate(pkg, shares, newPub))
            .isInstanceOf(InvalidSignatureShareException.class);
        fresh.forEach(KeyPackage::close);
      }
    }
  }

  @Test
  void refresh_leavingOutParticipant_removesIt() throws Exception {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM);
        RefreshOutput r =
            Refresh.generate(
                out.publicKeyPackage(), List.of(Identifier.of(1), Identifier.of(2)), RANDOM)) {
      assertThat(r.publicKeyPackage().verifyingShares().keySet())
          .containsExactly(Identifier.of(1), Identifier.of(2));
      List<KeyPackage> fresh = applyAll(r, out.keyPackages());
      assertThat(
              r.publicKeyPackage()
                  .verifyingKey()
                  .verify(
                      MESSAGE,
                      FrostSession.sign(MESSAGE, fresh, r.publicKeyPackage(), RANDOM).toBytes()))
          .isTrue();
      assertThatThrownBy(
              () ->
                  FrostSession.sign(
                      MESSAGE,
                      List.of(fresh.get(0), out.keyPackages().get(2)),
                      r.publicKeyPackage(),
                      RANDOM))
          .isInstanceOf(SignerMismatchException.class)
          .hasMessageContaining("signer 3 is not in the group");
    }
  }

  @Test
  void generate_fewerThanThreshold_throwsInsufficientSigners() {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      assertThatThrownBy(
              () -> Refresh.generate(out.publicKeyPackage(), List.of(Identifier.of(1)), RANDOM))
          .isInstanceOf(InsufficientSignersException.class)
          .hasMessage("need 2 signers, have 1");
      assertThatThrownBy(
              () ->
                  Refresh.generate(
                      out.publicKeyPackage(), List.of(Identifier.of(1), Identifier.of(7)), RANDOM))
          .isInstanceOf(SignerMismatchException.class);
    }
  }

  @Test
  void apply_mismatchedInputs_rejected() throws Exception {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      List<Identifier> ids = List.of(Identifier.of(1), Identifier.of(2), Identifier.of(3));
      try (RefreshOutput a = Refresh.generate(out.publicKeyPackage(), ids, RANDOM);
          RefreshOutput b = Refresh.generate(out.publicKeyPackage(), ids, RANDOM)) {
        KeyPackage k1 = out.keyPackages().get(0);
        assertThatThrownBy(() -> Refresh.apply(a.shares().get(1), k1, a.publicKeyPackage()))
            .isInstanceOf(SignerMismatchException.class);
        assertThatThrownBy(() -> Refresh.apply(a.shares().get(0), k1, b.publicKeyPackage()))
            .isInstanceOfSatisfying(
                InvalidShareException.class,
                e -> assertThat(e.participant()).isEqualTo(Identifier.of(1)));
        try (DealerOutput other = TrustedDealer.generate(3, 2, RANDOM)) {
          assertThatThrownBy(
                  () ->
                      Refresh.apply(
                          a.shares().get(0), other.keyPackages().get(0), a.publicKeyPackage()))
              .isInstanceOf(SignerMismatchException.class);
        }
      }
    }
  }
}
