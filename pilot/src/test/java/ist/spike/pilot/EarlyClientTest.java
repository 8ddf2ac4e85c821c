package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.client.SpikeClient;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.pilot.secret.SecretCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import picocli.CommandLine.Command;

/**
 * The client opened on a second thread (ADR 0238): the command gets the same client or the same
 * error as without it, help and typos start nothing, and a command that never takes the client
 * prints nothing of it and does not wait for it.
 */
class EarlyClientTest {
  @TempDir static Path dir;
  static DevTrustDomain td;

  record Result(int code, String out, String err, String log) {}

  @BeforeAll
  static void trustDomain() {
    td = DevTrustDomain.create(dir.resolve("td"));
  }

  @Test
  void opensClient_secretCommandsWithoutHelpOnly() {
    assertThat(EarlyClient.opensClient(args("secret", "get", "a/b"))).isTrue();
    assertThat(EarlyClient.opensClient(args("secret", "list"))).isTrue();
    assertThat(EarlyClient.opensClient(args("secret", "get"))).isTrue(); // a usage error, below
    assertThat(EarlyClient.opensClient(args("secret", "get", "a/b", "--help"))).isFalse();
    assertThat(EarlyClient.opensClient(args("secret", "get", "-h"))).isFalse();
    assertThat(EarlyClient.opensClient(args("secret", "gte", "a/b"))).isFalse();
    assertThat(EarlyClient.opensClient(args("secret", "--help"))).isFalse();
    assertThat(EarlyClient.opensClient(args("secret"))).isFalse();
    assertThat(EarlyClient.opensClient(args("--help"))).isFalse();
    assertThat(EarlyClient.opensClient(args("policy", "list"))).isFalse();
    assertThat(EarlyClient.opensClient(args())).isFalse();
    assertThat(EarlyClient.start(args("secret", "get", "a"), Map.of(), env -> fail("x"), nul()))
        .isInstanceOf(EarlyClient.class);
  }

  @Test
  void secretCommands_areTheGroupsSubcommands() {
    Set<String> names = new java.util.HashSet<>();
    for (Class<?> c : SecretCommand.class.getAnnotation(Command.class).subcommands()) {
      Command command = c.getAnnotation(Command.class);
      names.add(command.name());
      names.addAll(List.of(command.aliases()));
    }
    assertThat(EarlyClient.SECRET_COMMANDS).isEqualTo(names);
  }

  @Test
  void start_helpOrTypo_startsNothing() {
    ClientFactory plain = env -> fail("no client");
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    for (String[] a :
        List.of(
            args("secret", "get", "--help"),
            args("secret", "gett", "x"),
            args("--help"),
            args("policy", "list"))) {
      assertThat(EarlyClient.start(a, Map.of(), plain, log)).as(Arrays.toString(a)).isSameAs(plain);
    }
  }

  @Test
  void open_returnsTheClientOpenedOnTheSecondThread_once() throws Exception {
    AtomicInteger opened = new AtomicInteger();
    AtomicReference<String> thread = new AtomicReference<>();
    ClientFactory clients =
        env -> {
          opened.incrementAndGet();
          thread.set(Thread.currentThread().getName());
          return client();
        };
    ClientFactory early = EarlyClient.start(args("secret", "get", "a"), Map.of(), clients, nul());
    assertThat(early).isInstanceOf(EarlyClient.class);
    try (SpikeClient first = early.open(Map.of())) {
      assertThat(thread.get()).isEqualTo("spike-early-client");
      assertThat(opened.get()).isEqualTo(1);
      try (SpikeClient second = early.open(Map.of())) {
        assertThat(second).isNotSameAs(first);
        assertThat(opened.get()).isEqualTo(2);
        assertThat(thread.get()).isEqualTo(Thread.currentThread().getName());
      }
    }
  }

  @Test
  void open_anotherEnvironment_opensAnewWithIt() throws Exception {
    List<Map<String, String>> seen = new ArrayList<>();
    ClientFactory clients =
        env -> {
          synchronized (seen) {
            seen.add(env);
          }
          return client();
        };
    EarlyClient early =
        (EarlyClient) EarlyClient.start(args("secret", "list"), Map.of(), clients, nul());
    try (SpikeClient c = early.open(Map.of("SPIKE_NEXUS_API_URL", "https://other:8553"))) {
      assertThat(c).isNotNull();
    }
    early.discard();
    synchronized (seen) {
      assertThat(seen)
          .containsExactlyInAnyOrder(Map.of(), Map.of("SPIKE_NEXUS_API_URL", "https://other:8553"));
    }
  }

  @Test
  void open_failure_isTheSameExceptionObject_includingErrors() {
    IllegalStateException failure = new IllegalStateException("no SVID here");
    ClientFactory throwing =
        env -> {
          throw failure;
        };
    ClientFactory early = EarlyClient.start(args("secret", "get", "a"), Map.of(), throwing, nul());
    assertThatThrownBy(() -> early.open(Map.of())).isSameAs(failure);

    AssertionError error = new AssertionError("broken");
    ClientFactory erring =
        env -> {
          throw error;
        };
    ClientFactory early2 = EarlyClient.start(args("secret", "get", "a"), Map.of(), erring, nul());
    assertThatThrownBy(() -> early2.open(Map.of())).isSameAs(error);
  }

  @Test
  void run_svidProblems_sameOutputAndExitCodeAsWithoutTheSecondThread() throws Exception {
    Path garbage = Files.createDirectories(dir.resolve("garbage"));
    for (String f : List.of("svid.pem", "svid_key.pem", "bundle.pem")) {
      Files.writeString(garbage.resolve(f), "not a PEM file\n");
    }
    // as root no permission bit makes a file unreadable; a directory in a file's place does
    Path unreadable = Files.createDirectories(dir.resolve("unreadable"));
    Files.createDirectories(unreadable.resolve("svid.pem"));
    Files.writeString(unreadable.resolve("svid_key.pem"), "x");
    Files.writeString(unreadable.resolve("bundle.pem"), "x");
    Path onlyKey = Files.createDirectories(dir.resolve("only-key"));
    Files.writeString(onlyKey.resolve("svid_key.pem"), "x");
    List<Map<String, String>> envs =
        List.of(
            Map.of(
                "SPIKE_SVID_DIR", dir.resolve("absent").toString(), "SPIKE_SDK_SVID_WAIT", "50ms"),
            Map.of("SPIKE_SVID_DIR", onlyKey.toString(), "SPIKE_SDK_SVID_WAIT", "50ms"),
            Map.of("SPIKE_SVID_DIR", garbage.toString()),
            Map.of("SPIKE_SVID_DIR", unreadable.toString()),
            Map.of("SPIKE_SVID_DIR", garbage.toString(), "SPIKE_SDK_SVID_WAIT", "soon"),
            Map.of(
                "SPIKE_SVID_DIR",
                td.svidDirFor(SpikeRole.PILOT_SUPERUSER).toString(),
                "SPIKE_NEXUS_API_URL",
                "ftp://nexus"),
            Map.of("SPIKE_PILOT_ROLE", "no-such-role"));
    ClientFactory real = SvidSetting.required(SpikeClient::fromEnvironment);
    for (Map<String, String> env : envs) {
      String[] a = args("secret", "get", "a/b");
      Result plain = run(a, env, real, false);
      Result early = run(a, env, real, true);
      assertThat(plain.code()).as("%s", env).isEqualTo(1);
      assertThat(plain.err()).as("%s", env).startsWith("Error: ");
      assertThat(early).as("%s", env).isEqualTo(plain);
    }
  }

  @Test
  void run_usageError_returnsWithoutWaiting_andPrintsNothingOfTheClient() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    PrintStream logStream = new PrintStream(logged, true, StandardCharsets.UTF_8);
    Logger logger = PilotLogging.logger("early", Level.INFO, logStream);
    CountDownLatch started = new CountDownLatch(1);
    ClientFactory slow =
        env -> {
          logger.warn("opening the client");
          started.countDown();
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("never taken");
        };
    String[] a = args("secret", "get");
    Result plain = run(a, Map.of(), env -> fail("no client"), false);
    ClientFactory early = EarlyClient.start(a, Map.of(), slow, logStream);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    Result result = run(a, early, Map.of());
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
    assertThat(result.code()).isEqualTo(2);
    assertThat(result).isEqualTo(plain);
    never.countDown();
    ((EarlyClient) early).discard();
    assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void open_linesLoggedWhileOpening_printedWhenTaken_once() throws Exception {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    PrintStream logStream = new PrintStream(logged, true, StandardCharsets.UTF_8);
    Logger logger = PilotLogging.logger("ist.spike.identity.TlsProvider", Level.INFO, logStream);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch loggedIt = new CountDownLatch(1);
    ClientFactory clients =
        env -> {
          logger.info("Conscrypt TLS is not available");
          loggedIt.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return client();
        };
    ClientFactory early =
        EarlyClient.start(args("secret", "get", "a"), Map.of(), clients, logStream);
    assertThat(loggedIt.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
    release.countDown();
    try (SpikeClient c = early.open(Map.of())) {
      assertThat(logged.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              "INFO ist.spike.identity.TlsProvider - Conscrypt TLS is not available"
                  + System.lineSeparator());
    }
    // the hold ended with the thread: this thread's lines print at once
    logger.info("after");
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .endsWith("INFO ist.spike.identity.TlsProvider - after" + System.lineSeparator());
  }

  private static SpikeClient client() {
    return SpikeClient.builder()
        .svidSource(td.sourceFor(td.idOf(SpikeRole.PILOT_SUPERUSER)))
        .serverVerifier(td.roles().verifierFor(SpikeRole.NEXUS))
        .build();
  }

  private static Result run(String[] a, Map<String, String> env, ClientFactory real, boolean early)
      throws InterruptedException {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
    ClientFactory clients = early ? EarlyClient.start(a, env, real, log) : real;
    Result r = run(a, clients, env);
    if (clients instanceof EarlyClient e) {
      e.discard();
    }
    return new Result(r.code(), r.out(), r.err(), logged.toString(StandardCharsets.UTF_8));
  }

  private static Result run(String[] a, ClientFactory clients, Map<String, String> env) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        PilotMain.run(
            a,
            new HashMap<>(env),
            new PrintWriter(out, true),
            new ByteArrayOutputStream(),
            new PrintWriter(err, true),
            new ByteArrayInputStream(new byte[0]),
            clients);
    return new Result(code, out.toString(), err.toString(), "");
  }

  private static PrintStream nul() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static SpikeClient fail(String why) {
    throw new AssertionError(why);
  }

  private static String[] args(String... a) {
    return a;
  }
}
