package ist.spike.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;
import ist.spike.testkit.Vectors;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DkgTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(JsonNode n) {
    return HEX.parseHex(n.asText());
  }

  private static DkgRound1Package round1FromVector(JsonNode p) throws FrostException {
    JsonNode c = p.get("vss_commitments");
    byte[] out = HEX.parseHex("00b169f0da");
    out = FrostVectorsTest.concat(out, new byte[] {(byte) c.size()});
    for (JsonNode e : c) {
      out = FrostVectorsTest.concat(out, hex(e));
    }
    return DkgRound1Package.fromBytes(
        FrostVectorsTest.concat(out, hex(p.get("proof_of_knowledge"))));
  }

  @Test
  void dkg_zfVector_reproducesSharesAndKeys() throws Exception {
    JsonNode v = Vectors.json("frost-ed25519.json").get("zf_vectors_dkg");
    JsonNode inputs = v.get("inputs");
    int n = v.get("config").get("MAX_PARTICIPANTS").asInt();
    Map<Identifier, DkgRound1Package> round1 = new LinkedHashMap<>();
    for (int i = 1; i <= n; i++) {
      round1.put(Identifier.of(i), round1FromVector(inputs.get(String.valueOf(i))));
    }
    for (int i = 1; i <= n; i++) {
      JsonNode p = inputs.get(String.valueOf(i));
      Identifier me = Identifier.of(i);
      List<Scalar> coefficients = new ArrayList<>();
      coefficients.add(Scalar.fromCanonicalBytes(hex(p.get("signing_key"))));
      coefficients.add(Scalar.fromCanonicalBytes(hex(p.get("coefficient"))));
      List<ist.spike.frost.internal.EdwardsPoint> points = new ArrayList<>();
      for (Scalar a : coefficients) {
        points.add(Group.ed25519().multiplyBase(a));
      }
      VssCommitment commitment = new VssCommitment(points);
      assertThat(commitment.toBytes()).isEqualTo(round1.get(me).commitment().toBytes());
      assertThat(round1.get(me).proofIsValid(me)).isTrue();

      Map<Identifier, DkgRound1Package> others = new LinkedHashMap<>(round1);
      others.remove(me);
      Dkg.Part2 part2 = Dkg.part2(new DkgRound1Secret(me, coefficients, commitment, n), others);
      for (Map.Entry<Identifier, DkgRound2Package> e : part2.packages().entrySet()) {
        JsonNode receiver = inputs.get(e.getKey().toString());
        assertThat(e.getValue().value().toBytes())
            .as("f_%s(%s)", me, e.getKey())
            .isEqualTo(hex(receiver.get("signing_shares").get(me.toString())));
      }
      Map<Identifier, DkgRound2Package> received = new LinkedHashMap<>();
      p.get("signing_shares")
          .properties()
          .forEach(
              f ->
                  received.put(
                      Identifier.of(Integer.parseInt(f.getKey())),
                      new DkgRound2Package(
                          Identifier.of(Integer.parseInt(f.getKey())),
                          me,
                          Scalar.fromCanonicalBytes(hex(f.getValue())))));
      Dkg.Result result = Dkg.part3(part2.secret(), others, received);
      try (KeyPackage kp = result.keyPackage()) {
        assertThat(kp.signingShare().scalar().toBytes()).isEqualTo(hex(p.get("signing_share")));
        assertThat(kp.verifyingShare().toBytes()).isEqualTo(hex(p.get("verifying_share")));
        assertThat(kp.verifyingKey().toBytes()).isEqualTo(hex(inputs.get("verifying_key")));
        assertThat(result.publicKeyPackage().verifyingShares()).hasSize(n);
      }
    }
  }

  /** Runs a full DKG among participants 1..n; returns their results. */
  static List<Dkg.Result> runDkg(int n, int t) throws FrostException {
    Map<Identifier, Dkg.Part1> p1 = new LinkedHashMap<>();
    for (int i = 1; i <= n; i++) {
      p1.put(Identifier.of(i), Dkg.part1(Identifier.of(i), n, t, RANDOM));
    }
    Map<Identifier, Dkg.Part2> p2 = new LinkedHashMap<>();
    for (Identifier me : p1.keySet()) {
      p2.put(me, Dkg.part2(p1.get(me).secret(), othersRound1(p1, me)));
    }
    List<Dkg.Result> results = new ArrayList<>();
    for (Identifier me : p1.keySet()) {
      Map<Identifier, DkgRound2Package> inbox = new LinkedHashMap<>();
      p2.forEach(
          (sender, part) -> {
            if (!sender.equals(me)) {
              inbox.put(sender, part.packages().get(me));
            }
          });
      results.add(Dkg.part3(p2.get(me).secret(), othersRound1(p1, me), inbox));
    }
    return results;
  }

  private static Map<Identifier, DkgRound1Package> othersRound1(
      Map<Identifier, Dkg.Part1> p1, Identifier me) {
    Map<Identifier, DkgRound1Package> m = new LinkedHashMap<>();
    p1.forEach(
        (id, part) -> {
          if (!id.equals(me)) {
            m.put(id, part.broadcast());
          }
        });
    return m;
  }

  @Test
  void dkg_2of3_everyoneAgreesAndAnyPairSigns() throws Exception {
    List<Dkg.Result> results = runDkg(3, 2);
    PublicKeyPackage pub = results.get(0).publicKeyPackage();
    for (Dkg.Result r : results) {
      assertThat(r.publicKeyPackage()).isEqualTo(pub);
    }
    byte[] msg = {4, 2};
    Signature sig =
        FrostSession.sign(
            msg, List.of(results.get(2).keyPackage(), results.get(0).keyPackage()), pub, RANDOM);
    assertThat(pub.verifyingKey().verify(msg, sig.toBytes())).isTrue();
    results.forEach(r -> r.keyPackage().close());
  }

  @Test
  void part2_forgedProofOfKnowledge_namesSender() throws Exception {
    Dkg.Part1 a = Dkg.part1(Identifier.of(1), 2, 2, RANDOM);
    Dkg.Part1 b = Dkg.part1(Identifier.of(2), 2, 2, RANDOM);
    byte[] wire = b.broadcast().toBytes();
    wire[wire.length - 32] ^= 1; // mu
    DkgRound1Package forged = DkgRound1Package.fromBytes(wire);
    assertThatThrownBy(() -> Dkg.part2(a.secret(), Map.of(Identifier.of(2), forged)))
        .isInstanceOfSatisfying(
            InvalidShareException.class,
            e -> assertThat(e.participant()).isEqualTo(Identifier.of(2)))
        .hasMessageContaining("proof of knowledge");
    assertThat(a.secret().isWiped()).isTrue();
  }

  @Test
  void part3_tamperedShare_namesSender() throws Exception {
    Identifier one = Identifier.of(1);
    Identifier two = Identifier.of(2);
    Dkg.Part1 a = Dkg.part1(one, 2, 2, RANDOM);
    Dkg.Part1 b = Dkg.part1(two, 2, 2, RANDOM);
    Dkg.Part2 a2 = Dkg.part2(a.secret(), Map.of(two, b.broadcast()));
    Dkg.Part2 b2 = Dkg.part2(b.secret(), Map.of(one, a.broadcast()));
    DkgRound2Package honest = b2.packages().get(one);
    DkgRound2Package tampered = new DkgRound2Package(two, one, honest.value().add(Scalar.one()));
    assertThatThrownBy(
            () -> Dkg.part3(a2.secret(), Map.of(two, b.broadcast()), Map.of(two, tampered)))
        .isInstanceOfSatisfying(
            InvalidShareException.class, e -> assertThat(e.participant()).isEqualTo(two));
  }

  @Test
  void part2_wrongNumberOfPackages_throwsSignerMismatch() {
    Dkg.Part1 a = Dkg.part1(Identifier.of(1), 3, 2, RANDOM);
    Dkg.Part1 b = Dkg.part1(Identifier.of(2), 3, 2, RANDOM);
    assertThatThrownBy(() -> Dkg.part2(a.secret(), Map.of(Identifier.of(2), b.broadcast())))
        .isInstanceOf(SignerMismatchException.class)
        .hasMessageContaining("2 other participants, got 1");
  }

  @Test
  void toString_doesNotRevealBytes() throws Exception {
    Dkg.Part1 a = Dkg.part1(Identifier.of(1), 2, 2, RANDOM);
    String hex = HEX.formatHex(a.secret().coefficients().get(0).toBytes());
    assertThat(a.secret().toString()).doesNotContain(hex).contains("redacted");
    assertThat(a.toString()).doesNotContain(hex);
    Dkg.Part1 b = Dkg.part1(Identifier.of(2), 2, 2, RANDOM);
    Dkg.Part2 a2 = Dkg.part2(a.secret(), Map.of(Identifier.of(2), b.broadcast()));
    DkgRound2Package sent = a2.packages().get(Identifier.of(2));
    String sentHex = HEX.formatHex(sent.value().toBytes());
    assertThat(sent.toString()).doesNotContain(sentHex).contains("redacted");
    assertThat(a2.toString()).doesNotContain(sentHex);
    String ownHex = HEX.formatHex(a2.secret().ownShare().toBytes());
    assertThat(a2.secret().toString()).doesNotContain(ownHex).contains("redacted");
  }
}
