package ist.spike.dist;

import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeException;
import ist.spike.dist.stack.DevIdentities;
import ist.spike.dist.stack.DevStack;
import ist.spike.dist.stack.ReadyzProbe;
import ist.spike.dist.stack.StackIdentities.Component;
import ist.spike.dist.stack.StackOptions;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.pilot.AotTraining;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Creates the JDK AOT caches of {@code bin/spike} (Pilot), Nexus and Keeper in the directory given
 * as the only argument (ADR 0127). All three are trained on a throwaway development stack in a
 * temporary directory: its Nexus is restarted in record mode (so the recorded path is the restart
 * that recovers the root key from the Keepers), its Keeper 1 too (so Nexus gives it its shard
 * again), and Pilot records {@code ist.spike.pilot.AotTraining}, a real {@code secret put}, {@code
 * get} and {@code list} against that Nexus. Each cache is written under a temporary name and
 * renamed into place, so a reader sees a whole cache or none.
 *
 * <p>Exit status 0 when every cache was created, 1 otherwise (what could not be created is said on
 * stderr; the launchers then start without that cache).
 */
public final class AotTrainMain {
  static final String PILOT_MAIN = "ist.spike.pilot.PilotMain";
  static final String PILOT_TRAINING = "ist.spike.pilot.AotTraining";

  /**
   * The cache of {@code spike secret get} alone (ADR 0247), which {@code bin/lib/launch.sh} picks
   * for that command: the JVM loads every class of its cache at start, and the command, read
   * without picocli (ADR 0244), needs about 2,800 of the 3,900 classes of Pilot's cache.
   */
  static final String PILOT_SECRET_GET = "PilotSecretGet";

  private static final long CHILD_TIMEOUT_SECONDS = 300;
  static final String LOG = "training.log";

  private AotTrainMain() {}

  /**
   * Creates the caches.
   *
   * @param args the cache directory
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: AotTrainMain CACHE_DIR");
      System.exit(2);
    }
    if (!AotCache.supported()) {
      System.err.println("AOT caches need JDK 25 or newer; running on " + Runtime.version());
      System.exit(1);
    }
    AotCache aot = AotCache.in(Path.of(args[0]));
    Files.createDirectories(aot.dir());
    for (Path signed : SignedJars.among(SignedJars.ofThisJvm())) {
      System.err.println(
          "warning: "
              + signed.getFileName()
              + " is signed: its classes stay out of the AOT caches (the build ships unsigned"
              + " copies of Conscrypt and BouncyCastle, ADR 0190)");
    }
    System.exit(train(aot) ? 0 : 1);
  }

  /**
   * Records Pilot's training against the running stack, then {@code secret get} alone as the
   * launcher runs it (the real {@code PilotMain}, reading what the training wrote); false if either
   * failed.
   */
  private static boolean recordPilot(AotCache aot, Map<String, String> env) {
    List<String> get = new ArrayList<>(List.of(PILOT_MAIN));
    get.addAll(AotTraining.SECRET_GET);
    return recordTool(aot, PILOT_MAIN, env, List.of(PILOT_TRAINING), "pilot training")
        && recordTool(aot, PILOT_SECRET_GET, env, get, "pilot secret get training");
  }

  private static boolean recordTool(
      AotCache aot, String cache, Map<String, String> env, List<String> mainAndArgs, String what) {
    List<String> record = new ArrayList<>(JvmFlags.TOOL.options());
    record.addAll(JvmFlags.TOOL.aotCacheOptions());
    record.addAll(aot.recordOptions(cache));
    try {
      return runJava(aot, record, env, PILOT_MAIN, mainAndArgs, what);
    } catch (IOException e) {
      System.err.println(what + " could not start: " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean train(AotCache aot) throws Exception {
    AtomicBoolean pilotRecorded = new AtomicBoolean();
    Path dir = Files.createTempDirectory("spike-aot-stack");
    try {
      DevTrustDomain trust = DevTrustDomain.create(dir.resolve("trust"));
      DevIdentities identities = new DevIdentities(trust);
      StackOptions options =
          new StackOptions(dir.resolve("stack"), 3, 2, "sqlite", true, Duration.ofSeconds(1));
      PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
      try (ReadyzProbe probe = new ReadyzProbe(trust);
          DevStack stack = DevStack.start(options, identities, probe, quiet)) {
        Map<String, String> env =
            Map.of(
                "SPIKE_SVID_DIR",
                identities.svidDir(Component.PILOT_SUPERUSER).toString(),
                "SPIKE_NEXUS_API_URL",
                stack.nexusUrl().toString());
        stack.recordAotTraining(
            aot,
            () -> {
              requests(env);
              pilotRecorded.set(recordPilot(aot, env));
            });
      }
      boolean pilot =
          pilotRecorded.get()
              && create(aot, PILOT_MAIN, PILOT_MAIN, JvmFlags.TOOL)
                  & create(aot, PILOT_SECRET_GET, PILOT_MAIN, JvmFlags.TOOL);
      return create(aot, DevStack.NEXUS_MAIN, DevStack.NEXUS_MAIN, JvmFlags.NEXUS)
          & create(aot, DevStack.KEEPER_MAIN, DevStack.KEEPER_MAIN, JvmFlags.KEEPER)
          & pilot;
    } finally {
      deleteTree(dir);
    }
  }

  /** What a client does first: write, read and list secrets. */
  private static void requests(Map<String, String> env) {
    try (SpikeClient client = SpikeClient.fromEnvironment(env)) {
      for (int i = 0; i < 20; i++) {
        client.secrets().put("aot/training/" + i, Map.of("k", "v" + i));
        client.secrets().get("aot/training/" + i);
      }
      client.secrets().list();
    } catch (RuntimeException | SpikeException e) {
      System.err.println("AOT training requests failed (the cache is still made): " + e);
    }
  }

  /**
   * Creates the cache {@code cache} (a main class, or a command's cache name) from its record, on
   * the class path of {@code mainClass}'s kind.
   */
  private static boolean create(AotCache aot, String cache, String mainClass, JvmFlags kind)
      throws IOException, InterruptedException {
    Path config = aot.configurationFile(cache);
    if (!Files.isRegularFile(config)) {
      System.err.println("no AOT training record for " + cache + " at " + config);
      return false;
    }
    Path tmp = aot.dir().resolve(aot.cacheFile(cache).getFileName() + ".tmp");
    List<String> jvm = new ArrayList<>(kind.options());
    jvm.addAll(kind.aotCacheOptions());
    jvm.addAll(aot.createOptions(cache, tmp));
    try {
      if (!runJava(aot, jvm, Map.of(), mainClass, List.of(), "AOT cache of " + cache)
          || !Files.isRegularFile(tmp)) {
        return false;
      }
      Files.move(
          tmp,
          aot.cacheFile(cache),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      return true;
    } finally {
      Files.deleteIfExists(tmp);
      Files.deleteIfExists(config);
    }
  }

  private static boolean runJava(
      AotCache aot,
      List<String> jvm,
      Map<String, String> env,
      String kindMain,
      List<String> mainAndArgs,
      String what)
      throws IOException, InterruptedException {
    // the cache is recorded and created on the class path the kind starts on
    ProcessBuilder pb =
        new ProcessBuilder(
            command(
                jvm,
                KindClassPath.forThisJvm(kindMain, OptionalJars.childEnvironment(env), jvm),
                mainAndArgs));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(aot.dir().resolve(LOG).toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      System.err.println(what + ": timed out after " + CHILD_TIMEOUT_SECONDS + " s");
      return false;
    }
    if (p.exitValue() != 0) {
      System.err.println(
          what + ": exit status " + p.exitValue() + "; see " + aot.dir().resolve(LOG));
      return false;
    }
    return true;
  }

  /**
   * The command line of a training or creation JVM; the class path must be the one the cache's kind
   * starts on ({@link KindClassPath#forThisJvm}), since the JVM uses a cache only on the class path
   * it was recorded on.
   */
  static List<String> command(List<String> jvm, String classPath, List<String> mainAndArgs) {
    List<String> command = new ArrayList<>();
    command.add(RuntimeJava.forThisJvm().toString());
    command.addAll(NativeLibraryPath.optionsFor(classPath));
    command.addAll(jvm);
    command.add("-cp");
    command.add(classPath);
    command.addAll(mainAndArgs);
    return command;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
