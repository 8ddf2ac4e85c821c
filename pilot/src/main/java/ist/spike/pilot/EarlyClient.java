package ist.spike.pilot;

import static java.util.Objects.requireNonNull;

import ist.spike.client.SpikeClient;
import ist.spike.identity.TlsProvider;
import ist.spike.pilot.operator.PilotRoleEnv;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Opens the SDK client on a second thread while the main thread builds and parses the command
 * (issue 13, ADR 0238). Loading the SVID files and building the TLS context is the longest step of
 * a {@code spike secret get}, and the command ran on one of the machine's cores only. A third
 * thread loads the TLS provider (Conscrypt) meanwhile, which the SVID's key-pair check needs after
 * the files are parsed.
 *
 * <p>What a user sees does not change: the command takes the client with {@link #open} as it would
 * open it, and gets the same client or the same exception, at the same point of its output. Log
 * lines the second thread writes are held and printed when the command takes the client; when the
 * command never does (a usage error), they are dropped and the thread, a daemon, does not delay the
 * exit. Help and anything that is not a secret command start no thread.
 */
final class EarlyClient implements ClientFactory {
  /** The secret subcommands (the hot ones, ADR 0226); tested equal to the group's annotation. */
  static final Set<String> SECRET_COMMANDS =
      Set.of("put", "get", "delete", "undelete", "destroy", "list", "metadata");

  private static final Set<String> HELP = Set.of("-h", "--help");

  private final Map<String, String> env;
  private final ClientFactory clients;
  private final PrintStream log;
  private final CountDownLatch done = new CountDownLatch(1);
  private final CountDownLatch tlsDone = new CountDownLatch(1);
  private final CountDownLatch loggingBound = new CountDownLatch(1);

  // written by the opening thread before done.countDown(), read after done.await()
  private SpikeClient client;
  private Throwable failure;
  private List<String> held = List.of();
  private List<String> tlsHeld = List.of();

  private boolean taken; // guarded by this

  private EarlyClient(Map<String, String> env, ClientFactory clients, PrintStream log) {
    this.env = env;
    this.clients = clients;
    this.log = log;
  }

  /**
   * Starts opening the client on a daemon thread when the arguments name a secret command (without
   * help), and returns the factory the command should use.
   *
   * @param args the command-line arguments
   * @param env the environment, before {@code SPIKE_PILOT_ROLE} is applied
   * @param clients opens the real client
   * @param log where held log lines go when the command takes the client
   * @return an {@code EarlyClient}, or {@code clients} itself when nothing was started
   */
  static ClientFactory start(
      String[] args, Map<String, String> env, ClientFactory clients, PrintStream log) {
    requireNonNull(clients, "clients");
    requireNonNull(log, "log");
    if (!opensClient(args)) {
      return clients;
    }
    Map<String, String> roleEnv;
    try {
      roleEnv = Map.copyOf(PilotRoleEnv.apply(env));
    } catch (RuntimeException e) {
      return clients; // the command reports it, as before
    }
    EarlyClient early = new EarlyClient(roleEnv, clients, log);
    Thread.ofPlatform().daemon().name("spike-early-tls").start(early::loadTlsProvider);
    Thread.ofPlatform().daemon().name("spike-early-client").start(early::openNow);
    return early;
  }

  /**
   * True when the arguments name a secret subcommand and ask for no help: the commands that open a
   * client as soon as their arguments are valid.
   */
  static boolean opensClient(String[] args) {
    if (args.length < 2 || !args[0].equals("secret") || !SECRET_COMMANDS.contains(args[1])) {
      return false;
    }
    for (String a : args) {
      if (HELP.contains(a)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Loads the TLS provider (Conscrypt's native library and provider, resolved once per process)
   * while the other thread parses the SVID files, which come first when a client opens. A failure
   * is left for the opening thread to meet and report: the resolution is not cached when it throws.
   */
  private void loadTlsProvider() {
    awaitUninterruptibly(loggingBound);
    PilotLogging.Held lines = PilotLogging.hold();
    try {
      TlsProvider.configured();
    } catch (RuntimeException e) {
      // SPIKE_TLS_PROVIDER is invalid: opening the client throws the same exception
    } finally {
      tlsHeld = lines.release();
      tlsDone.countDown();
    }
  }

  private void openNow() {
    PilotLogging.Held lines = PilotLogging.hold();
    try {
      // SLF4J binds its provider on first use; a second thread asking meanwhile would get a
      // substitute logger, and SLF4J reports calls it replays from one on standard error
      try {
        System.getLogger(EarlyClient.class.getName());
      } finally {
        loggingBound.countDown();
      }
      client = clients.open(env);
    } catch (Throwable t) { // handed to the command, which reports it as it always did
      failure = t;
    } finally {
      held = lines.release();
      done.countDown();
    }
  }

  /**
   * Returns the client opened early, or throws what opening it threw, once; a second call or
   * another environment opens a client as {@code clients} would.
   */
  @Override
  public SpikeClient open(Map<String, String> environment) {
    synchronized (this) {
      if (taken || !env.equals(environment)) {
        return clients.open(environment);
      }
      taken = true;
    }
    boolean interrupted = awaitUninterruptibly(done);
    interrupted |= awaitUninterruptibly(tlsDone); // ends long before the client is open
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    for (String line : tlsHeld) {
      log.println(line);
    }
    for (String line : held) {
      log.println(line);
    }
    log.flush();
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) { // a factory cannot throw checked exceptions; kept for completeness
      throw new IllegalStateException(failure.getMessage(), failure);
    }
    return client;
  }

  /** Waits for {@code latch}; true if the wait was interrupted (it goes on regardless). */
  private static boolean awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }

  /**
   * For tests and embedding: waits for the thread and closes a client nobody took.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void discard() throws InterruptedException {
    synchronized (this) {
      if (taken) {
        return;
      }
      taken = true;
    }
    done.await();
    tlsDone.await();
    if (client != null) {
      client.close();
    }
  }
}
