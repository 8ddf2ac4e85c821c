package ist.spike.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;
import ist.spike.testkit.Vectors;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SerializationTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private DealerOutput group;

  @BeforeEach
  void setUp() {
    group = TrustedDealer.generate(3, 2, RANDOM);
  }

  @AfterEach
  void tearDown() {
    group.close();
  }

  @Test
  void keyPackage_roundTrip_identical() throws Exception {
    KeyPackage kp = group.keyPackages().get(1);
    byte[] bytes = kp.toBytes();
    assertThat(bytes).hasSize(134);
    assertThat(Arrays.copyOf(bytes, 5)).isEqualTo(HEX.parseHex("00b169f0da"));
    try (KeyPackage back = KeyPackage.fromBytes(bytes)) {
      assertThat(back.identifier()).isEqualTo(kp.identifier());
      assertThat(back.verifyingShare()).isEqualTo(kp.verifyingShare());
      assertThat(back.verifyingKey()).isEqualTo(kp.verifyingKey());
      assertThat(back.minSigners()).isEqualTo(2);
      assertThat(back.toBytes()).isEqualTo(bytes);
      group.vssCommitment().verify(back);
    }
  }

  @Test
  void keyPackage_zfPostcardSnapshotLayout_parsesAndReserializes() throws Exception {
    JsonNode v = Vectors.json("frost-ed25519.json");
    byte[] snapshot = HEX.parseHex(v.get("zf_key_package_postcard_snapshot").get("hex").asText());
    assertThat(snapshot)
        .hasSize(v.get("zf_key_package_postcard_snapshot").get("length_bytes").asInt());
    // The snapshot uses unrelated sample values (its verifying share is not its share times B),
    // so strict parsing refuses it ...
    assertThatThrownBy(() -> KeyPackage.fromBytes(snapshot))
        .isInstanceOf(InvalidShareException.class);
    // ... and accepts the same layout once the verifying share is made consistent.
    byte[] fixed = snapshot.clone();
    Scalar share = Scalar.fromCanonicalBytes(Arrays.copyOfRange(snapshot, 37, 69));
    byte[] vs = Group.ed25519().serialize(Group.ed25519().multiplyBase(share));
    System.arraycopy(vs, 0, fixed, 69, 32);
    try (KeyPackage kp = KeyPackage.fromBytes(fixed)) {
      assertThat(kp.identifier()).isEqualTo(Identifier.of(42));
      assertThat(kp.minSigners()).isEqualTo(2);
      assertThat(kp.toBytes()).isEqualTo(fixed);
    }
  }

  @Test
  void keyPackage_malformed_rejectedWithNamedErrors() {
    byte[] good = group.keyPackages().get(0).toBytes();
    assertMalformed(Arrays.copyOf(good, good.length - 1), "truncated");
    assertMalformed(Arrays.copyOf(good, good.length + 1), "trailing");
    byte[] version = good.clone();
    version[0] = 1;
    assertMalformed(version, "version");
    byte[] suite = good.clone();
    suite[2] ^= 1;
    assertMalformed(suite, "ciphersuite");
    byte[] nonCanonical = good.clone();
    byte[] l = HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    System.arraycopy(l, 0, nonCanonical, 37, 32);
    assertMalformed(nonCanonical, "group order");
    byte[] min1 = good.clone();
    min1[133] = 1;
    assertMalformed(min1, "min_signers");
    byte[] nonMinimal = Arrays.copyOf(good, 135);
    nonMinimal[133] = (byte) 0x82;
    nonMinimal[134] = 0;
    assertMalformed(nonMinimal, "varint");
    byte[] zeroId = good.clone();
    Arrays.fill(zeroId, 5, 37, (byte) 0);
    assertMalformed(zeroId, "zero");
  }

  @Property(tries = 40)
  void keyPackage_anyBitFlipInShareOrVerifyingShare_rejected(
      @ForAll @IntRange(min = 37, max = 100) int index,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    byte[] bytes;
    try (DealerOutput fresh = TrustedDealer.generate(2, 2, RANDOM)) {
      bytes = fresh.keyPackages().get(0).toBytes();
    }
    bytes[index] ^= (byte) (1 << bit);
    Throwable thrown = catchThrowable(() -> KeyPackage.fromBytes(bytes));
    assertThat(thrown)
        .isInstanceOfAny(
            MalformedEncodingException.class,
            InvalidElementException.class,
            InvalidShareException.class);
  }

  @Test
  void publicKeyPackage_roundTripAndStrictOrder() throws Exception {
    PublicKeyPackage pub = group.publicKeyPackage();
    byte[] bytes = pub.toBytes();
    assertThat(bytes).hasSize(5 + 1 + 3 * 64 + 32 + 1);
    PublicKeyPackage back = PublicKeyPackage.fromBytes(bytes);
    assertThat(back).isEqualTo(pub);
    assertThat(back.toBytes()).isEqualTo(bytes);
    byte[] swapped = bytes.clone();
    System.arraycopy(bytes, 6 + 64, swapped, 6, 64);
    System.arraycopy(bytes, 6, swapped, 6 + 64, 64);
    assertMalformedPub(swapped, "strictly increasing");
    byte[] dup = bytes.clone();
    System.arraycopy(bytes, 6, dup, 6 + 64, 64);
    assertMalformedPub(dup, "strictly increasing");
    byte[] count = bytes.clone();
    count[5] = 4;
    assertMalformedPub(count, "");
    byte[] threshold = bytes.clone();
    threshold[threshold.length - 1] = 4;
    assertMalformedPub(threshold, "min_signers");
  }

  @Test
  void commitmentsPackageShareAndVss_roundTrip() throws Exception {
    KeyPackage k1 = group.keyPackages().get(0);
    KeyPackage k2 = group.keyPackages().get(1);
    Round1Result r1 = Round1.commit(k1, RANDOM);
    Round1Result r2 = Round1.commit(k2, RANDOM);
    byte[] c = r1.commitments().toBytes();
    assertThat(c).hasSize(69);
    assertThat(SigningCommitments.fromBytes(c)).isEqualTo(r1.commitments());

    SigningPackage pkg =
        new SigningPackage(
            Map.of(k1.identifier(), r1.commitments(), k2.identifier(), r2.commitments()),
            new byte[] {5, 6, 7});
    SigningPackage back = SigningPackage.fromBytes(pkg.toBytes());
    assertThat(back.commitments()).isEqualTo(pkg.commitments());
    assertThat(back.message()).containsExactly(5, 6, 7);
    assertThat(back.toBytes()).isEqualTo(pkg.toBytes());
    byte[] truncated = Arrays.copyOf(pkg.toBytes(), pkg.toBytes().length - 1);
    assertThatThrownBy(() -> SigningPackage.fromBytes(truncated))
        .isInstanceOf(MalformedEncodingException.class);

    SignatureShare s1 = Round2.sign(back, r1.nonces(), k1);
    SignatureShare s2 = Round2.sign(back, r2.nonces(), k2);
    assertThat(s1.toBytes()).hasSize(37);
    assertThat(SignatureShare.fromBytes(s1.toBytes())).isEqualTo(s1);
    Signature sig =
        Aggregator.aggregate(
            pkg,
            Map.of(
                k1.identifier(), SignatureShare.fromBytes(s1.toBytes()),
                k2.identifier(), SignatureShare.fromBytes(s2.toBytes())),
            PublicKeyPackage.fromBytes(group.publicKeyPackage().toBytes()));
    assertThat(Signature.fromBytes(sig.toBytes())).isEqualTo(sig);
    assertThat(
            VerifyingKey.fromBytes(group.publicKeyPackage().verifyingKey().toBytes())
                .verify(new byte[] {5, 6, 7}, sig.toBytes()))
        .isTrue();

    VssCommitment vss = VssCommitment.fromBytes(group.vssCommitment().toBytes());
    assertThat(vss.toBytes()).isEqualTo(group.vssCommitment().toBytes());
    vss.verify(k1);
    assertThat(vss.verifyingKey()).isEqualTo(group.publicKeyPackage().verifyingKey());
  }

  @Test
  void signingCommitments_invalidElement_throwsInvalidElement() {
    byte[] bad = new byte[69];
    System.arraycopy(HEX.parseHex("00b169f0da"), 0, bad, 0, 5);
    bad[5] = 1; // identity as D
    assertThatThrownBy(() -> SigningCommitments.fromBytes(bad))
        .isInstanceOf(InvalidElementException.class)
        .hasMessageContaining("identity");
  }

  @Test
  void zfInvalidElement_inEveryWireType_throwsInvalidElement() throws Exception {
    byte[] invalid =
        HEX.parseHex(
            Vectors.json("frost-ed25519.json")
                .get("zf_elements")
                .get("elements")
                .get("invalid_element")
                .asText());
    byte[] header = HEX.parseHex("00b169f0da");
    byte[] valid = group.publicKeyPackage().verifyingKey().toBytes();
    assertThatThrownBy(() -> VerifyingKey.fromBytes(invalid))
        .isInstanceOf(InvalidElementException.class);
    assertThatThrownBy(() -> VerifyingShare.fromBytes(invalid))
        .isInstanceOf(InvalidElementException.class);
    assertThatThrownBy(
            () ->
                VssCommitment.fromBytes(
                    FrostVectorsTest.concat(header, new byte[] {2}, valid, invalid)))
        .isInstanceOf(InvalidElementException.class);
    assertThatThrownBy(
            () -> SigningCommitments.fromBytes(FrostVectorsTest.concat(header, invalid, valid)))
        .isInstanceOf(InvalidElementException.class);
    assertThatThrownBy(
            () -> SigningCommitments.fromBytes(FrostVectorsTest.concat(header, valid, invalid)))
        .isInstanceOf(InvalidElementException.class);
    byte[] kp = group.keyPackages().get(0).toBytes();
    System.arraycopy(invalid, 0, kp, 101, 32);
    assertThatThrownBy(() -> KeyPackage.fromBytes(kp)).isInstanceOf(InvalidElementException.class);
  }

  @Test
  void signature_nonCanonicalZ_rejected() {
    byte[] sig = new byte[64];
    Arrays.fill(sig, 32, 64, (byte) 0xff);
    assertThatThrownBy(() -> Signature.fromBytes(sig))
        .isInstanceOf(MalformedEncodingException.class);
    assertThatThrownBy(() -> Signature.fromBytes(new byte[63]))
        .isInstanceOf(MalformedEncodingException.class);
  }

  private static void assertMalformed(byte[] bytes, String messagePart) {
    assertThatThrownBy(() -> KeyPackage.fromBytes(bytes))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining(messagePart);
  }

  private static void assertMalformedPub(byte[] bytes, String messagePart) {
    assertThatThrownBy(() -> PublicKeyPackage.fromBytes(bytes))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining(messagePart);
  }
}
