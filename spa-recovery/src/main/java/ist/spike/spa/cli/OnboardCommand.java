package ist.spike.spa.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import ist.spike.receipts.Canceller;
import ist.spike.receipts.Enrolment;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.Party;
import ist.spike.receipts.ReceiptSigner;
import ist.spike.receipts.Tier;
import ist.spike.spa.group.ShareSecret;
import ist.spike.spa.group.ThresholdGroup;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import ist.spike.spa.vault.PartyKey;
import ist.spike.spa.vault.RecoveryCode;
import ist.spike.spa.vault.WrappingKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code onboard} command. */
@Command(
    name = "onboard",
    description =
        "Deal 2-of-3 shares, register the parties and the tier, show the recovery code once.")
final class OnboardCommand extends UserCommand {
  @Option(
      names = "--tier",
      defaultValue = "consumer",
      description = "consumer (default), threshold-network or institutional.")
  String tier;

  @Option(
      names = "--contact",
      description = "A recovery contact: NAME=PUBLIC_KEY_HEX (from party-key). Repeatable.")
  List<String> contacts = new ArrayList<>();

  @Option(
      names = "--guardian",
      description = "A guardian: NAME=PUBLIC_KEY_HEX (from party-key). Repeatable.")
  List<String> guardians = new ArrayList<>();

  @Option(
      names = "--guardian-threshold",
      description = "threshold-network: how many guardians must co-sign an emergency rotation.")
  Integer guardianThreshold;

  @Option(
      names = "--cloud",
      defaultValue = "file",
      description =
          "Where the cloud factor lives: file (offline stub, default) or spike (SPIKE Nexus, with"
              + " this user's SVID from SPIKE_SVID_DIR; also anchors the chain head).")
  String cloudKind;

  @Option(
      names = "--test-user",
      description =
          "Create a user for tests only: it follows a test clock (see advance) and its receipts"
              + " are marked as such. Never for a real user.")
  boolean testUser;

  @Override
  public Integer call() throws Exception {
    Tier t =
        Tier.fromWireName(tier.strip().toLowerCase(java.util.Locale.ROOT))
            .orElseThrow(
                () ->
                    new CliException(
                        "--tier must be consumer, threshold-network or institutional"));
    if (cli.testClockEnabled() && !testUser) {
      throw new CliException(
          "SPA_TEST_CLOCK=1 is only for test users: add --test-user (never for a real user)");
    }
    if (!cloudKind.equals("file") && !cloudKind.equals("spike")) {
      throw new CliException("--cloud must be file or spike");
    }
    Map<String, Party> parties = new LinkedHashMap<>();
    for (String c : contacts) {
      addParty(parties, c, Canceller.RECOVERY_CONTACT);
    }
    for (String g : guardians) {
      addParty(parties, g, Canceller.GUARDIAN);
    }
    try (SpaRecoveryCli.Session s = session(true)) {
      if (s.files.onboarded()) {
        throw new CliException("user " + s.user + " is already onboarded in " + s.vault.userDir());
      }
      if (cloudKind.equals("spike")) {
        s.useCloud(cli.spikeCloud(s.user));
      }
      Clock clock =
          testUser
              ? Clock.fixed(Instant.ofEpochSecond(Instant.now().getEpochSecond()), ZoneOffset.UTC)
              : Clock.systemUTC();
      try (PartyKey deviceParty = PartyKey.create(s.files.deviceSigningKeyFile(), cli.random)) {
        Map<String, Party> all = new LinkedHashMap<>();
        all.put("device", new Party("device", Canceller.OLD_DEVICE, deviceParty.publicKey()));
        all.putAll(parties);
        Enrolment enrolment;
        try {
          enrolment =
              new Enrolment(t, testUser, all, guardianThreshold == null ? 1 : guardianThreshold);
        } catch (IllegalArgumentException e) {
          throw new CliException(e.getMessage());
        }
        try (ThresholdGroup.Dealt dealt = cli.group.deal();
            WrappingKey device = WrappingKey.create(s.files.deviceKeyFile(), cli.random);
            WrappingKey cloud = s.cloud.create(cli.random);
            RecoveryCode code = RecoveryCode.generate(cli.random)) {
          List<ShareSecret> shares = dealt.shares();
          ReceiptSigner signer = cli.group.signer(shares.subList(0, 2), dealt.group());
          RecoveryLifecycle m =
              RecoveryLifecycle.onboard(
                  dealt.group().groupKey(),
                  s.user.value(),
                  clock,
                  enrolment,
                  JsonNodeFactory.instance.objectNode().put("cloud_factor", s.cloud.kind()),
                  signer);
          if (testUser) {
            s.files.writeTestClock(clock.instant().getEpochSecond());
          }
          // group.json is written last among the renames' names, so "onboarded" means complete.
          s.stageShares(shares, device, cloud, code)
              .put("receipts.jsonl", UserFiles.receiptsBytes(m.chain().receipts()))
              .put("group.json", s.files.groupJson(s.user.value(), dealt.group()))
              .commit();
          s.recordHead(m.chain().receipts());
          cli.out.println("onboarded: " + s.user + (testUser ? " (TEST USER: test clock)" : ""));
          cli.out.println("tier: " + t.wireName());
          cli.out.println("cloud factor: " + s.cloud.kind());
          cli.out.println("parties: " + String.join(", ", all.keySet()));
          cli.out.println("group public key: " + dealt.group().groupKey().toHex());
          cli.out.println(
              "shares: device.share cloud.share recovery-code.share in " + s.vault.userDir());
          cli.showRecoveryCodeOnce(
              "RECOVERY CODE (shown once; write it down and keep it offline): ", code);
          cli.printState(m);
        }
      }
    }
    return 0;
  }

  private static void addParty(Map<String, Party> parties, String spec, Canceller role)
      throws CliException {
    int eq = spec.indexOf('=');
    if (eq < 0) {
      throw new CliException(
          "a party is NAME=PUBLIC_KEY_HEX (run party-key to make one), not '" + spec + "'");
    }
    String name = spec.substring(0, eq).strip();
    if (name.equals("device") || parties.containsKey(name)) {
      throw new CliException(
          "party name '" + name + "' is taken (each name once; 'device' is the old device)");
    }
    try {
      parties.put(
          name, new Party(name, role, GroupPublicKey.parseHex(spec.substring(eq + 1).strip())));
    } catch (IllegalArgumentException e) {
      throw new CliException("party '" + name + "': " + e.getMessage());
    }
  }
}
