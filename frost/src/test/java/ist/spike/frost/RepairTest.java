package ist.spike.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.frost.internal.Scalar;
import ist.spike.testkit.Vectors;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepairTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private static Scalar scalar(JsonNode node) {
    return Scalar.fromCanonicalBytes(HEX.parseHex(node.asText()));
  }

  @Test
  void step2_zfRepairShareVector_sumsDeltas() throws Exception {
    JsonNode v = Vectors.json("frost-ed25519.json").get("zf_repair_share").get("scalar_generation");
    List<RepairDelta> deltas = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      deltas.add(
          new RepairDelta(
              Identifier.of(i),
              Identifier.of(1),
              Identifier.of(4),
              scalar(v.get("random_scalar_" + i))));
    }
    try (RepairSigma sigma = Repair.step2(deltas)) {
      assertThat(sigma.value().toBytes())
          .isEqualTo(HEX.parseHex(v.get("random_scalar_sum").asText()));
      assertThat(sigma.helper()).isEqualTo(Identifier.of(1));
    }
  }

  @Test
  void step3_zfRepairShareVector_sumsSigmas() {
    JsonNode v = Vectors.json("frost-ed25519.json").get("zf_repair_share").get("sigma_generation");
    List<RepairSigma> sigmas = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      sigmas.add(new RepairSigma(Identifier.of(i), Identifier.of(2), scalar(v.get("sigma_" + i))));
    }
    try (Scalar sum = Repair.sum(sigmas)) {
      assertThat(sum.toBytes()).isEqualTo(HEX.parseHex(v.get("sigma_sum").asText()));
    }
  }

  /** Runs the three steps with the given helpers for the given participant. */
  static KeyPackage repair(List<KeyPackage> helpers, Identifier participant, PublicKeyPackage pub)
      throws FrostException {
    List<Identifier> ids = helpers.stream().map(KeyPackage::identifier).toList();
    Map<Identifier, List<RepairDelta>> inbox = new LinkedHashMap<>();
    for (KeyPackage h : helpers) {
      Repair.step1(ids, h, participant, RANDOM)
          .forEach((to, d) -> inbox.computeIfAbsent(to, k -> new ArrayList<>()).add(d));
    }
    List<RepairSigma> sigmas = new ArrayList<>();
    for (Identifier h : ids) {
      sigmas.add(Repair.step2(inbox.get(h)));
      inbox.get(h).forEach(RepairDelta::close);
    }
    try {
      return Repair.step3(sigmas, participant, pub);
    } finally {
      sigmas.forEach(RepairSigma::close);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void repair_lostShareOf2of3_bitIdenticalAndSigns(int lost) throws Exception {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      KeyPackage original = out.keyPackages().get(lost);
      List<KeyPackage> helpers = new ArrayList<>(out.keyPackages());
      helpers.remove(lost);
      try (KeyPackage repaired = repair(helpers, original.identifier(), out.publicKeyPackage())) {
        assertThat(repaired.toBytes()).isEqualTo(original.toBytes());
        assertThat(repaired.equalsSecret(original)).isTrue();
        assertThat(repaired.equalsSecret(helpers.get(0))).isFalse();
        out.vssCommitment().verify(repaired);
        byte[] msg = {9, 9};
        Signature sig =
            FrostSession.sign(
                msg, List.of(repaired, helpers.get(0)), out.publicKeyPackage(), RANDOM);
        assertThat(out.publicKeyPackage().verifyingKey().verify(msg, sig.toBytes())).isTrue();
      }
    }
  }

  @Test
  void repair_3of5WithThreeHelpers_bitIdentical() throws Exception {
    try (DealerOutput out = TrustedDealer.generate(5, 3, RANDOM)) {
      List<KeyPackage> k = out.keyPackages();
      try (KeyPackage repaired =
          repair(List.of(k.get(4), k.get(0), k.get(2)), Identifier.of(4), out.publicKeyPackage())) {
        assertThat(repaired.toBytes()).isEqualTo(k.get(3).toBytes());
      }
    }
  }

  @Test
  void step1_tooFewHelpers_throwsInsufficientSigners() {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      KeyPackage h = out.keyPackages().get(0);
      assertThatThrownBy(() -> Repair.step1(List.of(h.identifier()), h, Identifier.of(3), RANDOM))
          .isInstanceOf(InsufficientSignersException.class)
          .hasMessage("need 2 signers, have 1");
    }
  }

  @Test
  void step1_participantAmongHelpers_throwsSignerMismatch() {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      KeyPackage h = out.keyPackages().get(0);
      assertThatThrownBy(
              () ->
                  Repair.step1(
                      List.of(h.identifier(), Identifier.of(2)), h, Identifier.of(2), RANDOM))
          .isInstanceOf(SignerMismatchException.class);
      assertThatThrownBy(
              () ->
                  Repair.step1(
                      List.of(h.identifier(), h.identifier()), h, Identifier.of(3), RANDOM))
          .isInstanceOf(SignerMismatchException.class)
          .hasMessageContaining("twice");
    }
  }

  @Test
  void step3_deltaFromAnotherRepairSession_throwsInvalidShare() throws Exception {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      KeyPackage h1 = out.keyPackages().get(0);
      KeyPackage h2 = out.keyPackages().get(1);
      List<Identifier> ids = List.of(h1.identifier(), h2.identifier());
      Identifier lost = Identifier.of(3);
      Map<Identifier, RepairDelta> fromH1 = Repair.step1(ids, h1, lost, RANDOM);
      Map<Identifier, RepairDelta> fromH2 = Repair.step1(ids, h2, lost, RANDOM);
      Map<Identifier, RepairDelta> fromH1Again = Repair.step1(ids, h1, lost, RANDOM);
      RepairSigma s1 =
          Repair.step2(List.of(fromH1.get(h1.identifier()), fromH2.get(h1.identifier())));
      RepairSigma s2 =
          Repair.step2(List.of(fromH1Again.get(h2.identifier()), fromH2.get(h2.identifier())));
      assertThatThrownBy(() -> Repair.step3(List.of(s1, s2), lost, out.publicKeyPackage()))
          .isInstanceOfSatisfying(
              InvalidShareException.class, e -> assertThat(e.participant()).isEqualTo(lost));
    }
  }

  @Test
  void step3_sigmaForAnotherParticipant_throwsSignerMismatch() {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      List<RepairSigma> sigmas =
          List.of(
              new RepairSigma(Identifier.of(1), Identifier.of(3), Scalar.one()),
              new RepairSigma(Identifier.of(2), Identifier.of(2), Scalar.one()));
      assertThatThrownBy(() -> Repair.step3(sigmas, Identifier.of(3), out.publicKeyPackage()))
          .isInstanceOf(SignerMismatchException.class);
    }
  }
}
