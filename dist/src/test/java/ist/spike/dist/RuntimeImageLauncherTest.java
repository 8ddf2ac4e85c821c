package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ist.spike.dist.stack.SupervisedProbeMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime image of {@code bin/lib/launch.sh} (ADR 0231) with real processes: made once with
 * jlink from the JDK that runs the tests, without {@code jdk.localedata}; the launchers, the
 * development stack's children and the AOT caches use it; {@code SPIKE_RUNTIME=jdk} and a JDK whose
 * jlink fails run on the JDK.
 */
class RuntimeImageLauncherTest {
  private static final Path LAUNCH =
      Path.of(System.getProperty("spike.repo.dir"), "bin", "lib", "launch.sh");
  private static final Path JDK = Path.of(System.getProperty("java.home"));
  private static final String VERSION = System.getProperty("java.version");

  /** One throwaway tree for the class: making the image takes seconds. */
  @TempDir static Path home;

  private static Path image;
  private static String firstUse;

  @BeforeAll
  static void makeTheImageOnce() throws Exception {
    assumeTrue(AotCache.supported(), "the image is made on JDK 25+");
    firstUse = bash(home, JDK, "spike_find_jdk; spike_runtime_into; echo \"run=$SPIKE_RUN_HOME\"");
    image = home.resolve("dist/target/runtime/jdk-" + VERSION);
    // a product jar holding the probe, and a build stamp: the launcher sees a fresh build
    Path lib = Files.createDirectories(home.resolve("dist/target/lib"));
    try (OutputStream out = Files.newOutputStream(lib.resolve("probe.jar"));
        JarOutputStream jar = new JarOutputStream(out)) {
      String entry = RuntimeProbeMain.class.getName().replace('.', '/') + ".class";
      jar.putNextEntry(new JarEntry(entry));
      try (InputStream in = RuntimeProbeMain.class.getClassLoader().getResourceAsStream(entry)) {
        in.transferTo(jar);
      }
    }
    // a source older than the stamp: the launcher's staleness check has something to look at
    Files.setLastModifiedTime(
        Files.writeString(home.resolve("pom.xml"), "<project/>"),
        FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    Files.writeString(lib.resolve(".built"), "");
  }

  /** Runs bash with launch.sh sourced, SPIKE_HOME at {@code tree} and JAVA_HOME at {@code jdk}. */
  private static String bash(Path tree, Path jdk, String script, String... env)
      throws IOException, InterruptedException {
    Process p = start(tree, jdk, script, env);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.strip();
  }

  private static Process start(Path tree, Path jdk, String script, String... env)
      throws IOException {
    String prelude =
        ". '"
            + LAUNCH
            + "'\nSPIKE_HOME='"
            + tree
            + "' SPIKE_LIB='"
            + tree.resolve("dist/target/lib")
            + "' SPIKE_STAMP='"
            + tree.resolve("dist/target/lib/.built")
            + "'\n";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", prelude + script);
    pb.environment().keySet().removeIf(k -> k.startsWith("SPIKE_"));
    pb.environment().put("JAVA_HOME", jdk.toString());
    pb.environment().put("SPIKE_AOT", "off");
    for (String kv : env) {
      pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    pb.redirectErrorStream(true);
    return pb.start();
  }

  private static int locales(String probeLine) {
    return Integer.parseInt(probeLine.substring(probeLine.lastIndexOf("locales=") + 8).strip());
  }

  @Test
  void image_madeOnFirstUseOnly_withoutLocaleData() throws Exception {
    assertThat(firstUse).contains("Making SPIKE's runtime image").endsWith("run=" + image);
    assertThat(image.resolve("bin/java")).isExecutable();
    assertThat(image.resolve("bin/javac")).doesNotExist();
    assertThat(image.resolve("lib/server/classes_coh.jsa")).isNotEmptyFile();

    assertThat(bash(home, JDK, "spike_find_jdk; spike_runtime_into; echo \"run=$SPIKE_RUN_HOME\""))
        .as("the second use finds the image")
        .isEqualTo("run=" + image);
  }

  @Test
  void launcher_runsTheProcessOnTheImage_orOnTheJdkWhenForced() throws Exception {
    List<String> onImage =
        bash(home, JDK, "spike_launch TOOL ist.spike.dist.RuntimeProbeMain").lines().toList();
    assertThat(onImage.get(1)).startsWith("home=" + image + " localedata=false ");
    assertThat(locales(onImage.get(1))).isLessThan(20);

    List<String> onJdk =
        bash(home, JDK, "spike_launch TOOL ist.spike.dist.RuntimeProbeMain", "SPIKE_RUNTIME=jdk")
            .lines()
            .toList();
    assertThat(onJdk.get(1)).startsWith("home=" + JDK + " localedata=true ");
    assertThat(locales(onJdk.get(1))).isGreaterThan(500);
    // a provider java.security names but the image lacks would be looked for over the class path
    assertThat(onImage.get(0)).startsWith("providers=SUN,").isEqualTo(onJdk.get(0));
  }

  @Test
  void aotCaches_keptApartPerRuntime() throws Exception {
    assertThat(bash(home, JDK, "spike_find_jdk; spike_aot_dir", "SPIKE_AOT=on"))
        .isEqualTo(home.resolve("dist/target/aot/image-" + VERSION).toString());
    assertThat(
            bash(home, JDK, "spike_find_jdk; spike_aot_dir", "SPIKE_AOT=on", "SPIKE_RUNTIME=jdk"))
        .isEqualTo(home.resolve("dist/target/aot/jdk-" + VERSION).toString());
  }

  @Test
  void devStackChildren_runOnTheRuntimeTheirSupervisorRunsOn() throws Exception {
    Path log = home.resolve("probe-child.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                image.resolve("bin/java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SupervisedProbeMain.class.getName(),
                home.resolve("run").toString(),
                log.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    assertThat(Files.readString(log)).contains("\nhome=" + image + " localedata=false ");
  }

  @Test
  void unknownRuntime_refusedWithTheChoices() throws Exception {
    Process p =
        start(home, JDK, "spike_launch TOOL ist.spike.dist.RuntimeProbeMain", "SPIKE_RUNTIME=JDK ");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out)
        .contains("SPIKE_RUNTIME is 'JDK '")
        .contains("image (the default) or jdk")
        .doesNotContain("home=");
  }

  @Test
  void jlinkFails_theJdkIsUsedAndThatIsSaidOnce(@TempDir Path other) throws Exception {
    // a JDK whose jlink fails (as on a JDK built without a linkable run-time image)
    Path fake = Files.createDirectories(other.resolve("jdk/bin"));
    Files.createSymbolicLink(fake.resolve("java"), JDK.resolve("bin/java"));
    Files.createSymbolicLink(fake.resolve("javac"), JDK.resolve("bin/javac"));
    Path jlink = fake.resolve("jlink");
    Files.writeString(jlink, "#!/bin/sh\necho 'jlink: no jmods' >&2\nexit 1\n");
    Files.setPosixFilePermissions(jlink, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.copy(JDK.resolve("release"), other.resolve("jdk/release"));
    Path tree = Files.createDirectories(other.resolve("tree"));
    String script = "spike_find_jdk; spike_runtime_into; echo \"run=$SPIKE_RUN_HOME\"";

    String first = bash(tree, other.resolve("jdk"), script);
    assertThat(first)
        .contains("warning: jlink could not make SPIKE's runtime image")
        .endsWith("run=" + other.resolve("jdk"));
    assertThat(Files.readString(tree.resolve("dist/target/runtime/jdk-" + VERSION + ".log")))
        .contains("no jmods");
    assertThat(tree.resolve("dist/target/runtime/jdk-" + VERSION)).doesNotExist();

    assertThat(bash(tree, other.resolve("jdk"), script))
        .as("said once, not on every start")
        .isEqualTo("run=" + other.resolve("jdk"));
  }
}
