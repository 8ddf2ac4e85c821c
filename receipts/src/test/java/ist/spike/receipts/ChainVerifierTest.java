package ist.spike.receipts;

import static ist.spike.receipts.Chains.HOUR;
import static ist.spike.receipts.Chains.T0;
import static ist.spike.receipts.Chains.factors;
import static ist.spike.receipts.Chains.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {
  private final JdkSigner signer = new JdkSigner();
  private final GroupPublicKey key = signer.publicKey();

  @Test
  void verify_fullLifecycle_valid() throws Exception {
    Chains c = Chains.fullLifecycle(signer);
    ChainReport report = ChainVerifier.verifyJson(c.lines(), key);
    assertThat(report.error()).isEmpty();
    assertThat(report.receipts()).isEqualTo(c.lines().size());
    assertThat(report.finalState()).contains(LifecycleState.DAILY_USE);
  }

  @Test
  void verify_everyByteOfEveryReceiptTampered_reportsThatIndex() throws Exception {
    List<String> lines = Chains.fullLifecycle(signer).lines();
    int checked = 0;
    for (int i = 0; i < lines.size(); i++) {
      byte[] bytes = lines.get(i).getBytes(StandardCharsets.UTF_8);
      // Every byte of the first, a middle and the last receipt; every 7th byte elsewhere.
      int step = (i == 0 || i == 6 || i == lines.size() - 1) ? 1 : 7;
      for (int pos = 0; pos < bytes.length; pos += step) {
        byte[] copy = bytes.clone();
        copy[pos] ^= (byte) (pos % 2 == 0 ? 0x01 : 0x20);
        List<String> tampered = new ArrayList<>(lines.subList(0, i + 1));
        tampered.set(i, new String(copy, StandardCharsets.UTF_8));
        ChainReport report = ChainVerifier.verifyJson(tampered, key);
        assertThat(report.error().map(ChainError::index))
            .as("receipt %d byte %d", i, pos)
            .contains(i);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void verify_payloadTamperedInMemory_invalidSignatureAtThatIndex() throws Exception {
    List<Receipt> chain = Chains.fullLifecycle(signer).receipts();
    Receipt r = chain.get(6);
    var payload = r.payload().put("cancelled_by", "guardian");
    Receipt forged =
        Receipt.unsigned(r.kind(), r.subject(), r.timestamp(), payload, r.prevHash())
            .withSignature(java.util.HexFormat.of().parseHex(r.signatureHex()));
    chain.set(6, forged);
    assertError(ChainVerifier.verify(chain, key), 6, ChainErrorKind.INVALID_SIGNATURE);
  }

  @Test
  void verify_receiptDeleted_prevHashMismatchAtGap() throws Exception {
    List<Receipt> chain = Chains.fullLifecycle(signer).receipts();
    chain.remove(4);
    assertError(ChainVerifier.verify(chain, key), 4, ChainErrorKind.PREV_HASH_MISMATCH);
  }

  @Test
  void verify_receiptsSwapped_prevHashMismatch() throws Exception {
    List<Receipt> chain = Chains.fullLifecycle(signer).receipts();
    Receipt a = chain.get(2);
    chain.set(2, chain.get(3));
    chain.set(3, a);
    assertError(ChainVerifier.verify(chain, key), 2, ChainErrorKind.PREV_HASH_MISMATCH);
  }

  @Test
  void verify_foreignKey_invalidSignatureAtZero() throws Exception {
    List<Receipt> chain = Chains.fullLifecycle(signer).receipts();
    assertError(
        ChainVerifier.verify(chain, new JdkSigner().publicKey()),
        0,
        ChainErrorKind.INVALID_SIGNATURE);
  }

  @Test
  void verify_unsignedReceipt_missingSignature() throws Exception {
    List<Receipt> chain = Chains.fullLifecycle(signer).receipts();
    Receipt r = chain.get(1);
    chain.set(1, Receipt.unsigned(r.kind(), r.subject(), r.timestamp(), r.payload(), r.prevHash()));
    assertError(ChainVerifier.verify(chain, key), 1, ChainErrorKind.MISSING_SIGNATURE);
  }

  @Test
  void verify_upperCaseSignatureHex_malformedSignature() throws Exception {
    List<String> lines = new ArrayList<>(Chains.fullLifecycle(signer).lines());
    Receipt r = Receipt.parse(lines.get(2));
    String upper = lines.get(2).replace(r.signatureHex(), r.signatureHex().toUpperCase());
    lines.set(2, upper);
    ChainReport report = ChainVerifier.verifyJson(lines, key);
    assertThat(report.error()).hasValueSatisfying(e -> assertThat(e.index()).isEqualTo(2));
  }

  @Test
  void verify_empty_emptyError() {
    assertError(ChainVerifier.verify(List.of(), key), 0, ChainErrorKind.EMPTY);
  }

  @Test
  void verify_anchorWithPrevHash_anchorHasPrevHash() throws Exception {
    Receipt r =
        signer.signed(
            Receipt.unsigned(
                ReceiptKind.ONBOARDING,
                Chains.SUBJECT,
                T0,
                obj(),
                Optional.of(ContentHash.blake3(new byte[1]))));
    assertError(ChainVerifier.verify(List.of(r), key), 0, ChainErrorKind.ANCHOR_HAS_PREV_HASH);
  }

  @Test
  void verify_chainNotStartingWithOnboarding_illegalTransition() throws Exception {
    Chains c = new Chains(signer).add(ReceiptKind.RECOVERY_INITIATION, T0, obj());
    assertError(ChainVerifier.verify(c.receipts(), key), 0, ChainErrorKind.ILLEGAL_TRANSITION);
  }

  @Test
  void verify_cooldownDirectlyToLive_illegalTransition() throws Exception {
    Chains c = recoveringChain();
    c.add(ReceiptKind.RECOVERY_PROBATION_CLEAR, T0 + 100 * HOUR, obj());
    assertError(ChainVerifier.verify(c.receipts(), key), 4, ChainErrorKind.ILLEGAL_TRANSITION);
  }

  @Test
  void verify_probationBeforeCooldownEnds_cooldownNotHonored() throws Exception {
    Chains c = recoveringChain();
    long early = T0 + 48 * HOUR - 1;
    c.add(ReceiptKind.RECOVERY_PROBATION_START, early, obj().put("ends_at", early + 24 * HOUR));
    assertError(ChainVerifier.verify(c.receipts(), key), 4, ChainErrorKind.COOLDOWN_NOT_HONORED);
  }

  @Test
  void verify_probationClearedEarly_probationNotHonored() throws Exception {
    Chains c = recoveringChain();
    long t = T0 + 48 * HOUR;
    c.add(ReceiptKind.RECOVERY_PROBATION_START, t, obj().put("ends_at", t + 24 * HOUR));
    c.add(ReceiptKind.RECOVERY_PROBATION_CLEAR, t + HOUR, obj());
    assertError(ChainVerifier.verify(c.receipts(), key), 5, ChainErrorKind.PROBATION_NOT_HONORED);
  }

  @Test
  void verify_emergencyRotationWithoutEvidence_missingOverrideEvidence() throws Exception {
    Chains c = recoveringChain();
    c.add(ReceiptKind.EMERGENCY_ROTATION, T0 + 1, obj().put("ends_at", T0 + 25 * HOUR));
    assertError(
        ChainVerifier.verify(c.receipts(), key), 4, ChainErrorKind.MISSING_OVERRIDE_EVIDENCE);
  }

  @Test
  void verify_emergencyRotationWithEvidence_skipsCooldown() throws Exception {
    Chains c = recoveringChain();
    c.addApproved(
        ReceiptKind.EMERGENCY_ROTATION,
        T0 + 1,
        obj()
            .put("override_evidence", "device seen in attacker's hands")
            .put("ends_at", T0 + 1 + 24 * HOUR),
        "bob");
    c.add(ReceiptKind.RECOVERY_PROBATION_CLEAR, T0 + 1 + 24 * HOUR, obj());
    assertThat(ChainVerifier.verify(c.receipts(), key).finalState()).contains(LifecycleState.LIVE);
  }

  @Test
  void verify_cancelWithoutCanceller_missingCanceller() throws Exception {
    Chains c = recoveringChain();
    c.add(ReceiptKind.RECOVERY_COOLDOWN_CANCEL, T0 + 1, obj().put("cancelled_by", "stranger"));
    assertError(ChainVerifier.verify(c.receipts(), key), 4, ChainErrorKind.MISSING_CANCELLER);
  }

  @Test
  void verify_cooldownWithoutFactorAssertion_illegalTransition() throws Exception {
    Chains c = new Chains(signer);
    c.add(ReceiptKind.ONBOARDING, T0, c.genesis(Tier.CONSUMER));
    c.add(ReceiptKind.RECOVERY_INITIATION, T0, obj());
    c.add(ReceiptKind.RECOVERY_COOLDOWN_START, T0, obj().put("ends_at", T0 + 48 * HOUR));
    assertError(ChainVerifier.verify(c.receipts(), key), 2, ChainErrorKind.ILLEGAL_TRANSITION);
  }

  @Test
  void verify_oneFactor_insufficientFactors() throws Exception {
    Chains c = new Chains(signer);
    c.add(ReceiptKind.ONBOARDING, T0, c.genesis(Tier.CONSUMER));
    c.add(ReceiptKind.RECOVERY_INITIATION, T0, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, T0, factors("cloud", "cloud"));
    assertError(ChainVerifier.verify(c.receipts(), key), 2, ChainErrorKind.INSUFFICIENT_FACTORS);
  }

  @Test
  void verify_secondSubject_subjectMismatch() throws Exception {
    Chains c = new Chains(signer);
    c.add(ReceiptKind.ONBOARDING, T0, c.genesis(Tier.CONSUMER));
    c.add(ReceiptKind.DAILY_USE_START, "did:example:mallory", T0, obj());
    assertError(ChainVerifier.verify(c.receipts(), key), 1, ChainErrorKind.SUBJECT_MISMATCH);
  }

  @Test
  void verify_timestampGoesBack_timestampDecreased() throws Exception {
    Chains c = new Chains(signer);
    c.add(ReceiptKind.ONBOARDING, T0, c.genesis(Tier.CONSUMER));
    c.add(ReceiptKind.DAILY_USE_START, T0 - 1, obj());
    assertError(ChainVerifier.verify(c.receipts(), key), 1, ChainErrorKind.TIMESTAMP_DECREASED);
  }

  @Test
  void verifyJson_garbageLine_malformedReceiptAtThatIndex() throws Exception {
    List<String> lines = new ArrayList<>(Chains.fullLifecycle(signer).lines());
    lines.set(3, "not json");
    assertError(ChainVerifier.verifyJson(lines, key), 3, ChainErrorKind.MALFORMED_RECEIPT);
  }

  private Chains recoveringChain() throws Exception {
    Chains c = new Chains(signer);
    c.add(ReceiptKind.ONBOARDING, T0, c.genesis(Tier.CONSUMER));
    c.add(ReceiptKind.RECOVERY_INITIATION, T0, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, T0, factors("cloud", "recovery_code"));
    c.add(ReceiptKind.RECOVERY_COOLDOWN_START, T0, obj().put("ends_at", T0 + 48 * HOUR));
    return c;
  }

  private static void assertError(ChainReport report, int index, ChainErrorKind kind) {
    assertThat(report.error())
        .hasValueSatisfying(
            e -> {
              assertThat(e.index()).isEqualTo(index);
              assertThat(e.kind()).isEqualTo(kind);
            });
  }
}
