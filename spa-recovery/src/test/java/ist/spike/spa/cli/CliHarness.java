package ist.spike.spa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.spa.group.FrostGroup;
import ist.spike.spa.vault.Argon2Params;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process against one home directory, with cheap Argon2 parameters. */
final class CliHarness {
  private static final Argon2Params FAST = new Argon2Params(64, 1, 1);

  record Result(int code, String out, String err) {}

  private final Path home;
  private Clock systemClock = Clock.systemUTC();

  CliHarness(Path home) {
    this.home = home;
  }

  /** Sets what the CLI takes for real time (the system clock) from now on. */
  CliHarness at(Instant realTime) {
    systemClock = Clock.fixed(realTime, ZoneOffset.UTC);
    return this;
  }

  Path home() {
    return home;
  }

  Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    all.addAll(List.of(args));
    int code =
        new SpaRecoveryCli(
                new FrostGroup(new SecureRandom()),
                Map.of(),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                FAST,
                systemClock)
            .run(all.toArray(String[]::new));
    Result r =
        new Result(
            code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    assertThat(r.err()).doesNotContain("\tat ");
    return r;
  }

  Result ok(String stdin, String... args) {
    Result r = run(stdin, args);
    assertThat(r.code()).as("%s\nout: %s\nerr: %s", List.of(args), r.out(), r.err()).isZero();
    return r;
  }

  Result refused(String stdin, String... args) {
    Result r = run(stdin, args);
    assertThat(r.code()).as("%s\nout: %s", List.of(args), r.out()).isEqualTo(1);
    return r;
  }

  /** Makes a party key file; returns NAME=PUBLIC_HEX for onboard and change. */
  String register(String name) {
    Result r = ok("", "party-key", "--out", keyFile(name));
    return name + "=" + r.out().replaceAll("(?s).*public key: ([0-9a-f]{64}).*", "$1");
  }

  String keyFile(String name) {
    return home.resolve("keys").resolve(name + ".key").toString();
  }

  /** The {@code --by} value for a party: {@code device}, or NAME=KEYFILE. */
  String by(String name) {
    return name.equals("device") ? "device" : name + "=" + keyFile(name);
  }

  /** Onboards a test user; returns the recovery code followed by a newline (for stdin). */
  String onboard(String user, String... extra) {
    List<String> args = new ArrayList<>(List.of("onboard", "--user", user, "--test-user"));
    args.addAll(List.of(extra));
    return codeOf(ok("", args.toArray(String[]::new)).out());
  }

  /** Onboards a real user (system clock); returns the recovery code and a newline. */
  String onboardReal(String user, String... extra) {
    List<String> args = new ArrayList<>(List.of("onboard", "--user", user));
    args.addAll(List.of(extra));
    return codeOf(ok("", args.toArray(String[]::new)).out());
  }

  private static String codeOf(String out) {
    return out.replaceAll("(?s).*RECOVERY CODE[^:]*: ([0-9A-Z-]{34}).*", "$1") + "\n";
  }

  int receipts(String user) throws Exception {
    return Files.readAllLines(home.resolve(user).resolve("receipts.jsonl")).size();
  }
}
