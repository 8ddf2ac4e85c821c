package ist.spike.dist.e2e;

import static ist.spike.dist.e2e.LocalProcesses.awaitAccepting;
import static ist.spike.dist.e2e.LocalProcesses.freePort;
import static ist.spike.dist.e2e.LocalProcesses.stop;
import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.dist.KindClassPath;
import ist.spike.dist.NativeLibraryPath;
import ist.spike.dist.NativeLibraryUnpacker;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conscrypt's native library as the build packs it (ADR 0248): out of the jar, in {@code
 * lib/native}. A Keeper given that directory ({@link NativeLibraryPath}) runs on Conscrypt without
 * writing a temporary file (its {@code java.io.tmpdir} cannot be written, as a {@code noexec} /tmp
 * cannot be executed from); one started without it falls back to the JDK's TLS and says how to fix
 * that.
 */
class ConscryptNativeLibraryProcessTest {
  private static final String LIBRARY = "libconscrypt_openjdk_jni-linux-x86_64.so";

  @TempDir static Path tmp;

  private static final String SQLITE_DIR = "org/sqlite/native/Linux/x86_64/";

  private static Path lib;
  private static String keeperClassPath;
  private static String nexusClassPath;

  /**
   * Packs copies of the Conscrypt and sqlite-jdbc jars of the test class path as the build does.
   */
  @BeforeAll
  static void packTheJars() throws Exception {
    lib = Files.createDirectories(tmp.resolve("lib"));
    keeperClassPath = packed("ist.spike.keeper.KeeperMain");
    nexusClassPath = packed("ist.spike.nexus.NexusMain");
  }

  /**
   * The class path of a process kind with the two jars replaced by copies in {@code lib}, which
   * {@link NativeLibraryUnpacker} (the build's own step, dist/pom.xml runs its main) unpacked.
   */
  private static String packed(String mainClass) throws IOException {
    List<String> entries = new ArrayList<>();
    for (String e : KindClassPath.forThisJvm(mainClass).split(File.pathSeparator)) {
      String name = Path.of(e).getFileName().toString();
      boolean conscrypt = name.startsWith("conscrypt-openjdk-uber-");
      if (conscrypt || name.startsWith("sqlite-jdbc-")) {
        Path copy = lib.resolve(name);
        if (!Files.exists(copy)) {
          Files.copy(Path.of(e), copy);
          Path nativeDir = lib.resolve(NativeLibraryPath.DIR);
          if (conscrypt) {
            NativeLibraryUnpacker.unpack(copy, NativeLibraryUnpacker.CONSCRYPT_DIR, nativeDir);
          } else {
            NativeLibraryUnpacker.copy(copy, SQLITE_DIR, nativeDir);
          }
        }
        e = copy.toString();
      }
      entries.add(e);
    }
    return String.join(File.pathSeparator, entries);
  }

  @Test
  void packedLayout_noConscryptLibraryInItsJar_everyPlatformsBesideIt() throws IOException {
    Path jar;
    try (var files = Files.list(lib)) {
      jar =
          files
              .filter(f -> f.getFileName().toString().startsWith("conscrypt-openjdk-uber-"))
              .findFirst()
              .orElseThrow();
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertThat(
              zip.stream()
                  .map(e -> e.getName())
                  .filter(
                      n -> n.startsWith(NativeLibraryUnpacker.CONSCRYPT_DIR) && !n.endsWith("/")))
          .isEmpty();
      assertThat(zip.getEntry("org/conscrypt/Conscrypt.class")).isNotNull();
    }
    try (var files = Files.list(lib);
        ZipFile sqlite =
            new ZipFile(
                files
                    .filter(f -> f.getFileName().toString().startsWith("sqlite-jdbc-"))
                    .findFirst()
                    .orElseThrow()
                    .toFile())) {
      assertThat(sqlite.getEntry(SQLITE_DIR + "libsqlitejdbc.so"))
          .as("copied, not moved: a JVM without the option still finds it")
          .isNotNull();
    }
    try (var files = Files.list(lib.resolve(NativeLibraryPath.DIR))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .contains(LIBRARY, "libsqlitejdbc.so")
          .anyMatch(n -> n.endsWith(".dll"))
          .anyMatch(n -> n.endsWith(".dylib"));
    }
  }

  @Test
  void keeperGivenTheDirectory_loadsConscryptFromIt_withoutATemporaryFile() throws Exception {
    List<String> options = new ArrayList<>(NativeLibraryPath.optionsFor(keeperClassPath));
    assertThat(options).contains("-Djava.library.path=" + lib.resolve("native"));
    String log = runKeeper(tmp.resolve("on"), options);

    assertThat(log)
        .contains("Loaded library " + lib.resolve(NativeLibraryPath.DIR).resolve(LIBRARY))
        .doesNotContain("Conscrypt TLS is not available");
  }

  @Test
  void keeperWithoutIt_fallsBackToTheJdk_andTheLogSaysHowToFixIt() throws Exception {
    String log = runKeeper(tmp.resolve("off"), List.of());

    assertThat(log)
        .doesNotContain("Loaded library " + lib.resolve(NativeLibraryPath.DIR).resolve(LIBRARY))
        .contains("Conscrypt TLS is not available")
        .contains("-Djava.library.path=" + lib.resolve(NativeLibraryPath.DIR));
  }

  @Test
  void sqliteGivenTheDirectory_loadsItsLinuxLibraryFromIt_withoutATemporaryFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("sqlite-on"));
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");

    String out = runSqlite(true, notADirectory.resolve("tmp"));

    assertThat(out)
        .contains(
            "Loaded library " + lib.resolve(NativeLibraryPath.DIR).resolve("libsqlitejdbc.so"));
  }

  @Test
  void sqliteWithoutIt_stillExtractsItsLibraryFromTheJar() throws Exception {
    Path tmpdir = Files.createDirectories(tmp.resolve("sqlite-off"));

    String out = runSqlite(false, tmpdir);

    assertThat(out)
        .doesNotContain("Loaded library " + lib.resolve(NativeLibraryPath.DIR))
        .contains("Loaded library " + tmpdir);
  }

  /** Runs an SQLite query in a JVM on the packed Nexus class path; returns its output. */
  private static String runSqlite(boolean withOptions, Path tmpdir) throws Exception {
    String testClasses =
        Path.of(SqliteProbeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    String classPath = nexusClassPath + File.pathSeparator + testClasses;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (withOptions) {
      command.addAll(NativeLibraryPath.optionsFor(classPath));
    }
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-Xlog:library=info",
            "-Djava.io.tmpdir=" + tmpdir,
            "-cp",
            classPath,
            SqliteProbeMain.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("sqlite 3.");
    return out;
  }

  /**
   * Starts a Keeper with {@code options} on the packed class path, {@code SPIKE_TLS_PROVIDER=
   * conscrypt} (a fallback is then a warning) and a {@code java.io.tmpdir} under a regular file
   * (nothing can be created there, even by root); waits until it accepts connections and returns
   * its output with the JVM's library log.
   */
  private static String runKeeper(Path dir, List<String> options) throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("td"));
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    int port = freePort();
    Path log = dir.resolve("keeper.log");
    ProcessBuilder pb = DevStackProcess.java("ist.spike.keeper.KeeperMain");
    List<String> command = pb.command();
    command.set(command.indexOf("-cp") + 1, keeperClassPath);
    command.addAll(1, options);
    command.add(1, "-Xlog:library=info");
    command.add(1, "-Djava.io.tmpdir=" + notADirectory.resolve("tmp"));
    command.add(1, "--add-opens=java.base/java.net=ALL-UNNAMED");
    pb.environment().keySet().removeIf(k -> k.startsWith("SPIKE_") || k.startsWith("SPIFFE_"));
    pb.environment().put("SPIKE_SVID_DIR", td.svidDirFor(SpikeRole.KEEPER).toString());
    pb.environment().put("SPIKE_KEEPER_TLS_PORT", "127.0.0.1:" + port);
    pb.environment().put("SPIKE_TLS_PROVIDER", "conscrypt");
    Process keeper = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitAccepting(keeper, port, log);
      return Files.readString(log);
    } finally {
      stop(keeper);
    }
  }
}
