package ist.spike.receipts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds chains for tests, including illegal ones (signed, linked, but breaking a rule). */
final class Chains {
  static final String SUBJECT = "did:example:alice";
  static final long T0 = 1_700_000_000L;
  static final long HOUR = 3600;

  private final JdkSigner signer;
  private final List<Receipt> receipts = new ArrayList<>();

  /** Party keys registered by {@link #genesis}: the old device, a contact, three guardians. */
  final Map<String, JdkSigner> parties = new LinkedHashMap<>();

  Chains(JdkSigner signer) {
    this.signer = signer;
    for (String name : List.of("device", "bob", "g1", "g2", "g3")) {
      parties.put(name, new JdkSigner());
    }
  }

  /** A genesis payload for a real (not test) user in this tier, registering every party. */
  ObjectNode genesis(Tier tier) {
    return genesis(tier, false);
  }

  ObjectNode genesis(Tier tier, boolean testUser) {
    Map<String, Party> registered = new LinkedHashMap<>();
    parties.forEach(
        (name, key) ->
            registered.put(
                name,
                new Party(
                    name,
                    switch (name) {
                      case "device" -> Canceller.OLD_DEVICE;
                      case "bob" -> Canceller.RECOVERY_CONTACT;
                      default -> Canceller.GUARDIAN;
                    },
                    key.publicKey())));
    ObjectNode payload = obj().put("threshold", 2);
    new Enrolment(tier, testUser, registered, tier == Tier.THRESHOLD_NETWORK ? 2 : 1)
        .writeTo(payload);
    return payload;
  }

  /** Adds a receipt whose payload carries approvals signed by the named parties' keys. */
  Chains addApproved(ReceiptKind kind, long ts, ObjectNode payload, String... approvers)
      throws Exception {
    Optional<ContentHash> prev =
        receipts.isEmpty()
            ? Optional.empty()
            : Optional.of(receipts.get(receipts.size() - 1).contentHash());
    byte[] message = PartyApproval.message(SUBJECT, kind, prev);
    var list = payload.putArray(PartyApproval.FIELD);
    for (String name : approvers) {
      list.addObject()
          .put("party", name)
          .put("signature", HexFormat.of().formatHex(parties.get(name).sign(message)));
    }
    return add(kind, ts, payload);
  }

  static ObjectNode obj() {
    return JsonNodeFactory.instance.objectNode();
  }

  Chains add(ReceiptKind kind, long ts, JsonNode payload) throws Exception {
    return add(kind, SUBJECT, ts, payload);
  }

  Chains add(ReceiptKind kind, String subject, long ts, JsonNode payload) throws Exception {
    Optional<ContentHash> prev =
        receipts.isEmpty()
            ? Optional.empty()
            : Optional.of(receipts.get(receipts.size() - 1).contentHash());
    receipts.add(signer.signed(Receipt.unsigned(kind, subject, ts, payload, prev)));
    return this;
  }

  List<Receipt> receipts() {
    return new ArrayList<>(receipts);
  }

  List<String> lines() {
    return receipts.stream().map(Receipt::toJson).toList();
  }

  /**
   * A full legal lifecycle: onboarding, daily use, a cancelled recovery, a completed one, rebind.
   */
  static Chains fullLifecycle(JdkSigner signer) throws Exception {
    Chains c = new Chains(signer);
    long t = T0;
    c.add(ReceiptKind.ONBOARDING, t, c.genesis(Tier.CONSUMER));
    c.add(ReceiptKind.DAILY_USE_START, t += 10, obj());
    c.add(ReceiptKind.FACTOR_LOSS, t += 10, obj().put("factor", "device"));
    c.add(ReceiptKind.RECOVERY_INITIATION, t += 10, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, t, factors("cloud", "recovery_code"));
    c.add(ReceiptKind.RECOVERY_COOLDOWN_START, t, obj().put("ends_at", t + 48 * HOUR));
    c.addApproved(
        ReceiptKind.RECOVERY_COOLDOWN_CANCEL,
        t += HOUR,
        obj().put("cancelled_by", "old_device"),
        "device");
    c.add(ReceiptKind.RECOVERY_INITIATION, t += 10, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, t, factors("cloud", "recovery_code"));
    c.add(ReceiptKind.RECOVERY_COOLDOWN_START, t, obj().put("ends_at", t + 48 * HOUR));
    t += 48 * HOUR;
    c.add(ReceiptKind.RECOVERY_PROBATION_START, t, obj().put("ends_at", t + 24 * HOUR));
    t += 24 * HOUR;
    c.add(ReceiptKind.RECOVERY_PROBATION_CLEAR, t, obj());
    c.add(ReceiptKind.WALLET_UNIT_REBIND, t += 10, obj().put("factor", "device"));
    c.add(ReceiptKind.SHARE_REFRESH, t += 10, obj());
    return c;
  }

  static ObjectNode factors(String... names) {
    ObjectNode o = obj();
    var arr = o.putArray("factors");
    for (String n : names) {
      arr.add(n);
    }
    return o;
  }
}
