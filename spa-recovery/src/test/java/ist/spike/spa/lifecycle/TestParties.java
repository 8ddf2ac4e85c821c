package ist.spike.spa.lifecycle;

import ist.spike.receipts.Canceller;
import ist.spike.receipts.Enrolment;
import ist.spike.receipts.JdkSigner;
import ist.spike.receipts.Party;
import ist.spike.receipts.Tier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Party keys for lifecycle tests: the old device, contact bob, guardians g1 and g2, and mallory.
 */
final class TestParties {
  final Map<String, JdkSigner> keys = new LinkedHashMap<>();

  TestParties() {
    for (String name : new String[] {"device", "bob", "g1", "g2", "mallory"}) {
      keys.put(name, new JdkSigner());
    }
  }

  /** An approver; mallory is never registered. */
  PartyApprover approver(String name) {
    return new PartyApprover(name, keys.get(name));
  }

  /** A real user's enrolment registering device, bob, g1 and g2 (not mallory). */
  Enrolment enrolment(Tier tier) {
    Map<String, Party> parties = new LinkedHashMap<>();
    parties.put(
        "device", new Party("device", Canceller.OLD_DEVICE, keys.get("device").publicKey()));
    parties.put("bob", new Party("bob", Canceller.RECOVERY_CONTACT, keys.get("bob").publicKey()));
    parties.put("g1", new Party("g1", Canceller.GUARDIAN, keys.get("g1").publicKey()));
    parties.put("g2", new Party("g2", Canceller.GUARDIAN, keys.get("g2").publicKey()));
    return new Enrolment(tier, false, parties, tier == Tier.THRESHOLD_NETWORK ? 2 : 1);
  }
}
