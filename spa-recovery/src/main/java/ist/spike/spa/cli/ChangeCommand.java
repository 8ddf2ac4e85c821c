package ist.spike.spa.cli;

import ist.spike.receipts.Canceller;
import ist.spike.receipts.Enrolment;
import ist.spike.receipts.Party;
import ist.spike.receipts.Tier;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code change} command: request a change of tier or registered parties. */
@Command(
    name = "change",
    description =
        "Request a change of tier, guardian threshold or registered parties. It is recorded and"
            + " takes effect only after the current tier's cooldown (apply-change); meanwhile a"
            + " party the current tier allows to cancel can cancel it.")
final class ChangeCommand extends UserCommand {
  @Option(
      names = "--tier",
      description = "The new tier: consumer, threshold-network, institutional.")
  String tier;

  @Option(
      names = "--guardian-threshold",
      description = "threshold-network: how many guardians must co-sign an emergency rotation.")
  Integer guardianThreshold;

  @Option(names = "--add-contact", description = "A new recovery contact: NAME=PUBLIC_KEY_HEX.")
  List<String> addContacts = new ArrayList<>();

  @Option(names = "--add-guardian", description = "A new guardian: NAME=PUBLIC_KEY_HEX.")
  List<String> addGuardians = new ArrayList<>();

  @Option(names = "--remove", description = "A registered contact or guardian to remove: NAME.")
  List<String> remove = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (tier == null
        && guardianThreshold == null
        && addContacts.isEmpty()
        && addGuardians.isEmpty()
        && remove.isEmpty()) {
      throw new CliException(
          "nothing to change: give --tier, --guardian-threshold, --add-contact, --add-guardian or"
              + " --remove");
    }
    Tier wanted = null;
    if (tier != null) {
      wanted =
          Tier.fromWireName(tier.strip().toLowerCase(Locale.ROOT))
              .orElseThrow(
                  () ->
                      new CliException(
                          "--tier must be consumer, threshold-network or institutional"));
    }
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      Enrolment current = m.enrolment();
      Tier next = wanted != null ? wanted : current.tier();
      Map<String, Party> parties = new LinkedHashMap<>(current.parties());
      for (String name : remove) {
        String n = name.strip();
        if (n.equals(Enrolment.DEVICE_PARTY)) {
          throw new CliException(
              "party 'device' is the device's own key; it is replaced by repair, not removed");
        }
        if (parties.remove(n) == null) {
          throw new CliException("--remove " + n + ": no such registered party");
        }
      }
      for (String c : addContacts) {
        OnboardCommand.addParty(parties, c, Canceller.RECOVERY_CONTACT);
      }
      for (String g : addGuardians) {
        OnboardCommand.addParty(parties, g, Canceller.GUARDIAN);
      }
      int k =
          guardianThreshold != null
              ? guardianThreshold
              : next != Tier.THRESHOLD_NETWORK
                  ? 1
                  : current.tier() == Tier.THRESHOLD_NETWORK ? current.guardianThreshold() : 2;
      Enrolment proposed;
      try {
        proposed = new Enrolment(next, current.testUser(), parties, k);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
      m.requestChange(proposed, s.signer(s.openAnyTwo()));
      s.save(m);
      cli.out.println(
          "change requested (cooldown of the current "
              + current.tier().wireName()
              + " tier; cancel with cancel --by, complete with apply-change)");
      cli.printState(m);
    }
    return 0;
  }
}
