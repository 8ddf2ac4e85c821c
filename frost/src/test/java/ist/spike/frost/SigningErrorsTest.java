package ist.spike.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SigningErrorsTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] MESSAGE = {1, 2, 3};
  private DealerOutput group;
  private KeyPackage k1;
  private KeyPackage k2;
  private KeyPackage k3;

  @BeforeEach
  void setUp() {
    group = TrustedDealer.generate(3, 2, RANDOM);
    k1 = group.keyPackages().get(0);
    k2 = group.keyPackages().get(1);
    k3 = group.keyPackages().get(2);
  }

  @AfterEach
  void tearDown() {
    group.close();
  }

  /** A signing package over {@link #MESSAGE} with two signers' round-1 commitments. */
  private static SigningPackage signingPackage(
      Identifier a, Round1Result ra, Identifier b, Round1Result rb) {
    return new SigningPackage(Map.of(a, ra.commitments(), b, rb.commitments()), MESSAGE);
  }

  @Test
  void sign_oneCommitment_throwsInsufficientSigners() throws Exception {
    Round1Result r1 = Round1.commit(k1, RANDOM);
    SigningPackage pkg = new SigningPackage(Map.of(k1.identifier(), r1.commitments()), MESSAGE);
    assertThatThrownBy(() -> Round2.sign(pkg, r1.nonces(), k1))
        .isInstanceOf(InsufficientSignersException.class)
        .hasMessage("need 2 signers, have 1");
    assertThat(r1.nonces().isSpent()).isFalse();
  }

  @Test
  void aggregate_oneShare_throwsInsufficientSigners() throws Exception {
    Round1Result r1 = Round1.commit(k1, RANDOM);
    Round1Result r2 = Round1.commit(k2, RANDOM);
    SigningPackage pkg = signingPackage(k1.identifier(), r1, k2.identifier(), r2);
    SignatureShare s1 = Round2.sign(pkg, r1.nonces(), k1);
    assertThatThrownBy(
            () -> Aggregator.aggregate(pkg, Map.of(k1.identifier(), s1), group.publicKeyPackage()))
        .isInstanceOfSatisfying(
            InsufficientSignersException.class,
            e -> {
              assertThat(e.have()).isEqualTo(1);
              assertThat(e.need()).isEqualTo(2);
            });
  }

  @Test
  void sign_ownCommitmentMissing_throwsMissingCommitment() throws Exception {
    Round1Result r1 = Round1.commit(k1, RANDOM);
    Round1Result r2 = Round1.commit(k2, RANDOM);
    Round1Result r3 = Round1.commit(k3, RANDOM);
    SigningPackage pkg = signingPackage(k2.identifier(), r2, k3.identifier(), r3);
    assertThatThrownBy(() -> Round2.sign(pkg, r1.nonces(), k1))
        .isInstanceOfSatisfying(
            MissingCommitmentException.class,
            e -> assertThat(e.signer()).isEqualTo(k1.identifier()));
  }

  @Test
  void sign_commitmentFromAnotherSession_throwsIncorrectCommitment() throws Exception {
    Round1Result first = Round1.commit(k1, RANDOM);
    Round1Result second = Round1.commit(k1, RANDOM);
    Round1Result r2 = Round1.commit(k2, RANDOM);
    SigningPackage pkg = signingPackage(k1.identifier(), second, k2.identifier(), r2);
    assertThatThrownBy(() -> Round2.sign(pkg, first.nonces(), k1))
        .isInstanceOf(IncorrectCommitmentException.class)
        .hasMessageContaining("signer 1");
  }

  @Test
  void sign_noncesOfAnotherSigner_throwsSignerMismatch() throws Exception {
    Round1Result r1 = Round1.commit(k1, RANDOM);
    Round1Result r2 = Round1.commit(k2, RANDOM);
    SigningPackage pkg = signingPackage(k1.identifier(), r1, k2.identifier(), r2);
    assertThatThrownBy(() -> Round2.sign(pkg, r1.nonces(), k2))
        .isInstanceOf(SignerMismatchException.class);
  }

  @Test
  void sign_noncesUsedTwice_throwsNonceReused() throws Exception {
    Round1Result r1 = Round1.commit(k1, RANDOM);
    Round1Result r2 = Round1.commit(k2, RANDOM);
    SigningPackage pkg = signingPackage(k1.identifier(), r1, k2.identifier(), r2);
    Round2.sign(pkg, r1.nonces(), k1);
    assertThat(r1.nonces().isSpent()).isTrue();
    assertThat(r1.nonces().isWiped()).isTrue();
    assertThatThrownBy(() -> Round2.sign(pkg, r1.nonces(), k1))
        .isInstanceOf(NonceReusedException.class);
  }

  @Test
  void aggregate_sharesAndCommitmentsDisagree_throwsSignerMismatch() throws Exception {
    Round1Result r1 = Round1.commit(k1, RANDOM);
    Round1Result r2 = Round1.commit(k2, RANDOM);
    Round1Result r3 = Round1.commit(k3, RANDOM);
    SigningPackage pkg =
        new SigningPackage(
            Map.of(
                k1.identifier(), r1.commitments(),
                k2.identifier(), r2.commitments(),
                k3.identifier(), r3.commitments()),
            MESSAGE);
    SignatureShare s1 = Round2.sign(pkg, r1.nonces(), k1);
    SignatureShare s2 = Round2.sign(pkg, r2.nonces(), k2);
    assertThatThrownBy(
            () ->
                Aggregator.aggregate(
                    pkg,
                    Map.of(k1.identifier(), s1, k2.identifier(), s2),
                    group.publicKeyPackage()))
        .isInstanceOf(SignerMismatchException.class)
        .hasMessageContaining("[1, 2]")
        .hasMessageContaining("[1, 2, 3]");
  }

  @Test
  void aggregate_signerOutsideGroup_throwsSignerMismatch() throws Exception {
    try (DealerOutput other = TrustedDealer.generate(5, 2, RANDOM)) {
      KeyPackage stranger = other.keyPackages().get(4);
      Round1Result r1 = Round1.commit(k1, RANDOM);
      Round1Result r5 = Round1.commit(stranger, RANDOM);
      SigningPackage pkg = signingPackage(k1.identifier(), r1, stranger.identifier(), r5);
      SignatureShare s1 = Round2.sign(pkg, r1.nonces(), k1);
      SignatureShare s5 = Round2.sign(pkg, r5.nonces(), stranger);
      assertThatThrownBy(
              () ->
                  Aggregator.aggregate(
                      pkg,
                      Map.of(k1.identifier(), s1, stranger.identifier(), s5),
                      group.publicKeyPackage()))
          .isInstanceOf(SignerMismatchException.class)
          .hasMessageContaining("signer 5 is not in the group");
    }
  }

  @Test
  void aggregate_shareFromKeyOfAnotherGroup_namesCulprit() throws Exception {
    try (DealerOutput other = TrustedDealer.generate(3, 2, RANDOM)) {
      KeyPackage foreign2 = other.keyPackages().get(1);
      Round1Result r1 = Round1.commit(k1, RANDOM);
      Round1Result r2 = Round1.commit(foreign2, RANDOM);
      SigningPackage pkg = signingPackage(k1.identifier(), r1, k2.identifier(), r2);
      SignatureShare s1 = Round2.sign(pkg, r1.nonces(), k1);
      SignatureShare s2 = Round2.sign(pkg, r2.nonces(), foreign2);
      assertThatThrownBy(
              () ->
                  Aggregator.aggregate(
                      pkg,
                      Map.of(k1.identifier(), s1, k2.identifier(), s2),
                      group.publicKeyPackage()))
          .isInstanceOfSatisfying(
              InvalidSignatureShareException.class,
              e -> assertThat(e.culprit()).isEqualTo(k2.identifier()));
    }
  }

  @Test
  void frostSession_duplicateSigner_throwsSignerMismatch() {
    assertThatThrownBy(
            () -> FrostSession.sign(MESSAGE, List.of(k1, k1), group.publicKeyPackage(), RANDOM))
        .isInstanceOf(SignerMismatchException.class)
        .hasMessageContaining("appears twice");
  }

  @Test
  void frostSession_keyPackageOfAnotherGroup_throwsSignerMismatch() {
    try (DealerOutput other = TrustedDealer.generate(3, 2, RANDOM)) {
      assertThatThrownBy(
              () ->
                  FrostSession.sign(
                      MESSAGE,
                      List.of(k1, other.keyPackages().get(1)),
                      group.publicKeyPackage(),
                      RANDOM))
          .isInstanceOf(SignerMismatchException.class)
          .hasMessageContaining("another group");
    }
  }

  @Test
  void frostSession_allThree_verifiesWithJdkAndBouncyCastle() throws Exception {
    Signature sig =
        FrostSession.sign(MESSAGE, List.of(k3, k1, k2), group.publicKeyPackage(), RANDOM);
    VerifyingKey key = group.publicKeyPackage().verifyingKey();
    assertThat(key.verify(MESSAGE, sig.toBytes())).isTrue();
    java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
    jdk.initVerify(key.toPublicKey());
    jdk.update(MESSAGE);
    assertThat(jdk.verify(sig.toBytes())).isTrue();
    assertThat(key.toPublicKey().getAlgorithm()).isIn("EdDSA", "Ed25519");
    assertThat(
            org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
                sig.toBytes(), 0, key.toBytes(), 0, MESSAGE, 0, MESSAGE.length))
        .isTrue();
    byte[] other = {1, 2, 4};
    assertThat(
            org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
                sig.toBytes(), 0, key.toBytes(), 0, other, 0, other.length))
        .isFalse();
  }

  @Test
  void verify_malformedSignature_returnsFalse() {
    VerifyingKey key = group.publicKeyPackage().verifyingKey();
    assertThat(key.verify(MESSAGE, new byte[63])).isFalse();
    assertThat(key.verify(MESSAGE, new byte[64])).isFalse();
  }

  @Test
  void generate_invalidParameters_throwIllegalArgument() {
    assertThatThrownBy(() -> TrustedDealer.generate(3, 1, RANDOM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minSigners");
    assertThatThrownBy(() -> TrustedDealer.generate(2, 3, RANDOM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSigners");
    assertThatThrownBy(() -> Identifier.of(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
