package ist.spike.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.frost.internal.Scalar;
import ist.spike.testkit.Vectors;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the RFC 9591 appendix E.1 vector and ZF FROST's signing vectors (normal and big
 * identifiers) from {@code frost-ed25519.json}, checking every intermediate value.
 */
class FrostVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<String> signingVectors() {
    return Stream.of("rfc9591_appendix_e1", "zf_vectors", "zf_vectors_big_identifier");
  }

  private static JsonNode vector(String name) {
    return Vectors.json("frost-ed25519.json").get(name);
  }

  private static byte[] hex(JsonNode node) {
    return HEX.parseHex(node.asText());
  }

  private static Scalar scalar(JsonNode node) {
    Scalar s = Scalar.fromCanonicalBytes(hex(node));
    assertThat(s).as("canonical scalar").isNotNull();
    return s;
  }

  private static byte[] groupKeyBytes(JsonNode inputs) {
    JsonNode k =
        inputs.has("group_public_key")
            ? inputs.get("group_public_key")
            : inputs.get("verifying_key_key");
    return hex(k);
  }

  private static DealerOutput deal(JsonNode inputs) throws FrostException {
    List<Scalar> coefficients = new ArrayList<>();
    coefficients.add(scalar(inputs.get("group_secret_key")));
    for (JsonNode c : inputs.get("share_polynomial_coefficients")) {
      coefficients.add(scalar(c));
    }
    List<Identifier> ids = new ArrayList<>();
    for (JsonNode p : inputs.get("participant_shares")) {
      ids.add(Identifier.of(p.get("identifier").asInt()));
    }
    return TrustedDealer.split(coefficients, ids);
  }

  @ParameterizedTest
  @MethodSource("signingVectors")
  void keyGeneration_vector_reproducesSharesAndGroupKey(String name) throws Exception {
    JsonNode inputs = vector(name).get("inputs");
    try (DealerOutput out = deal(inputs)) {
      assertThat(out.publicKeyPackage().verifyingKey().toBytes()).isEqualTo(groupKeyBytes(inputs));
      int i = 0;
      for (JsonNode p : inputs.get("participant_shares")) {
        KeyPackage kp = out.keyPackages().get(i++);
        assertThat(kp.identifier()).isEqualTo(Identifier.of(p.get("identifier").asInt()));
        assertThat(kp.signingShare().scalar().toBytes())
            .as("share of %s", kp.identifier())
            .isEqualTo(hex(p.get("participant_share")));
        out.vssCommitment().verify(kp);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("signingVectors")
  void signing_vector_reproducesEveryIntermediateValue(String name) throws Exception {
    JsonNode v = vector(name);
    JsonNode inputs = v.get("inputs");
    byte[] message = hex(inputs.get("message"));
    try (DealerOutput out = deal(inputs)) {
      Map<Identifier, KeyPackage> byId = new LinkedHashMap<>();
      out.keyPackages().forEach(kp -> byId.put(kp.identifier(), kp));

      Map<Identifier, SigningNonces> nonces = new LinkedHashMap<>();
      Map<Identifier, SigningCommitments> commitments = new LinkedHashMap<>();
      for (JsonNode r1 : v.get("round_one_outputs").get("outputs")) {
        Identifier id = Identifier.of(r1.get("identifier").asInt());
        KeyPackage kp = byId.get(id);
        Round1Result result =
            Round1.commitWithRandomness(
                kp,
                hex(r1.get("hiding_nonce_randomness")),
                hex(r1.get("binding_nonce_randomness")));
        byte[] share = kp.signingShare().scalar().toBytes();
        assertThat(
                Round1.nonceGenerate(
                        hex(r1.get("hiding_nonce_randomness")), kp.signingShare().scalar())
                    .toBytes())
            .isEqualTo(hex(r1.get("hiding_nonce")));
        assertThat(
                Round1.nonceGenerate(
                        hex(r1.get("binding_nonce_randomness")), kp.signingShare().scalar())
                    .toBytes())
            .isEqualTo(hex(r1.get("binding_nonce")));
        assertThat(share).hasSize(32);
        assertThat(result.commitments().hidingBytes())
            .isEqualTo(hex(r1.get("hiding_nonce_commitment")));
        assertThat(result.commitments().bindingBytes())
            .isEqualTo(hex(r1.get("binding_nonce_commitment")));
        nonces.put(id, result.nonces());
        commitments.put(id, result.commitments());
      }
      SigningPackage pkg = new SigningPackage(commitments, message);
      VerifyingKey groupKey = out.publicKeyPackage().verifyingKey();
      Protocol.Session session = Protocol.compute(pkg, groupKey);
      for (JsonNode r1 : v.get("round_one_outputs").get("outputs")) {
        Identifier id = Identifier.of(r1.get("identifier").asInt());
        assertThat(Protocol.bindingFactorInput(pkg, groupKey, id))
            .isEqualTo(hex(r1.get("binding_factor_input")));
        assertThat(session.bindingFactors().get(id).toBytes())
            .isEqualTo(hex(r1.get("binding_factor")));
      }

      Map<Identifier, SignatureShare> shares = new LinkedHashMap<>();
      for (JsonNode r2 : v.get("round_two_outputs").get("outputs")) {
        Identifier id = Identifier.of(r2.get("identifier").asInt());
        SignatureShare share = Round2.sign(pkg, nonces.get(id), byId.get(id));
        assertThat(share.scalar().toBytes()).as("z_%s", id).isEqualTo(hex(r2.get("sig_share")));
        Aggregator.verifySignatureShare(id, share, pkg, out.publicKeyPackage());
        shares.put(id, share);
      }
      byte[] expected = hex(v.get("final_output").get("sig"));
      Signature sig = Aggregator.aggregate(pkg, shares, out.publicKeyPackage());
      assertThat(sig.toBytes()).isEqualTo(expected);
      assertThat(groupKey.verify(message, expected)).isTrue();
      assertThat(Ed25519.verify(expected, 0, groupKey.toBytes(), 0, message, 0, message.length))
          .isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("signingVectors")
  void aggregate_vectorWithTamperedLastShare_namesCulprit(String name) throws Exception {
    JsonNode v = vector(name);
    JsonNode inputs = v.get("inputs");
    try (DealerOutput out = deal(inputs)) {
      Map<Identifier, SigningCommitments> commitments = new LinkedHashMap<>();
      for (JsonNode r1 : v.get("round_one_outputs").get("outputs")) {
        commitments.put(
            Identifier.of(r1.get("identifier").asInt()),
            SigningCommitments.fromBytes(
                concat(
                    HEX.parseHex("00b169f0da"),
                    hex(r1.get("hiding_nonce_commitment")),
                    hex(r1.get("binding_nonce_commitment")))));
      }
      SigningPackage pkg = new SigningPackage(commitments, hex(inputs.get("message")));
      Map<Identifier, SignatureShare> shares = new LinkedHashMap<>();
      Identifier last = null;
      for (JsonNode r2 : v.get("round_two_outputs").get("outputs")) {
        last = Identifier.of(r2.get("identifier").asInt());
        shares.put(last, shareFromHex(r2.get("sig_share").asText()));
      }
      byte[] z = shares.get(last).scalar().toBytes();
      z[0] ^= 1;
      shares.put(last, shareFromHex(HEX.formatHex(z)));
      Identifier culprit = last;
      assertThatThrownBy(() -> Aggregator.aggregate(pkg, shares, out.publicKeyPackage()))
          .isInstanceOfSatisfying(
              InvalidSignatureShareException.class,
              e -> assertThat(e.culprits()).containsExactly(culprit));
    }
  }

  private static SignatureShare shareFromHex(String hex) throws FrostException {
    return SignatureShare.fromBytes(concat(HEX.parseHex("00b169f0da"), HEX.parseHex(hex)));
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
