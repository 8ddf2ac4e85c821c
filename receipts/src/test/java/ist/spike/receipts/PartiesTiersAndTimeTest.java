package ist.spike.receipts;

import static ist.spike.receipts.Chains.HOUR;
import static ist.spike.receipts.Chains.T0;
import static ist.spike.receipts.Chains.factors;
import static ist.spike.receipts.Chains.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Phase 2 rules: forged time, registered parties, tiers, independent override factors. */
class PartiesTiersAndTimeTest {
  private final JdkSigner signer = new JdkSigner();
  private final GroupPublicKey key = signer.publicKey();
  private static final Instant NOW = Instant.ofEpochSecond(T0 + 1000 * HOUR);

  private Chains recovering(Tier tier, String... asserted) throws Exception {
    Chains c = new Chains(signer);
    c.add(ReceiptKind.ONBOARDING, T0, c.genesis(tier));
    c.add(ReceiptKind.RECOVERY_INITIATION, T0, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, T0, factors(asserted));
    c.add(
        ReceiptKind.RECOVERY_COOLDOWN_START, T0, obj().put("ends_at", T0 + tier.cooldownSeconds()));
    return c;
  }

  private static void assertError(ChainReport report, int index, ChainErrorKind kind) {
    assertThat(report.error())
        .as("%s", report)
        .hasValueSatisfying(
            e -> {
              assertThat(e.index()).isEqualTo(index);
              assertThat(e.kind()).isEqualTo(kind);
            });
  }

  private ChainReport verify(Chains c) {
    return ChainVerifier.verify(c.receipts(), key, NOW);
  }

  @Test
  void verify_receiptDatedInTheFuture_futureTimestampAtItsIndex() throws Exception {
    Chains c = new Chains(signer);
    long now = NOW.getEpochSecond();
    c.add(ReceiptKind.ONBOARDING, now - 10, c.genesis(Tier.CONSUMER));
    c.add(ReceiptKind.DAILY_USE_START, now + 4 * 60, obj()); // within the 5 min skew
    c.add(ReceiptKind.SHARE_REFRESH, now + 48 * HOUR, obj());
    c.add(ReceiptKind.SHARE_REFRESH, now + 49 * HOUR, obj());
    assertError(verify(c), 2, ChainErrorKind.FUTURE_TIMESTAMP);
    assertThat(ChainVerifier.verifyJson(c.lines(), key, NOW).error().orElseThrow().index())
        .isEqualTo(2);
  }

  @Test
  void verify_futureReceiptsOfAMarkedTestUser_valid() throws Exception {
    Chains c = new Chains(signer);
    long now = NOW.getEpochSecond();
    c.add(ReceiptKind.ONBOARDING, now, c.genesis(Tier.CONSUMER, true));
    c.add(ReceiptKind.DAILY_USE_START, now + 72 * HOUR, obj());
    assertThat(verify(c).error()).isEmpty();
  }

  @Test
  void verify_receiptBackDatedBeforeThePrevious_timestampDecreasedAtItsIndex() throws Exception {
    Chains c = new Chains(signer);
    c.add(ReceiptKind.ONBOARDING, T0, c.genesis(Tier.CONSUMER));
    c.add(ReceiptKind.DAILY_USE_START, T0 + 100, obj());
    c.add(ReceiptKind.SHARE_REFRESH, T0 + 200, obj());
    c.add(ReceiptKind.SHARE_REFRESH, T0 + 150, obj());
    assertError(verify(c), 3, ChainErrorKind.TIMESTAMP_DECREASED);
  }

  @Test
  void verify_genesisWithoutTier_malformedPayload() throws Exception {
    Chains c = new Chains(signer).add(ReceiptKind.ONBOARDING, T0, obj().put("threshold", 2));
    assertError(verify(c), 0, ChainErrorKind.MALFORMED_PAYLOAD);
  }

  @Test
  void verify_cooldownShorterThanTheTiers_cooldownNotHonored() throws Exception {
    Chains c = new Chains(signer);
    c.add(ReceiptKind.ONBOARDING, T0, c.genesis(Tier.THRESHOLD_NETWORK));
    c.add(ReceiptKind.RECOVERY_INITIATION, T0, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, T0, factors("cloud", "recovery_code"));
    c.add(ReceiptKind.RECOVERY_COOLDOWN_START, T0, obj().put("ends_at", T0 + 48 * HOUR));
    assertError(verify(c), 3, ChainErrorKind.COOLDOWN_NOT_HONORED);
  }

  @Test
  void verify_cancelSignedByUnregisteredKey_unauthorizedParty() throws Exception {
    Chains c = recovering(Tier.CONSUMER, "cloud", "recovery_code");
    // "bob" is registered, but this approval is signed by someone else's key.
    c.parties.put("bob", new JdkSigner());
    c.addApproved(
        ReceiptKind.RECOVERY_COOLDOWN_CANCEL,
        T0 + 1,
        obj().put("cancelled_by", "recovery_contact"),
        "bob");
    assertError(verify(c), 4, ChainErrorKind.UNAUTHORIZED_PARTY);
  }

  @Test
  void verify_cancelByAPartyNeverRegistered_unauthorizedParty() throws Exception {
    Chains c = recovering(Tier.CONSUMER, "cloud", "recovery_code");
    c.parties.put("mallory", new JdkSigner());
    c.addApproved(
        ReceiptKind.RECOVERY_COOLDOWN_CANCEL,
        T0 + 1,
        obj().put("cancelled_by", "recovery_contact"),
        "mallory");
    assertError(verify(c), 4, ChainErrorKind.UNAUTHORIZED_PARTY);
  }

  @Test
  void verify_cancelWithALabelButNoSignature_unauthorizedParty() throws Exception {
    Chains c = recovering(Tier.CONSUMER, "cloud", "recovery_code");
    c.add(ReceiptKind.RECOVERY_COOLDOWN_CANCEL, T0 + 1, obj().put("cancelled_by", "old_device"));
    assertError(verify(c), 4, ChainErrorKind.UNAUTHORIZED_PARTY);
  }

  @Test
  void verify_approvalCopiedFromAnEarlierCancel_unauthorizedParty() throws Exception {
    Chains c = recovering(Tier.CONSUMER, "cloud", "recovery_code");
    c.addApproved(
        ReceiptKind.RECOVERY_COOLDOWN_CANCEL,
        T0 + 1,
        obj().put("cancelled_by", "old_device"),
        "device");
    String copied =
        c.receipts().get(4).payload().get("approvals").get(0).get("signature").textValue();
    c.add(ReceiptKind.RECOVERY_INITIATION, T0 + 2, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, T0 + 2, factors("cloud", "recovery_code"));
    c.add(ReceiptKind.RECOVERY_COOLDOWN_START, T0 + 2, obj().put("ends_at", T0 + 2 + 48 * HOUR));
    var payload = obj().put("cancelled_by", "old_device");
    payload.putArray("approvals").addObject().put("party", "device").put("signature", copied);
    c.add(ReceiptKind.RECOVERY_COOLDOWN_CANCEL, T0 + 3, payload);
    assertError(verify(c), 8, ChainErrorKind.UNAUTHORIZED_PARTY);
  }

  @Test
  void verify_guardianCancelsInConsumerTier_unauthorizedParty() throws Exception {
    Chains c = recovering(Tier.CONSUMER, "cloud", "recovery_code");
    c.addApproved(
        ReceiptKind.RECOVERY_COOLDOWN_CANCEL, T0 + 1, obj().put("cancelled_by", "guardian"), "g1");
    assertError(verify(c), 4, ChainErrorKind.UNAUTHORIZED_PARTY);
  }

  @Test
  void verify_overrideByTheDeviceThatStartedTheRecovery_independentFactorRequired()
      throws Exception {
    Chains c = recovering(Tier.CONSUMER, "device", "cloud");
    c.addApproved(ReceiptKind.EMERGENCY_ROTATION, T0 + 1, override(T0 + 1), "device");
    assertError(verify(c), 4, ChainErrorKind.INDEPENDENT_FACTOR_REQUIRED);
  }

  @Test
  void verify_overrideWithoutAnyPartySignature_independentFactorRequired() throws Exception {
    Chains c = recovering(Tier.CONSUMER, "cloud", "recovery_code");
    c.add(ReceiptKind.EMERGENCY_ROTATION, T0 + 1, override(T0 + 1));
    assertError(verify(c), 4, ChainErrorKind.INDEPENDENT_FACTOR_REQUIRED);
  }

  @Test
  void verify_overrideByIndependentOldDeviceOrContact_valid() throws Exception {
    for (String party : List.of("device", "bob")) {
      Chains c = recovering(Tier.CONSUMER, "cloud", "recovery_code");
      c.addApproved(ReceiptKind.EMERGENCY_ROTATION, T0 + 1, override(T0 + 1), party);
      assertThat(verify(c).finalState()).as(party).contains(LifecycleState.PROBATION);
    }
  }

  @Test
  void verify_thresholdNetworkOverrideWithOneGuardian_insufficientApprovals() throws Exception {
    Chains c = recovering(Tier.THRESHOLD_NETWORK, "cloud", "recovery_code");
    c.addApproved(
        ReceiptKind.EMERGENCY_ROTATION, T0 + 1, override(T0 + 1, Tier.THRESHOLD_NETWORK), "g1");
    assertError(verify(c), 4, ChainErrorKind.INSUFFICIENT_APPROVALS);
  }

  @Test
  void verify_thresholdNetworkOverrideWithTwoOfThreeGuardians_valid() throws Exception {
    Chains c = recovering(Tier.THRESHOLD_NETWORK, "cloud", "recovery_code");
    c.addApproved(
        ReceiptKind.EMERGENCY_ROTATION,
        T0 + 1,
        override(T0 + 1, Tier.THRESHOLD_NETWORK),
        "g1",
        "g3");
    assertThat(verify(c).finalState()).contains(LifecycleState.PROBATION);
  }

  @Test
  void verify_thresholdNetworkSameGuardianTwice_countsOnce() throws Exception {
    Chains c = recovering(Tier.THRESHOLD_NETWORK, "cloud", "recovery_code");
    c.addApproved(
        ReceiptKind.EMERGENCY_ROTATION,
        T0 + 1,
        override(T0 + 1, Tier.THRESHOLD_NETWORK),
        "g2",
        "g2");
    assertError(verify(c), 4, ChainErrorKind.INSUFFICIENT_APPROVALS);
  }

  @Test
  void verify_institutionalProbationClearedWithoutGuardian_insufficientApprovals()
      throws Exception {
    Chains c = recovering(Tier.INSTITUTIONAL, "cloud", "recovery_code");
    long t = T0 + Tier.INSTITUTIONAL.cooldownSeconds();
    c.add(ReceiptKind.RECOVERY_PROBATION_START, t, obj().put("ends_at", t + 24 * HOUR));
    c.add(ReceiptKind.RECOVERY_PROBATION_CLEAR, t + 24 * HOUR, obj());
    assertError(verify(c), 5, ChainErrorKind.INSUFFICIENT_APPROVALS);

    Chains ok = recovering(Tier.INSTITUTIONAL, "cloud", "recovery_code");
    ok.add(ReceiptKind.RECOVERY_PROBATION_START, t, obj().put("ends_at", t + 24 * HOUR));
    ok.addApproved(ReceiptKind.RECOVERY_PROBATION_CLEAR, t + 24 * HOUR, obj(), "g2");
    assertThat(verify(ok).finalState()).contains(LifecycleState.LIVE);
  }

  @Test
  void verifyJson_approvalSignatureByteFlipped_unauthorizedPartyAtThatIndex() throws Exception {
    Chains c = recovering(Tier.CONSUMER, "cloud", "recovery_code");
    c.addApproved(
        ReceiptKind.RECOVERY_COOLDOWN_CANCEL,
        T0 + 1,
        obj().put("cancelled_by", "recovery_contact"),
        "bob");
    // Re-sign the receipt with the group after corrupting the party signature: only the party
    // check can catch it.
    Receipt r = c.receipts().get(4);
    var payload = r.payload();
    var approval = (com.fasterxml.jackson.databind.node.ObjectNode) payload.get("approvals").get(0);
    byte[] sig = HexFormat.of().parseHex(approval.get("signature").textValue());
    sig[0] ^= 1;
    approval.put("signature", HexFormat.of().formatHex(sig));
    List<Receipt> chain = new ArrayList<>(c.receipts());
    chain.set(
        4,
        signer.signed(
            Receipt.unsigned(r.kind(), r.subject(), r.timestamp(), payload, r.prevHash())));
    assertError(ChainVerifier.verify(chain, key, NOW), 4, ChainErrorKind.UNAUTHORIZED_PARTY);
    assertThat(Optional.of(chain.size())).contains(5);
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode override(long t) {
    return override(t, Tier.CONSUMER);
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode override(long t, Tier tier) {
    return obj()
        .put("override_evidence", "phone stolen, police report 123")
        .put("ends_at", t + tier.probationSeconds());
  }
}
