package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache made the way {@link AotTrainMain} makes it is used by a JVM started on the kind's class
 * path ({@link KindClassPath}), and the JVM ignores it, silently, on another class path: the reason
 * the training, the launchers and the dev stack must agree on each kind's class path (ADR 0195).
 */
class KindAotCacheProcessTest {
  static final String PILOT = "ist.spike.pilot.PilotMain";
  static final String FROM_CACHE = PILOT + " source: shared objects file";

  @TempDir Path dir;

  @Test
  void pilotCache_usedOnPilotsClassPath_ignoredOnEveryJar() throws Exception {
    assumeTrue(AotCache.supported(), "AOT caches need JDK 25");
    AotCache aot = AotCache.in(dir);
    List<String> tool = JvmFlags.TOOL.options();
    // recorded and created as AotTrainMain does for a C1-only kind (ADR 0252)
    List<String> making = concat(tool, JvmFlags.TOOL.aotCacheOptions());
    // AOT caches take jars only; here spike-dist is a directory of classes (a jar in lib/)
    String kind = jarsOnly(KindClassPath.forThisJvm(PILOT));
    String every = jarsOnly(System.getProperty("java.class.path"));
    assertThat(kind).isNotEqualTo(every);

    run(
        AotTrainMain.command(
            concat(making, aot.recordOptions(PILOT)), kind, List.of(PILOT, "--version")));
    assertThat(aot.configurationFile(PILOT)).isRegularFile();
    run(
        AotTrainMain.command(
            concat(making, aot.createOptions(PILOT, aot.cacheFile(PILOT))), kind, List.of()));
    assertThat(aot.cacheFile(PILOT)).isRegularFile();

    List<String> withCache =
        concat(concat(tool, aot.useOptions(PILOT)), List.of("-Xlog:class+load"));
    assertThat(run(java(withCache, kind))).contains(FROM_CACHE);
    assertThat(run(java(withCache, every)))
        .contains(PILOT + " source: ")
        .doesNotContain(FROM_CACHE);
  }

  /** The class path with each directory entry replaced by a jar of its files. */
  private String jarsOnly(String classPath) throws Exception {
    List<String> out = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!Files.isDirectory(p)) {
        out.add(entry);
        continue;
      }
      Path jar = dir.resolve("dir-" + Integer.toHexString(entry.hashCode()) + ".jar");
      if (!Files.exists(jar)) {
        try (JarOutputStream zip = new JarOutputStream(Files.newOutputStream(jar));
            Stream<Path> files = Files.walk(p)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            zip.putNextEntry(new JarEntry(p.relativize(f).toString()));
            zip.write(Files.readAllBytes(f));
            zip.closeEntry();
          }
        }
      }
      out.add(jar.toString());
    }
    return String.join(File.pathSeparator, out);
  }

  private static List<String> java(List<String> jvm, String classPath) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.addAll(List.of("-cp", classPath, PILOT, "--version"));
    return command;
  }

  private String run(List<String> command) throws Exception {
    Path out = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(new File("/dev/null"))
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s%n%s", command, text).isZero();
    return text;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
