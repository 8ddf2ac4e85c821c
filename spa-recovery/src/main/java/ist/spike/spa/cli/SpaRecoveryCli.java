package ist.spike.spa.cli;

import static java.util.Objects.requireNonNull;

import ist.spike.cli.BuildVersionProvider;
import ist.spike.cli.CliConventions;
import ist.spike.client.SpikeClient;
import ist.spike.receipts.ChainError;
import ist.spike.receipts.ChainReport;
import ist.spike.receipts.ChainVerifier;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.InvalidChainException;
import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.Receipt;
import ist.spike.receipts.ReceiptChain;
import ist.spike.receipts.ReceiptFormatException;
import ist.spike.receipts.ReceiptSigner;
import ist.spike.receipts.RecoveryFactor;
import ist.spike.spa.cloud.ChainHead;
import ist.spike.spa.cloud.CloudFactor;
import ist.spike.spa.cloud.CloudUnavailableException;
import ist.spike.spa.cloud.FileCloud;
import ist.spike.spa.cloud.SpikeCloud;
import ist.spike.spa.group.GroupPublicPackage;
import ist.spike.spa.group.ShareSecret;
import ist.spike.spa.group.ThresholdGroup;
import ist.spike.spa.lifecycle.LifecycleException;
import ist.spike.spa.lifecycle.PartyApprover;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import ist.spike.spa.vault.Argon2Params;
import ist.spike.spa.vault.InvalidRecoveryCodeException;
import ist.spike.spa.vault.PartyKey;
import ist.spike.spa.vault.RecoveryCode;
import ist.spike.spa.vault.SecureFiles;
import ist.spike.spa.vault.ShareLabel;
import ist.spike.spa.vault.ShareNotFoundException;
import ist.spike.spa.vault.ShareVault;
import ist.spike.spa.vault.UserId;
import ist.spike.spa.vault.WrappingKey;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code spa-recovery} commands. Construct with the environment and streams, then {@link
 * #run(String...)}; nothing here reads global state, so tests run it in-process.
 */
@Command(
    name = "spa-recovery",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersionProvider.class,
    description = "SPA key recovery: 2-of-3 FROST shares, a recovery lifecycle, signed receipts.",
    subcommands = {
      OnboardCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      LoseDeviceCommand.class,
      RecoverCommand.class,
      CancelCommand.class,
      RotateEmergencyCommand.class,
      RepairCommand.class,
      RefreshCommand.class,
      AdvanceCommand.class,
      StatusCommand.class,
      AuditCommand.class,
      VerifyChainCommand.class,
      PartyKeyCommand.class
    })
public final class SpaRecoveryCli implements Runnable {
  final ThresholdGroup group;
  final Map<String, String> env;
  final InputStream stdin;
  final PrintStream out;
  final PrintStream err;
  private final Argon2Params argon2;
  final SecureRandom random = new SecureRandom();

  @Option(
      names = "--home",
      description = "Storage root (default: $SPA_RECOVERY_HOME or ~/.spa-recovery).")
  Path home;

  /**
   * @param group the threshold group (FROST in production); not null
   * @param env environment variables ({@code SPA_RECOVERY_HOME}, {@code SPA_TEST_CLOCK}); not null
   * @param stdin standard input (for {@code --code-stdin}); not null
   * @param out standard output; not null
   * @param err standard error; not null
   */
  public SpaRecoveryCli(
      ThresholdGroup group,
      Map<String, String> env,
      InputStream stdin,
      PrintStream out,
      PrintStream err) {
    this(group, env, stdin, out, err, Argon2Params.PRODUCTION);
  }

  SpaRecoveryCli(
      ThresholdGroup group,
      Map<String, String> env,
      InputStream stdin,
      PrintStream out,
      PrintStream err,
      Argon2Params argon2) {
    this.group = requireNonNull(group, "group");
    this.env = Map.copyOf(requireNonNull(env, "env"));
    this.stdin = requireNonNull(stdin, "stdin");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
    this.argon2 = requireNonNull(argon2, "argon2");
  }

  /**
   * Runs one command.
   *
   * @param args the command line
   * @return the exit code: 0 success, 1 refused or failed, 2 usage error
   */
  public int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * Builds the command tree (every command, with help, version and completion) on this instance.
   *
   * @return the root command line, writing to this instance's streams
   */
  public CommandLine commandLine() {
    CommandLine cl = CliConventions.apply(new CommandLine(this));
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof CliException
              || e instanceof LifecycleException
              || e instanceof GeneralSecurityException
              || e instanceof ShareNotFoundException
              || e instanceof InvalidRecoveryCodeException
              || e instanceof IllegalArgumentException
              || e instanceof CloudUnavailableException) {
            err.println("error: " + e.getMessage());
          } else if (e instanceof IOException) {
            err.println("error: file access failed: " + e.getMessage());
          } else {
            err.println("error: unexpected failure (" + e.getClass().getSimpleName() + ")");
            return 70;
          }
          return 1;
        });
    return cl;
  }

  @Spec CommandSpec spec;

  /** Without a command: prints the usage (the list of commands) and exits 0. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The storage root: top-level {@code --home}, else $SPA_RECOVERY_HOME, else ~/.spa-recovery. */
  Path homeDir() {
    if (home != null) {
      return home;
    }
    String fromEnv = env.get("SPA_RECOVERY_HOME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    return Path.of(System.getProperty("user.home"), ".spa-recovery");
  }

  boolean testClockEnabled() {
    return "1".equals(env.get("SPA_TEST_CLOCK"));
  }

  /** State shared by one command's run: user, vault, files, clock and the open shares. */
  final class Session implements AutoCloseable {
    final UserId user;
    final ShareVault vault;
    final UserFiles files;
    final Clock clock;
    final boolean testUser;
    CloudFactor cloud;
    final boolean codeFromStdin;
    private final List<ShareSecret> opened = new ArrayList<>();
    private final List<PartyKey> partyKeys = new ArrayList<>();
    private final FileChannel lockChannel;
    private final FileLock lock;

    Session(Path home, String userText, boolean codeFromStdin, boolean create)
        throws IOException, CliException {
      this.user = UserId.parse(userText);
      this.vault = new ShareVault(home, user, argon2, random);
      this.files = new UserFiles(vault.userDir());
      this.codeFromStdin = codeFromStdin;
      if (!create && !Files.isDirectory(vault.userDir())) {
        // Refuse before creating anything: a typo in --user leaves no trace.
        throw new CliException(
            "user " + user + " is not onboarded here (no " + vault.userDir() + "); run onboard");
      }
      // One command at a time per user: the receipt chain is read, extended and rewritten.
      SecureFiles.ensureDirectory(vault.userDir());
      this.lockChannel =
          FileChannel.open(
              vault.userDir().resolve(".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock acquired;
      try {
        acquired = lockChannel.tryLock();
      } catch (IOException | RuntimeException e) {
        lockChannel.close();
        throw e;
      }
      if (acquired == null) {
        lockChannel.close();
        throw new CliException(
            "another spa-recovery command is running for user " + user + "; try again");
      }
      this.lock = acquired;
      StagedUpdate.recover(vault.userDir());
      // The test clock is a property of the user, fixed in the signed genesis receipt; a real
      // user's time is the system clock, whatever the environment says.
      Optional<Boolean> mark = files.onboarded() ? files.testUser() : Optional.empty();
      this.testUser = mark.orElse(false);
      // An unreadable genesis is left to the chain verification, which names the bad receipt.
      if (testClockEnabled() && mark.isPresent() && !testUser) {
        close();
        throw new CliException(
            "SPA_TEST_CLOCK=1 is refused: user "
                + user
                + " is a real user; only users onboarded with --test-user have a test clock");
      }
      this.clock = testUser ? files.testClock() : Clock.systemUTC();
      this.cloud =
          files.onboarded() && files.cloudKind().equals("spike")
              ? spikeCloud(user)
              : new FileCloud(files.cloudKeyFile());
    }

    /** Onboarding chooses where the cloud factor lives. */
    void useCloud(CloudFactor chosen) {
      cloud.close();
      cloud = chosen;
    }

    /** Anchors the chain's head with the cloud factor (no-op for the file stub). */
    void recordHead(List<Receipt> receipts) throws IOException {
      Receipt head = receipts.get(receipts.size() - 1);
      cloud.recordHead(new ChainHead(head.contentHash().toHex(), receipts.size()));
    }

    /** Refuses a chain shorter than, or diverging from, the head the cloud factor anchored. */
    void checkAnchoredHead(List<Receipt> receipts) throws IOException, CliException {
      Optional<ChainHead> anchored = cloud.head();
      if (anchored.isEmpty()) {
        return;
      }
      ChainHead h = anchored.get();
      if (receipts.size() < h.receipts()
          || !receipts.get(h.receipts() - 1).contentHash().toHex().equals(h.hashHex())) {
        throw new CliException(
            "the receipt chain was cut or replaced: "
                + cloud.kind()
                + " holds head "
                + h.hashHex()
                + " at receipt "
                + (h.receipts() - 1)
                + " but the local chain has "
                + receipts.size()
                + " receipts"
                + (receipts.size() >= h.receipts() ? " with a different hash there" : "")
                + "; restore receipts.jsonl from a backup");
      }
    }

    GroupPublicPackage group() throws IOException, CliException {
      requireOnboarded();
      return files.readGroup();
    }

    void requireOnboarded() throws CliException {
      if (!files.onboarded()) {
        throw new CliException(
            "user " + user + " is not onboarded here (no " + files.groupFile() + "); run onboard");
      }
    }

    RecoveryLifecycle lifecycle() throws IOException, CliException {
      GroupPublicPackage g = group();
      List<String> lines = files.readReceiptLines();
      ChainReport report = ChainVerifier.verifyJson(lines, g.groupKey());
      if (!report.isValid()) {
        ChainError e = report.error().orElseThrow();
        throw new CliException(
            "the receipt chain is invalid at receipt "
                + e.index()
                + " ("
                + e.kind()
                + ": "
                + e.message()
                + "); run audit for details");
      }
      List<Receipt> receipts = new ArrayList<>();
      for (String line : lines) {
        try {
          receipts.add(Receipt.parse(line));
        } catch (ReceiptFormatException e) {
          throw new IllegalStateException("verified line failed to parse", e);
        }
      }
      checkAnchoredHead(receipts);
      try {
        return RecoveryLifecycle.resume(ReceiptChain.load(g.groupKey(), receipts), clock);
      } catch (InvalidChainException e) {
        throw new CliException("the receipt chain is invalid: " + e.getMessage());
      }
    }

    void save(RecoveryLifecycle m) throws IOException {
      files.writeReceipts(m.chain().receipts());
      recordHead(m.chain().receipts());
    }

    /** Opens one share, asking for the recovery code if that is the label. */
    ShareSecret open(ShareLabel label)
        throws IOException,
            GeneralSecurityException,
            ShareNotFoundException,
            CliException,
            InvalidRecoveryCodeException {
      ShareSecret s;
      switch (label) {
        case DEVICE -> {
          if (!Files.exists(files.deviceKeyFile())) {
            throw new CliException("the device share is not on this device (device key missing)");
          }
          try (WrappingKey k = WrappingKey.read(files.deviceKeyFile())) {
            s = vault.load(label, k);
          }
        }
        case CLOUD -> {
          try (WrappingKey k = cloud.open()) {
            s = vault.load(label, k);
          }
        }
        default -> {
          try (RecoveryCode code = readCode()) {
            s = vault.load(label, code);
          }
        }
      }
      opened.add(s);
      return s;
    }

    /** Opens the shares for the given factors; all must open. */
    List<ShareSecret> openFactors(Set<ShareLabel> labels)
        throws IOException,
            GeneralSecurityException,
            ShareNotFoundException,
            CliException,
            InvalidRecoveryCodeException {
      List<ShareSecret> shares = new ArrayList<>();
      for (ShareLabel l : EnumSet.copyOf(labels)) {
        shares.add(open(l));
      }
      return shares;
    }

    /**
     * Opens two shares for signing: cloud and the recovery code when the code was given with {@code
     * --code-stdin} (so a wrong code is always reported, never ignored), device and cloud when the
     * device share is here, otherwise cloud and the recovery code.
     */
    List<ShareSecret> openAnyTwo()
        throws IOException,
            GeneralSecurityException,
            ShareNotFoundException,
            CliException,
            InvalidRecoveryCodeException {
      if (!codeFromStdin
          && vault.exists(ShareLabel.DEVICE)
          && Files.exists(files.deviceKeyFile())) {
        return openFactors(EnumSet.of(ShareLabel.DEVICE, ShareLabel.CLOUD));
      }
      if (!vault.exists(ShareLabel.CLOUD)) {
        return openFactors(EnumSet.of(ShareLabel.RECOVERY_CODE));
      }
      return openFactors(EnumSet.of(ShareLabel.CLOUD, ShareLabel.RECOVERY_CODE));
    }

    /**
     * Starts an update of this user's directory with the three sealed share files ({@code shares}
     * in participant order: device, cloud, recovery code), as onboard and refresh write them.
     */
    StagedUpdate stageShares(
        List<ShareSecret> shares, WrappingKey device, WrappingKey cloud, RecoveryCode code)
        throws GeneralSecurityException {
      return new StagedUpdate(vault.userDir())
          .put(ShareLabel.DEVICE.fileName(), vault.seal(ShareLabel.DEVICE, shares.get(0), device))
          .put(ShareLabel.CLOUD.fileName(), vault.seal(ShareLabel.CLOUD, shares.get(1), cloud))
          .put(
              ShareLabel.RECOVERY_CODE.fileName(),
              vault.seal(ShareLabel.RECOVERY_CODE, shares.get(2), code));
    }

    ReceiptSigner signer(List<ShareSecret> shares) throws IOException, CliException {
      return group.signer(shares, group());
    }

    RecoveryCode readCode() throws IOException, CliException, InvalidRecoveryCodeException {
      char[] input;
      if (codeFromStdin) {
        BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null) {
          throw new CliException("--code-stdin was given but standard input is empty");
        }
        input = line.toCharArray();
      } else {
        Console console = System.console();
        if (console == null) {
          throw new CliException(
              "the recovery code is needed: pipe it with --code-stdin, or run in a terminal");
        }
        input = console.readPassword("Recovery code: ");
        if (input == null) {
          throw new CliException("no recovery code entered");
        }
      }
      try {
        return RecoveryCode.parse(input);
      } finally {
        Arrays.fill(input, '\0');
      }
    }

    /**
     * Reads the approvals named by {@code --by} values: {@code device} (the old device's key in the
     * user directory) or {@code NAME=KEYFILE} for a registered contact or guardian.
     */
    List<PartyApprover> approvers(List<String> byValues) throws IOException, CliException {
      List<PartyApprover> out = new ArrayList<>();
      for (String by : byValues) {
        String v = by.strip();
        int eq = v.indexOf('=');
        String name = (eq < 0 ? v : v.substring(0, eq)).toLowerCase(java.util.Locale.ROOT);
        if (List.of("cloud", "recovery-code", "recovery_code", "code").contains(name)) {
          throw new CliException(
              "'"
                  + name
                  + "' is a share, not a party: approvals come from the old device (--by device)"
                  + " or a registered contact or guardian (--by NAME=KEYFILE)");
        }
        Path keyFile;
        if (eq < 0) {
          if (!List.of("device", "old-device", "old_device").contains(name)) {
            throw new CliException(
                "--by " + v + " needs the party's key file: --by " + v + "=KEYFILE");
          }
          name = "device";
          keyFile = files.deviceSigningKeyFile();
          if (!Files.exists(keyFile)) {
            throw new CliException(
                "the old device's key is not on this device (" + keyFile + " missing)");
          }
        } else {
          keyFile = Path.of(v.substring(eq + 1));
        }
        PartyKey key = PartyKey.read(keyFile);
        partyKeys.add(key);
        out.add(new PartyApprover(name, key));
      }
      return out;
    }

    @Override
    public void close() throws IOException {
      opened.forEach(ShareSecret::close);
      partyKeys.forEach(PartyKey::close);
      if (cloud != null) {
        cloud.close();
      }
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }

  /** The SPIKE-held cloud factor of a user, reached with the SDK configured by the environment. */
  CloudFactor spikeCloud(UserId user) {
    return new SpikeCloud(user.value(), () -> SpikeClient.fromEnvironment(env));
  }

  static Set<ShareLabel> parseFactors(String text) throws CliException {
    Set<ShareLabel> labels = EnumSet.noneOf(ShareLabel.class);
    for (String part : text.split(",")) {
      labels.add(
          ShareLabel.parse(part)
              .orElseThrow(
                  () ->
                      new CliException(
                          "unknown factor '"
                              + part.strip()
                              + "'; use device, cloud, recovery-code")));
    }
    if (labels.size() < 2) {
      throw new CliException(
          "recovery needs two distinct factors, for example cloud,recovery-code");
    }
    return labels;
  }

  /** Prints {@code banner} and the grouped recovery code, then zeroes the printed copy. */
  void showRecoveryCodeOnce(String banner, RecoveryCode code) {
    char[] shown = code.grouped();
    try {
      out.print(banner);
      out.println(shown);
    } finally {
      Arrays.fill(shown, '\0');
    }
  }

  /**
   * Prints the chain verdict and returns the exit code: 0 if the chain is valid, 1 if not.
   *
   * @param report the verification result
   * @param shownKey the group key to name in the valid line, if the caller wants it shown
   */
  int printChainVerdict(ChainReport report, Optional<GroupPublicKey> shownKey) {
    if (report.isValid()) {
      out.println(
          "chain: valid ("
              + report.receipts()
              + " receipts"
              + shownKey.map(k -> ", group key " + k.toHex()).orElse("")
              + ", final state "
              + report.finalState().map(LifecycleState::displayName).orElse("?")
              + ")");
      return 0;
    }
    ChainError e = report.error().orElseThrow();
    out.println("chain: INVALID at receipt " + e.index() + ": " + e.kind() + ": " + e.message());
    return 1;
  }

  /** The recovery factors that the given shares prove. */
  static Set<RecoveryFactor> factorsOf(Set<ShareLabel> labels) {
    Set<RecoveryFactor> factors = EnumSet.noneOf(RecoveryFactor.class);
    labels.forEach(l -> factors.add(l.factor()));
    return factors;
  }

  void printState(RecoveryLifecycle m) {
    out.println("state: " + m.state().displayName());
    m.cooldownEndsAt().ifPresent(t -> out.println("cooldown ends: " + t));
    m.probationEndsAt().ifPresent(t -> out.println("probation ends: " + t));
  }

  static String labels(List<ShareSecret> shares) {
    return String.join(
        "+", shares.stream().map(x -> ShareLabel.ofParticipant(x.participant()).label()).toList());
  }
}
