package ist.spike.spa.cli;

import static java.util.Objects.requireNonNull;

import ist.spike.receipts.Canceller;
import ist.spike.receipts.ChainError;
import ist.spike.receipts.ChainReport;
import ist.spike.receipts.ChainVerifier;
import ist.spike.receipts.InvalidChainException;
import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.Receipt;
import ist.spike.receipts.ReceiptChain;
import ist.spike.receipts.ReceiptSigner;
import ist.spike.receipts.RecoveryFactor;
import ist.spike.spa.group.GroupPublicPackage;
import ist.spike.spa.group.ShareSecret;
import ist.spike.spa.group.ThresholdGroup;
import ist.spike.spa.lifecycle.LifecycleException;
import ist.spike.spa.lifecycle.LifecyclePolicy;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import ist.spike.spa.vault.Argon2Params;
import ist.spike.spa.vault.InvalidRecoveryCodeException;
import ist.spike.spa.vault.RecoveryCode;
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
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The {@code spa-recovery} commands. Construct with the environment and streams, then {@link
 * #run(String...)}; nothing here reads global state, so tests run it in-process.
 */
@Command(
    name = "spa-recovery",
    mixinStandardHelpOptions = true,
    version = "spa-recovery 0.1.0",
    description = "SPA key recovery: 2-of-3 FROST shares, a recovery lifecycle, signed receipts.",
    subcommands = {
      SpaRecoveryCli.Onboard.class,
      SpaRecoveryCli.Sign.class,
      SpaRecoveryCli.Verify.class,
      SpaRecoveryCli.LoseDevice.class,
      SpaRecoveryCli.Recover.class,
      SpaRecoveryCli.Cancel.class,
      SpaRecoveryCli.RotateEmergency.class,
      SpaRecoveryCli.Repair.class,
      SpaRecoveryCli.Refresh.class,
      SpaRecoveryCli.Advance.class,
      SpaRecoveryCli.Status.class,
      SpaRecoveryCli.Audit.class,
      SpaRecoveryCli.VerifyChain.class
    })
public final class SpaRecoveryCli implements Runnable {
  private final ThresholdGroup group;
  private final Map<String, String> env;
  private final InputStream stdin;
  private final PrintStream out;
  private final PrintStream err;
  private final Argon2Params argon2;
  private final SecureRandom random = new SecureRandom();

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
    CommandLine cl = new CommandLine(this);
    cl.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof CliException
              || e instanceof LifecycleException
              || e instanceof GeneralSecurityException
              || e instanceof ShareNotFoundException
              || e instanceof InvalidRecoveryCodeException
              || e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
          } else if (e instanceof IOException) {
            err.println("error: file access failed: " + e.getMessage());
          } else {
            err.println("error: unexpected failure (" + e.getClass().getSimpleName() + ")");
            return 70;
          }
          return 1;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    out.println(
        "usage: spa-recovery <command> --user USER ...  (spa-recovery --help for the list)");
  }

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
    final boolean codeFromStdin;
    private final List<ShareSecret> opened = new ArrayList<>();
    private final FileChannel lockChannel;
    private final FileLock lock;

    Session(String userText, boolean codeFromStdin, boolean create)
        throws IOException, CliException {
      this.user = UserId.parse(userText);
      this.vault = new ShareVault(homeDir(), user, argon2, random);
      this.files = new UserFiles(vault.userDir());
      this.codeFromStdin = codeFromStdin;
      if (!create && !Files.isDirectory(vault.userDir())) {
        // Refuse before creating anything: a typo in --user leaves no trace.
        throw new CliException(
            "user " + user + " is not onboarded here (no " + vault.userDir() + "); run onboard");
      }
      // One command at a time per user: the receipt chain is read, extended and rewritten.
      ist.spike.spa.vault.SecureFiles.ensureDirectory(vault.userDir());
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
      this.clock = testClockEnabled() ? files.testClock() : Clock.systemUTC();
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
        } catch (ist.spike.receipts.ReceiptFormatException e) {
          throw new IllegalStateException("verified line failed to parse", e);
        }
      }
      try {
        return RecoveryLifecycle.resume(
            ReceiptChain.load(g.groupKey(), receipts), clock, LifecyclePolicy.DEFAULT);
      } catch (InvalidChainException e) {
        throw new CliException("the receipt chain is invalid: " + e.getMessage());
      }
    }

    void save(RecoveryLifecycle m) throws IOException {
      files.writeReceipts(m.chain().receipts());
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
          try (WrappingKey k = WrappingKey.read(files.cloudKeyFile())) {
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
    List<ShareSecret> openFactors(Set<ShareLabel> labels) throws Exception {
      List<ShareSecret> shares = new ArrayList<>();
      for (ShareLabel l : EnumSet.copyOf(labels)) {
        shares.add(open(l));
      }
      return shares;
    }

    /**
     * Opens two shares for signing: device and cloud when the device share is here, otherwise cloud
     * and the recovery code.
     */
    List<ShareSecret> openAnyTwo() throws Exception {
      if (vault.exists(ShareLabel.DEVICE) && Files.exists(files.deviceKeyFile())) {
        return openFactors(EnumSet.of(ShareLabel.DEVICE, ShareLabel.CLOUD));
      }
      if (!vault.exists(ShareLabel.CLOUD)) {
        return openFactors(EnumSet.of(ShareLabel.RECOVERY_CODE));
      }
      return openFactors(EnumSet.of(ShareLabel.CLOUD, ShareLabel.RECOVERY_CODE));
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

    @Override
    public void close() throws IOException {
      opened.forEach(ShareSecret::close);
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
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

  void printState(RecoveryLifecycle m) {
    out.println("state: " + m.state().displayName());
    m.cooldownEndsAt().ifPresent(t -> out.println("cooldown ends: " + t));
    m.probationEndsAt().ifPresent(t -> out.println("probation ends: " + t));
  }

  abstract static class UserCommand implements Callable<Integer> {
    @ParentCommand SpaRecoveryCli cli;

    @Option(names = "--user", required = true, description = "User id (a directory name).")
    String user;

    @Option(
        names = "--home",
        description = "Storage root (default: $SPA_RECOVERY_HOME or ~/.spa-recovery).")
    Path home;

    @Option(
        names = "--code-stdin",
        description = "Read the recovery code from the first line of standard input.")
    boolean codeStdin;

    Session session() throws IOException, CliException {
      return session(false);
    }

    Session session(boolean create) throws IOException, CliException {
      if (home != null) {
        cli.home = home;
      }
      return cli.new Session(user, codeStdin, create);
    }
  }

  @Command(
      name = "onboard",
      description = "Deal 2-of-3 shares, store them, show the recovery code once.")
  static final class Onboard extends UserCommand {
    @Override
    public Integer call() throws Exception {
      try (Session s = session(true)) {
        if (s.files.onboarded()) {
          throw new CliException(
              "user " + s.user + " is already onboarded in " + s.vault.userDir());
        }
        try (ThresholdGroup.Dealt dealt = cli.group.deal();
            WrappingKey device = WrappingKey.create(s.files.deviceKeyFile(), cli.random);
            WrappingKey cloud = WrappingKey.create(s.files.cloudKeyFile(), cli.random);
            RecoveryCode code = RecoveryCode.generate(cli.random)) {
          List<ShareSecret> shares = dealt.shares();
          ReceiptSigner signer = cli.group.signer(shares.subList(0, 2), dealt.group());
          RecoveryLifecycle m =
              RecoveryLifecycle.onboard(
                  dealt.group().groupKey(),
                  s.user.value(),
                  s.clock,
                  LifecyclePolicy.DEFAULT,
                  signer);
          // group.json is written last among the renames' names, so "onboarded" means complete.
          new StagedUpdate(s.vault.userDir())
              .put(
                  ShareLabel.DEVICE.fileName(),
                  s.vault.seal(ShareLabel.DEVICE, shares.get(0), device))
              .put(
                  ShareLabel.CLOUD.fileName(), s.vault.seal(ShareLabel.CLOUD, shares.get(1), cloud))
              .put(
                  ShareLabel.RECOVERY_CODE.fileName(),
                  s.vault.seal(ShareLabel.RECOVERY_CODE, shares.get(2), code))
              .put("receipts.jsonl", UserFiles.receiptsBytes(m.chain().receipts()))
              .put("group.json", s.files.groupJson(s.user.value(), dealt.group()))
              .commit();
          cli.out.println("onboarded: " + s.user);
          cli.out.println("group public key: " + dealt.group().groupKey().toHex());
          cli.out.println(
              "shares: device.share cloud.share recovery-code.share in " + s.vault.userDir());
          char[] shown = code.grouped();
          cli.out.print("RECOVERY CODE (shown once; write it down and keep it offline): ");
          cli.out.println(shown);
          Arrays.fill(shown, '\0');
          cli.printState(m);
        }
      }
      return 0;
    }
  }

  @Command(
      name = "sign",
      description = "Sign a message with two shares (device + cloud by default).")
  static final class Sign extends UserCommand {
    @Option(names = "--message", required = true, description = "The message (UTF-8).")
    String message;

    @Override
    public Integer call() throws Exception {
      try (Session s = session()) {
        RecoveryLifecycle m = s.lifecycle();
        if (m.state().isRecovering()) {
          throw new CliException(
              "signing is paused while a recovery is in progress (state "
                  + m.state().displayName()
                  + "); cancel it or let it complete");
        }
        List<ShareSecret> shares = s.openAnyTwo();
        ReceiptSigner signer = s.signer(shares);
        if (m.state() == LifecycleState.ONBOARDED) {
          m.beginDailyUse(signer);
          s.save(m);
        }
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] sig = signer.sign(msg);
        boolean ok = s.group().groupKey().verify(msg, sig);
        cli.out.println("signers: " + labels(shares));
        cli.out.println("signature: " + HexFormat.of().formatHex(sig));
        cli.out.println("verified: " + (ok ? "ok (JDK Ed25519, group key)" : "FAILED"));
        cli.printState(m);
        return ok ? 0 : 1;
      }
    }
  }

  static String labels(List<ShareSecret> shares) {
    return String.join(
        "+", shares.stream().map(x -> ShareLabel.ofParticipant(x.participant()).label()).toList());
  }

  @Command(name = "verify", description = "Verify a signature under the user's group public key.")
  static final class Verify extends UserCommand {
    @Option(names = "--message", required = true)
    String message;

    @Option(names = "--signature", required = true, description = "128 hex digits.")
    String signature;

    @Override
    public Integer call() throws Exception {
      try (Session s = session()) {
        byte[] sig;
        try {
          sig = HexFormat.of().parseHex(signature.strip());
        } catch (IllegalArgumentException e) {
          throw new CliException("--signature must be 128 hex digits");
        }
        boolean ok = s.group().groupKey().verify(message.getBytes(StandardCharsets.UTF_8), sig);
        cli.out.println(ok ? "signature: valid" : "signature: INVALID");
        return ok ? 0 : 1;
      }
    }
  }

  @Command(
      name = "lose-device",
      description = "Simulate losing the device: its share and key are deleted.")
  static final class LoseDevice extends UserCommand {
    @Override
    public Integer call() throws Exception {
      try (Session s = session()) {
        RecoveryLifecycle m = s.lifecycle();
        if (!s.vault.exists(ShareLabel.DEVICE)) {
          throw new CliException("the device share is already gone");
        }
        ReceiptSigner signer = s.signer(s.openAnyTwo());
        m.reportFactorLoss(RecoveryFactor.DEVICE, signer);
        s.save(m);
        s.vault.delete(ShareLabel.DEVICE);
        Files.deleteIfExists(s.files.deviceKeyFile());
        cli.out.println("device share removed (loss recorded)");
        cli.printState(m);
      }
      return 0;
    }
  }

  @Command(
      name = "recover",
      description = "Start a recovery; with --factors, prove two factors and start the cooldown.")
  static final class Recover extends UserCommand {
    @Option(names = "--factors", description = "Two factors to prove, e.g. cloud,recovery-code.")
    String factors;

    @Override
    public Integer call() throws Exception {
      try (Session s = session()) {
        RecoveryLifecycle m = s.lifecycle();
        Optional<Set<ShareLabel>> labels =
            factors == null ? Optional.empty() : Optional.of(parseFactors(factors));
        List<ShareSecret> shares =
            labels.isPresent() ? s.openFactors(labels.get()) : s.openAnyTwo();
        ReceiptSigner signer = s.signer(shares);
        if (m.state() != LifecycleState.RECOVERY_INITIATED) {
          m.initiateRecovery(signer);
          s.save(m);
          cli.out.println("recovery initiated");
        }
        if (labels.isPresent()) {
          Set<RecoveryFactor> f = EnumSet.noneOf(RecoveryFactor.class);
          labels.get().forEach(l -> f.add(l.factor()));
          m.presentFactors(f, signer);
          s.save(m);
          cli.out.println("factors proven: " + labels(shares));
        }
        cli.printState(m);
      }
      return 0;
    }
  }

  @Command(
      name = "cancel",
      description = "Cancel a recovery in progress; who cancelled is recorded.")
  static final class Cancel extends UserCommand {
    @Option(names = "--by", required = true, description = "device, contact or guardian.")
    String by;

    @Override
    public Integer call() throws Exception {
      Canceller canceller =
          switch (by.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "device", "old-device", "old_device" -> Canceller.OLD_DEVICE;
            case "contact", "recovery-contact", "recovery_contact" -> Canceller.RECOVERY_CONTACT;
            case "guardian" -> Canceller.GUARDIAN;
            default -> throw new CliException("--by must be device, contact or guardian");
          };
      try (Session s = session()) {
        RecoveryLifecycle m = s.lifecycle();
        if (!m.state().isRecovering()) {
          throw new CliException(
              "there is no recovery to cancel (state " + m.state().displayName() + ")");
        }
        m.cancel(canceller, s.signer(s.openAnyTwo()));
        s.save(m);
        cli.out.println("recovery cancelled by " + canceller.wireName());
        cli.printState(m);
      }
      return 0;
    }
  }

  @Command(
      name = "rotate-emergency",
      description = "Skip the cooldown (compromise): needs --override-evidence, which is recorded.")
  static final class RotateEmergency extends UserCommand {
    @Option(
        names = "--override-evidence",
        required = true,
        description = "Why the cooldown is skipped.")
    String evidence;

    @Override
    public Integer call() throws Exception {
      try (Session s = session()) {
        RecoveryLifecycle m = s.lifecycle();
        m.emergencyRotate(evidence, s.signer(s.openAnyTwo()));
        s.save(m);
        cli.out.println("cooldown skipped by emergency rotation (evidence recorded)");
        cli.printState(m);
      }
      return 0;
    }
  }

  @Command(
      name = "repair",
      description = "Rebuild a lost share from the other two (FROST repair, key never assembled).")
  static final class Repair extends UserCommand {
    @Option(names = "--share", required = true, description = "device, cloud or recovery-code.")
    String share;

    @Override
    public Integer call() throws Exception {
      ShareLabel lost =
          ShareLabel.parse(share)
              .orElseThrow(
                  () -> new CliException("--share must be device, cloud or recovery-code"));
      try (Session s = session()) {
        RecoveryLifecycle m = s.lifecycle();
        if (s.vault.exists(lost)) {
          throw new CliException("the " + lost + " share exists; nothing to repair");
        }
        if (lost == ShareLabel.RECOVERY_CODE) {
          throw new CliException(
              "a lost recovery code cannot be re-wrapped under the same code; run refresh to issue"
                  + " new shares and a new code");
        }
        Set<ShareLabel> helpers = EnumSet.complementOf(EnumSet.of(lost));
        List<ShareSecret> helperShares = s.openFactors(helpers);
        ReceiptSigner signer = s.signer(helperShares);
        GroupPublicPackage g = s.group();
        try (ShareSecret repaired = cli.group.repair(helperShares, lost.participant(), g)) {
          Set<RecoveryFactor> helperFactors = EnumSet.noneOf(RecoveryFactor.class);
          helpers.forEach(h -> helperFactors.add(h.factor()));
          if (m.state() == LifecycleState.LIVE && lost == ShareLabel.DEVICE) {
            m.rebind(lost.factor(), signer);
          } else {
            m.recordRepair(lost.factor(), helperFactors, signer);
          }
          Path keyFile =
              lost == ShareLabel.DEVICE ? s.files.deviceKeyFile() : s.files.cloudKeyFile();
          Files.deleteIfExists(keyFile);
          try (WrappingKey key = WrappingKey.create(keyFile, cli.random)) {
            s.vault.store(lost, repaired, key);
          }
          s.save(m);
        }
        cli.out.println("repaired: " + lost + " share (helpers " + labels(helperShares) + ")");
        cli.printState(m);
      }
      return 0;
    }
  }

  @Command(
      name = "refresh",
      description =
          "New shares for the same group key; old shares stop working with new ones. Needs all three.")
  static final class Refresh extends UserCommand {
    @Override
    public Integer call() throws Exception {
      try (Session s = session()) {
        RecoveryLifecycle m = s.lifecycle();
        GroupPublicPackage g = s.group();
        List<ShareSecret> all = s.openFactors(EnumSet.allOf(ShareLabel.class));
        try (ThresholdGroup.Dealt fresh = cli.group.refresh(all, g)) {
          if (!fresh.group().groupKey().equals(g.groupKey())) {
            throw new GeneralSecurityException("refresh changed the group key; nothing stored");
          }
          ReceiptSigner signer = cli.group.signer(fresh.shares().subList(0, 2), fresh.group());
          m.recordRefresh(signer);
          try (WrappingKey device = WrappingKey.read(s.files.deviceKeyFile());
              WrappingKey cloud = WrappingKey.read(s.files.cloudKeyFile());
              RecoveryCode code = RecoveryCode.generate(cli.random)) {
            List<ShareSecret> n = fresh.shares();
            new StagedUpdate(s.vault.userDir())
                .put(
                    ShareLabel.DEVICE.fileName(), s.vault.seal(ShareLabel.DEVICE, n.get(0), device))
                .put(ShareLabel.CLOUD.fileName(), s.vault.seal(ShareLabel.CLOUD, n.get(1), cloud))
                .put(
                    ShareLabel.RECOVERY_CODE.fileName(),
                    s.vault.seal(ShareLabel.RECOVERY_CODE, n.get(2), code))
                .put("group.json", s.files.groupJson(s.user.value(), fresh.group()))
                .put("receipts.jsonl", UserFiles.receiptsBytes(m.chain().receipts()))
                .commit();
            char[] shown = code.grouped();
            cli.out.print("NEW RECOVERY CODE (shown once; the old code no longer works): ");
            cli.out.println(shown);
            Arrays.fill(shown, '\0');
          }
        }
        cli.out.println("refreshed: new device, cloud and recovery-code shares; same group key");
        cli.printState(m);
      }
      return 0;
    }
  }

  @Command(
      name = "advance",
      description =
          "Test clock only (SPA_TEST_CLOCK=1): move time forward, then end a due cooldown or probation.")
  static final class Advance extends UserCommand {
    @Option(names = "--hours", description = "Hours to move forward.")
    long hours;

    @Option(names = "--seconds", description = "Seconds to move forward.")
    long seconds;

    @Override
    public Integer call() throws Exception {
      if (!cli.testClockEnabled()) {
        throw new CliException(
            "advance moves the test clock and is refused unless SPA_TEST_CLOCK=1");
      }
      if (hours < 0 || seconds < 0) {
        throw new CliException("time only moves forward");
      }
      try (Session first = session()) {
        first.requireOnboarded();
        long now = first.files.testClockSeconds() + hours * 3600 + seconds;
        first.files.writeTestClock(now);
        cli.out.println("test clock: " + Instant.ofEpochSecond(now));
      }
      try (Session s = session()) {
        RecoveryLifecycle m = s.lifecycle();
        if (m.state() == LifecycleState.COOLDOWN || m.state() == LifecycleState.PROBATION) {
          Receipt r = m.advance(s.signer(s.openAnyTwo()));
          s.save(m);
          cli.out.println("transition: " + r.kind().wireName());
        }
        cli.printState(m);
      }
      return 0;
    }
  }

  @Command(name = "status", description = "Show the lifecycle state and which shares are here.")
  static final class Status extends UserCommand {
    @Override
    public Integer call() throws Exception {
      try (Session s = session()) {
        RecoveryLifecycle m = s.lifecycle();
        cli.out.println("user: " + s.user);
        cli.printState(m);
        for (ShareLabel l : ShareLabel.values()) {
          cli.out.println(l + " share: " + (s.vault.exists(l) ? "present" : "missing"));
        }
        cli.out.println("receipts: " + m.chain().receipts().size());
      }
      return 0;
    }
  }

  @Command(name = "audit", description = "Verify the receipt chain from scratch and print it.")
  static final class Audit extends UserCommand {
    @Override
    public Integer call() throws Exception {
      try (Session s = session()) {
        GroupPublicPackage g = s.group();
        List<String> lines = s.files.readReceiptLines();
        for (int i = 0; i < lines.size(); i++) {
          try {
            Receipt r = Receipt.parse(lines.get(i));
            cli.out.println(
                "["
                    + i
                    + "] "
                    + r.kind().wireName()
                    + " ts="
                    + Instant.ofEpochSecond(r.timestamp())
                    + " subject="
                    + r.subject()
                    + " payload="
                    + r.payload());
          } catch (ist.spike.receipts.ReceiptFormatException e) {
            cli.out.println("[" + i + "] (unreadable: " + e.getMessage() + ")");
          }
        }
        ChainReport report = ChainVerifier.verifyJson(lines, g.groupKey());
        if (report.isValid()) {
          cli.out.println(
              "chain: valid ("
                  + report.receipts()
                  + " receipts, group key "
                  + g.groupKey().toHex()
                  + ", final state "
                  + report.finalState().map(LifecycleState::displayName).orElse("?")
                  + ")");
          return 0;
        }
        ChainError e = report.error().orElseThrow();
        cli.out.println(
            "chain: INVALID at receipt " + e.index() + ": " + e.kind() + ": " + e.message());
        return 1;
      }
    }
  }

  @Command(
      name = "verify-chain",
      description =
          "Verify an exported receipt chain with only the group public key (no user directory).")
  static final class VerifyChain implements Callable<Integer> {
    @ParentCommand SpaRecoveryCli cli;

    @Option(names = "--receipts", required = true, description = "A receipts.jsonl file.")
    Path receipts;

    @Option(
        names = "--group-key",
        required = true,
        description = "The group public key, 64 hex digits.")
    String groupKey;

    @Override
    public Integer call() throws Exception {
      ist.spike.receipts.GroupPublicKey key =
          ist.spike.receipts.GroupPublicKey.parseHex(groupKey.strip());
      List<String> lines = new UserFiles(receipts.toAbsolutePath().getParent()).readLines(receipts);
      ChainReport report = ChainVerifier.verifyJson(lines, key);
      if (report.isValid()) {
        cli.out.println(
            "chain: valid ("
                + report.receipts()
                + " receipts, final state "
                + report.finalState().map(LifecycleState::displayName).orElse("?")
                + ")");
        return 0;
      }
      ChainError e = report.error().orElseThrow();
      cli.out.println(
          "chain: INVALID at receipt " + e.index() + ": " + e.kind() + ": " + e.message());
      return 1;
    }
  }
}
